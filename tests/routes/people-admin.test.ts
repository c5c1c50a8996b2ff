import { describe, expect, it } from 'vitest'
import { takeFlash } from '#app/lib/flash.server'
import { createTeam, setTeamArchived } from '#app/models/people/teams.server'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import * as edit from '#app/routes/admin.users_.$id'
import * as create from '#app/routes/admin.users_.new'
import * as list from '#app/routes/admin.users'
import { makeUser, uniqueEmail } from '#tests/support/builders'
import { type Outcome, contextFor, getRequest, postRequest, run, testEnv } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'], name: 'Ada Administrator' })
const asAdmin = await contextFor(database, admin)
const openTeam = await createTeam(db, { name: 'Community rehab', actorId: admin.id })
const closedTeam = await createTeam(db, { name: 'Closed ward', actorId: admin.id })
await setTeamArchived(db, { teamId: closedTeam, archived: true, actorId: admin.id })

const personFields = (fields: Record<string, string> = {}) => ({
  intent: 'save',
  name: 'Nia New',
  email: uniqueEmail('nia'),
  employeeNumber: '',
  jobRoleCode: 'ot',
  teamId: openTeam,
  'role.staff': 'on',
  startsOn: '2026-09-01',
  leavesOn: '',
  qualifiedOn: '',
  ...fields,
})

async function flashOf(outcome: Outcome): Promise<string | undefined> {
  const cookie = outcome.headers.get('Set-Cookie')!.split(';')[0]!
  const { flash } = await takeFlash(testEnv, new Request('http://portal.test/', { headers: { Cookie: cookie } }))
  return flash?.message
}

const addPerson = async (fields: Record<string, string> = {}) => {
  const outcome = await run(create.action, postRequest('/admin/users/new', personFields(fields)), asAdmin)
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302)
  return outcome.location!.split('/').pop()!
}

const editAction = (id: string, fields: Record<string, string>, context = asAdmin) =>
  run(edit.action, postRequest(`/admin/users/${id}`, fields), context, { id })

describe('who may manage people', () => {
  it('sends the signed-out to sign in and refuses every other role', async () => {
    const target = await makeUser(db)
    const anonymous = await contextFor(database, null)
    const signedOut = await run(create.loader, getRequest('/admin/users/new'), anonymous)
    expect(signedOut.location).toBe('/login?redirectTo=%2Fadmin%2Fusers%2Fnew')
    for (const roles of [['staff'], ['staff', 'supervisor'], ['staff', 'principal']] as const) {
      const context = await contextFor(database, await makeUser(db, { roles: [...roles] }))
      expect((await run(create.action, postRequest('/admin/users/new', personFields()), context)).status).toBe(403)
      expect((await run(edit.loader, getRequest(`/admin/users/${target.id}`), context, { id: target.id })).status).toBe(
        403,
      )
      expect((await editAction(target.id, { intent: 'deactivate', confirmed: 'yes' }, context)).status).toBe(403)
    }
    expect(
      (await db.selectFrom('app_user').select('active').where('id', '=', target.id).executeTakeFirst())?.active,
    ).toBe(true)
  })

  it('answers an unknown or malformed person id with 404', async () => {
    for (const id of [crypto.randomUUID(), 'not-an-id']) {
      expect((await run(edit.loader, getRequest(`/admin/users/${id}`), asAdmin, { id })).status).toBe(404)
      expect((await editAction(id, { intent: 'reactivate' })).status).toBe(404)
    }
  })
})

