import { describe, expect, it } from 'vitest'
import { type PersonForm, personSchema } from '#app/models/people/admin.schema'
import {
  EmployeeNumberTakenError,
  PersonRuleError,
  createPerson,
  deactivatePerson,
  getPersonForEdit,
  reactivatePerson,
  updatePerson,
} from '#app/models/people/manage.server'
import {
  TeamRuleError,
  createTeam,
  listAssignableTeams,
  listTeams,
  listTeamsWithCounts,
  renameTeam,
  setTeamArchived,
} from '#app/models/people/teams.server'
import { EmailTakenError } from '#app/models/people/users.server'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import { listPeopleForLinks, startSupervisionLink } from '#app/models/supervision/admin.server'
import { SupervisionRuleError } from '#app/models/supervision/sessions.server'
import { makeUser, uniqueEmail } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'] })
let serial = 0

function personForm(fields: Partial<PersonForm> = {}): PersonForm {
  serial += 1
  return {
    name: `Pat Person ${serial}`,
    email: uniqueEmail('pat'),
    employeeNumber: `E${process.pid}-${serial}`,
    jobRoleCode: 'ot',
    teamId: null,
    roles: ['staff'],
    startsOn: '2024-09-02',
    leavesOn: null,
    qualifiedOn: '2024-07-01',
    ...fields,
  }
}

const actions = async (kind: string, id: string) =>
  (await listAuditEventsFor(db, kind, id)).map((event) => event.action)

describe('the person form', () => {
  const schema = personSchema('2026-11-23')
  const base = { name: 'Ann', email: 'ann@example.org', 'role.staff': 'on' }

  it('reads the role checkboxes and empty optional fields as nothing', () => {
    const parsed = schema.parse({ ...base, 'role.supervisor': 'on', employeeNumber: ' ', startsOn: '' })
    expect(parsed.roles).toEqual(['staff', 'supervisor'])
    expect(parsed.employeeNumber).toBeNull()
    expect(parsed.startsOn).toBeNull()
  })

  it('refuses a leaving date before the start, no access at all and a qualification date in the future', () => {
    const issues = (input: Record<string, string>) =>
      schema.safeParse(input).error?.issues.map((issue) => issue.path.join('.'))
    expect(issues({ ...base, startsOn: '2026-01-10', leavesOn: '2026-01-09' })).toEqual(['leavesOn'])
    expect(issues({ name: 'Ann', email: 'ann@example.org' })).toEqual(['roles'])
    expect(issues({ ...base, qualifiedOn: '2026-11-24' })).toEqual(['qualifiedOn'])
    expect(issues({ ...base, startsOn: '2026-02-30' })).toEqual(['startsOn'])
  })
})

describe('adding and changing a person', () => {
  it('adds a person with their dates and access, and records who did it', async () => {
    const form = personForm({ roles: ['staff', 'supervisor'], leavesOn: '2027-03-31' })
    const id = await createPerson(db, { form, actorId: admin.id })
    const saved = await getPersonForEdit(db, id)
    expect(saved).toMatchObject({
      name: form.name,
      email: form.email,
      roles: ['staff', 'supervisor'],
      startsOn: '2024-09-02',
      leavesOn: '2027-03-31',
      qualifiedOn: '2024-07-01',
      active: true,
    })
    expect(await actions('person', id)).toEqual(['user.created'])
  })

  it('refuses an email address someone has, in any case, and an employee number someone has', async () => {
    const first = personForm()
    await createPerson(db, { form: first, actorId: admin.id })
    await expect(
      createPerson(db, { form: personForm({ email: first.email.toUpperCase() }), actorId: admin.id }),
    ).rejects.toBeInstanceOf(EmailTakenError)
    await expect(
      createPerson(db, { form: personForm({ employeeNumber: first.employeeNumber }), actorId: admin.id }),
    ).rejects.toBeInstanceOf(EmployeeNumberTakenError)
  })

  it('saves only what changed and names the fields in the audit trail', async () => {
    const form = personForm()
    const id = await createPerson(db, { form, actorId: admin.id })
    expect(await updatePerson(db, { personId: id, form, actorId: admin.id })).toEqual([])
    const changed = await updatePerson(db, {
      personId: id,
      form: { ...form, name: 'Pat Renamed', roles: ['staff', 'principal'], leavesOn: '2026-12-31' },
      actorId: admin.id,
    })
    expect(changed).toEqual(['name', 'leavesOn', 'roles'])
    const events = await listAuditEventsFor(db, 'person', id)
    expect(events.map((e) => e.action)).toEqual(['user.created', 'user.updated'])
    expect(events[1]!.data).toMatchObject({ fields: changed, rolesAdded: ['principal'] })
    expect((await getPersonForEdit(db, id))?.roles).toEqual(['principal', 'staff'])
  })

  it('keeps a person in an archived team but puts nobody new in one', async () => {
    const teamId = await createTeam(db, { name: `Closing ward ${process.pid}`, actorId: admin.id })
    const id = await createPerson(db, { form: personForm({ teamId }), actorId: admin.id })
    await setTeamArchived(db, { teamId, archived: true, actorId: admin.id })
    const current = (await getPersonForEdit(db, id))!
    expect(current.teamArchived).toBe(true)
    await expect(
      updatePerson(db, { personId: id, form: personForm({ teamId, email: current.email }), actorId: admin.id }),
    ).resolves.toBeDefined()
    await expect(createPerson(db, { form: personForm({ teamId }), actorId: admin.id })).rejects.toMatchObject({
      field: 'teamId',
    })
  })

  it('does not let an administrator remove their own administrator access', async () => {
    const self = (await getPersonForEdit(db, admin.id))!
    const form = personForm({ name: self.name, email: self.email, roles: ['staff'], employeeNumber: null })
    await expect(updatePerson(db, { personId: admin.id, form, actorId: admin.id })).rejects.toBeInstanceOf(
      PersonRuleError,
    )
  })
})