describe('adding a person', () => {
  it('offers job roles and active teams only, and a fresh form token', async () => {
    const page = await run(create.loader, getRequest('/admin/users/new'), asAdmin)
    const teamIds = page.data.teams.map((t: { id: string }) => t.id)
    expect(teamIds).toContain(openTeam)
    expect(teamIds).not.toContain(closedTeam)
    expect(page.data.jobRoles.length).toBeGreaterThan(0)
    expect(page.data.formToken).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('adds them, says so, and a second send of the same form adds nobody more', async () => {
    const fields = personFields({ name: 'Ola Once', 'role.supervisor': 'on' })
    const request = () =>
      postRequest('/admin/users/new', fields, {}, { formToken: '3f0b8c84-2b61-4b7e-9d59-1f7a4e0c9a11' })
    const first = await run(create.action, request(), asAdmin)
    expect(first.status).toBe(302)
    expect(await flashOf(first)).toMatch(/^Ola Once added/)
    const again = await run(create.action, request(), asAdmin)
    expect(again.location).toBe(first.location)
    const rows = await db.selectFrom('app_user').select('id').where('email', '=', fields.email).execute()
    expect(rows).toHaveLength(1)
  })

  it('answers bad input beside each field and keeps what was typed', async () => {
    const taken = await makeUser(db)
    const cases: [Record<string, string>, string][] = [
      [{ email: taken.email.toUpperCase() }, 'email'],
      [{ email: 'not an address' }, 'email'],
      [{ startsOn: '2026-09-01', leavesOn: '2026-08-31' }, 'leavesOn'],
      [{ startsOn: '2026-13-01' }, 'startsOn'],
      [{ 'role.staff': '' }, 'roles'],
      [{ teamId: closedTeam }, 'teamId'],
      [{ jobRoleCode: 'astronaut' }, 'jobRoleCode'],
      [{ name: '' }, 'name'],
    ]
    for (const [fields, field] of cases) {
      const outcome = await run(
        create.action,
        postRequest('/admin/users/new', personFields({ employeeNumber: 'KEEP-ME', ...fields })),
        asAdmin,
      )
      expect(outcome.status, field).toBe(400)
      expect(outcome.data.fieldErrors[field], field).toMatch(/\w/)
      expect(outcome.data.values.employeeNumber).toBe('KEEP-ME')
    }
  })

  it('refuses an employee number someone else has', async () => {
    await addPerson({ employeeNumber: 'EMP-0042' })
    const outcome = await run(
      create.action,
      postRequest('/admin/users/new', personFields({ employeeNumber: 'EMP-0042' })),
      asAdmin,
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.employeeNumber).toMatch(/EMP-0042/)
  })

  it('refuses a form without its one-time token', async () => {
    const outcome = await run(
      create.action,
      postRequest('/admin/users/new', personFields(), {}, { formToken: null }),
      asAdmin,
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.formToken).toMatch(/\w/)
  })
})

describe('changing a person', () => {
  it('shows their details, keeps an archived team they are in, and saves what changed', async () => {
    const id = await addPerson({ name: 'Eli Edit' })
    await db.updateTable('app_user').set({ team_id: closedTeam }).where('id', '=', id).execute()
    const page = await run(edit.loader, getRequest(`/admin/users/${id}`), asAdmin, { id })
    expect(page.data.person).toMatchObject({ name: 'Eli Edit', teamArchived: true, startsOn: '2026-09-01' })
    expect(page.data.teams.map((t: { id: string }) => t.id)).toContain(closedTeam)
    const current = page.data.person
    const saved = await editAction(
      id,
      personFields({ name: 'Eli Edited', email: current.email, teamId: closedTeam, leavesOn: '2027-01-31' }),
    )
    expect(saved.status).toBe(302)
    expect(await flashOf(saved)).toBe('Saved Eli Edited’s name, leaving date.')
    const events = await listAuditEventsFor(db, 'person', id)
    expect(events.at(-1)).toMatchObject({ action: 'user.updated', data: { fields: ['name', 'leavesOn'] } })
  })

  it('refuses another person’s email address and keeps the rest', async () => {
    const id = await addPerson()
    const other = await makeUser(db)
    const outcome = await editAction(id, personFields({ email: other.email, name: 'Kept Name' }))
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.email).toMatch(/already/)
    expect(outcome.data.values.name).toBe('Kept Name')
  })
})

describe('deactivating and reactivating', () => {
  it('asks first, then deactivates, ends their sessions and says so', async () => {
    const person = await makeUser(db)
    const theirs = await contextFor(database, person)
    const asked = await editAction(person.id, { intent: 'deactivate' })
    expect(asked.status).toBe(409)
    expect(asked.data.confirm).toBe(true)
    expect(await db.selectFrom('user_session').select('id').where('user_id', '=', person.id).execute()).toHaveLength(1)
    const done = await editAction(person.id, { intent: 'deactivate', confirmed: 'yes' })
    expect(done.status).toBe(302)
    expect(await flashOf(done)).toMatch(/deactivated and signed out everywhere/)
    expect(await db.selectFrom('user_session').select('id').where('user_id', '=', person.id).execute()).toEqual([])
    expect(await theirs.lucia.validateSession(theirs.auth!.session.id)).toMatchObject({ session: null })
    const back = await editAction(person.id, { intent: 'reactivate' })
    expect(await flashOf(back)).toMatch(/can sign in again/)
  })

  it('does not let an administrator deactivate their own account', async () => {
    const outcome = await editAction(admin.id, { intent: 'deactivate', confirmed: 'yes' })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.form).toMatch(/your own account/)
  })

  it('refuses an unknown intent with a message, not an error', async () => {
    const person = await makeUser(db)
    const outcome = await editAction(person.id, { intent: 'delete' })
    expect(outcome.status).toBe(400)
  })
})

describe('the list of people', () => {
  it('links each person to their page', async () => {
    const page = await run(list.loader, getRequest('/admin/users?q=Ada%20Administrator'), asAdmin)
    expect(page.data.people.map((p: { id: string }) => p.id)).toContain(admin.id)
  })
})