describe('deactivating and reactivating', () => {
  it('ends every session at once and keeps the account, and can be undone', async () => {
    const person = await makeUser(db, { roles: ['staff'] })
    await db
      .insertInto('user_session')
      .values({ id: `session-${person.id}`, user_id: person.id, expires_at: new Date(Date.now() + 3_600_000) })
      .execute()
    expect(await deactivatePerson(db, { personId: person.id, actorId: admin.id })).toBe(true)
    expect(await deactivatePerson(db, { personId: person.id, actorId: admin.id })).toBe(false)
    const sessions = await db.selectFrom('user_session').select('id').where('user_id', '=', person.id).execute()
    expect(sessions).toEqual([])
    expect((await getPersonForEdit(db, person.id))?.active).toBe(false)
    expect(await reactivatePerson(db, { personId: person.id, actorId: admin.id })).toBe(true)
    expect(await actions('person', person.id)).toEqual(['user.created', 'user.deactivated', 'user.reactivated'])
  })

  it('does not let an administrator deactivate themselves', async () => {
    await expect(deactivatePerson(db, { personId: admin.id, actorId: admin.id })).rejects.toBeInstanceOf(
      PersonRuleError,
    )
  })
})

describe('teams', () => {
  it('creates, renames, archives and restores a team, each in the audit trail', async () => {
    const id = await createTeam(db, { name: 'North locality', actorId: admin.id })
    await expect(createTeam(db, { name: ' north LOCALITY ', actorId: admin.id })).rejects.toBeInstanceOf(TeamRuleError)
    expect(await renameTeam(db, { teamId: id, name: 'North and east', actorId: admin.id })).toBe(true)
    expect(await setTeamArchived(db, { teamId: id, archived: true, actorId: admin.id })).toBe(true)
    expect((await listAssignableTeams(db)).map((t) => t.id)).not.toContain(id)
    expect((await listAssignableTeams(db, id)).map((t) => t.id)).toContain(id)
    // Reports still filter by it: the history under it stays findable.
    expect((await listTeams(db)).map((t) => t.id)).toContain(id)
    expect(await setTeamArchived(db, { teamId: id, archived: false, actorId: admin.id })).toBe(true)
    expect(await actions('team', id)).toEqual(['team.created', 'team.renamed', 'team.archived', 'team.unarchived'])
    expect(await renameTeam(db, { teamId: crypto.randomUUID(), name: 'Nowhere', actorId: admin.id })).toBe(false)
  })

  it('gives two teams with similar names different codes and counts their people', async () => {
    const a = await createTeam(db, { name: 'Hand therapy', actorId: admin.id })
    const b = await createTeam(db, { name: 'Hand-therapy!', actorId: admin.id })
    await createPerson(db, { form: personForm({ teamId: a }), actorId: admin.id })
    const teams = await listTeamsWithCounts(db)
    const codes = teams.filter((t) => t.id === a || t.id === b).map((t) => t.code)
    expect(new Set(codes).size).toBe(2)
    expect(teams.find((t) => t.id === a)).toMatchObject({ activePeople: 1, people: 1 })
  })
})

describe('supervision links and administrators', () => {
  it('never offers or accepts an administrator as a supervisee', async () => {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const otherAdmin = await makeUser(db, { roles: ['admin', 'staff'] })
    const options = await listPeopleForLinks(db)
    expect(options.find((p) => p.id === otherAdmin.id)?.isAdmin).toBe(true)
    expect(options.find((p) => p.id === supervisor.id)?.isAdmin).toBe(false)
    await expect(
      startSupervisionLink(db, {
        supervisorId: supervisor.id,
        superviseeId: otherAdmin.id,
        startsOn: '2026-01-05',
        endsOn: null,
        actorId: admin.id,
      }),
    ).rejects.toBeInstanceOf(SupervisionRuleError)
  })
})
