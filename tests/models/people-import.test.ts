import { describe, expect, it } from 'vitest'
import { ensureTeam, setTeamArchived } from '#app/models/people/teams.server'
import { ImportHasProblemsError, applyPeopleImport, checkPeopleFile } from '#app/models/people/import.server'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import { makeSupervision, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'] })
const HEADER = 'Employee Number,First name,Last name,Work email,Job role,Team,Supervisor email,Start date,Leaving date'
let serial = 0

function person(
  fields: Partial<
    Record<'number' | 'first' | 'last' | 'email' | 'role' | 'team' | 'sup' | 'start' | 'leave', string>
  > = {},
) {
  serial += 1
  const number = fields.number ?? `HR${process.pid}-${serial}`
  return {
    number,
    email: fields.email ?? `${number.toLowerCase()}@import.test`,
    line: [
      number,
      fields.first ?? 'Alex',
      fields.last ?? `Import${serial}`,
      fields.email ?? `${number.toLowerCase()}@import.test`,
      fields.role ?? 'Occupational therapist',
      fields.team ?? '',
      fields.sup ?? '',
      fields.start ?? '2025-01-06',
      fields.leave ?? '',
    ].join(','),
  }
}

const file = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\n') + '\n')
const apply = (bytes: Uint8Array) => applyPeopleImport(db, { bytes, actorId: admin.id, fileName: 'staff.csv' })
const byNumber = (number: string) =>
  db.selectFrom('app_user').selectAll().where('employee_number', '=', number).executeTakeFirstOrThrow()

describe('checking a staff file (dry run)', () => {
  it('lists who would be created and writes nothing', async () => {
    const a = person()
    const check = await checkPeopleFile(db, file(a.line))
    expect(check.problems).toEqual([])
    expect(check.created.map((p) => p.employeeNumber)).toEqual([a.number])
    expect(await db.selectFrom('app_user').select('id').where('employee_number', '=', a.number).execute()).toEqual([])
  })

  it('gives every row problem with its line number', async () => {
    const taken = await makeUser(db)
    const check = await checkPeopleFile(
      db,
      file(
        person({ role: 'Astronaut' }).line,
        person({ team: 'No such team' }).line,
        person({ start: '31/02/2026' }).line,
        person({ start: '2026-05-01', leave: '2026-04-01' }).line,
        person({ number: 'DUP-1' }).line,
        person({ number: 'DUP-1', email: `dup-2.${process.pid}@import.test` }).line,
        person({ sup: 'nobody@nowhere.test' }).line,
        person({ email: taken.email }).line,
        person({ first: '' }).line,
      ),
    )
    const lines = check.problems.map((p) => [p.line, p.message])
    expect(lines).toEqual([
      [2, expect.stringContaining('job role “Astronaut”')],
      [3, expect.stringContaining('team “No such team”')],
      [4, expect.stringContaining('start date “31/02/2026”')],
      [5, 'the leaving date is before the start date'],
      [7, expect.stringContaining('employee number DUP-1 is also on line 6')],
      [8, expect.stringContaining('nobody@nowhere.test is in neither the file nor the portal')],
      [9, expect.stringContaining(`belongs to ${taken.name}`)],
      [10, 'the first name is missing'],
    ])
  })

  it('refuses a file without a required column and lists extra columns', async () => {
    const check = await checkPeopleFile(db, new TextEncoder().encode('Employee number,First name,Shoe size\n1,A,9\n'))
    expect(check.problems.map((p) => p.message)).toEqual([
      'The file has no “Last name” column',
      'The file has no “Work email” column',
    ])
    expect(check.extraColumns).toEqual(['Shoe size'])
  })

  it('refuses to apply a file with problems and writes nothing', async () => {
    const good = person()
    await expect(apply(file(good.line, person({ role: 'Astronaut' }).line))).rejects.toBeInstanceOf(
      ImportHasProblemsError,
    )
    expect(await db.selectFrom('app_user').select('id').where('employee_number', '=', good.number).execute()).toEqual(
      [],
    )
  })
})

describe('applying a staff file', () => {
  it('creates people with the staff role and no password, and a second apply changes nothing', async () => {
    const teamId = await ensureTeam(db, { code: `imp-${process.pid}`, name: `Import Team ${process.pid}` })
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const a = person({ team: `imp-${process.pid}`, sup: supervisor.email, start: '22/11/2099' })
    const b = person({ role: 'ot' })
    const bytes = file(a.line, b.line)
    const counts = await apply(bytes)
    expect(counts).toMatchObject({ created: 2, updated: 0, deactivated: 0, unchanged: 0, links: 1 })
    const created = await byNumber(a.number)
    expect(created).toMatchObject({ team_id: teamId, job_role_code: 'ot', starts_on: '2099-11-22', active: true })
    const roles = await db.selectFrom('user_role').select('role').where('user_id', '=', created.id).execute()
    expect(roles.map((r) => r.role)).toEqual(['staff'])
    const password = await db.selectFrom('user_password').select('user_id').where('user_id', '=', created.id).execute()
    expect(password).toEqual([])
    const link = await db
      .selectFrom('supervision_link')
      .selectAll()
      .where('supervisee_id', '=', created.id)
      .executeTakeFirstOrThrow()
    expect(link).toMatchObject({ supervisor_id: supervisor.id, starts_on: '2099-11-22', ends_on: null })
    const events = (await listAuditEventsFor(db, 'person', created.id)).map((e) => e.action)
    expect(events).toEqual(['user.created', 'supervision_link.created'])

    expect(await apply(bytes)).toMatchObject({ created: 0, updated: 0, deactivated: 0, unchanged: 2, links: 0 })
    const imports = await db
      .selectFrom('audit_event')
      .select('data')
      .where('action', '=', 'people_import.applied')
      .execute()
    expect(imports.length).toBeGreaterThanOrEqual(2)
  })

  it('updates people matched by employee number, field by field', async () => {
    const a = person({ last: 'Before' })
    await apply(file(a.line))
    const changed = a.line.replace(',Before,', ',After,').replace('Occupational therapist', 'ot-assistant-practitioner')
    const check = await checkPeopleFile(db, file(changed))
    expect(check.updated).toHaveLength(1)
    expect(check.updated[0].changes).toEqual([
      { label: 'Name', from: 'Alex Before', to: 'Alex After' },
      { label: 'Job role', from: 'Occupational therapist', to: 'OT assistant practitioner' },
    ])
    expect(await apply(file(changed))).toMatchObject({ updated: 1 })
    expect(await byNumber(a.number)).toMatchObject({ name: 'Alex After', job_role_code: 'ot-assistant-practitioner' })
  })

  it('gives a supervisor named in the file the supervisor role', async () => {
    const lead = person()
    const member = person({ sup: lead.email })
    expect(await apply(file(lead.line, member.line))).toMatchObject({ created: 2, links: 1 })
    const leadId = (await byNumber(lead.number)).id
    const roles = await db
      .selectFrom('user_role')
      .select('role')
      .where('user_id', '=', leadId)
      .orderBy('role')
      .execute()
    expect(roles.map((r) => r.role)).toEqual(['staff', 'supervisor'])
  })

  it('deactivates a leaver and ends their current links on the leaving date, keeping the records', async () => {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const a = person()
    await apply(file(a.line))
    const leaver = await byNumber(a.number)
    const linkId = await makeSupervision(db, supervisor, leaver, { startsOn: '2025-02-01' })
    const left = a.line.replace(/,$/, ',2025-10-31')
    const check = await checkPeopleFile(db, file(left))
    expect(check.deactivated.map((p) => p.employeeNumber)).toEqual([a.number])
    expect(await apply(file(left))).toMatchObject({ deactivated: 1 })
    expect(await byNumber(a.number)).toMatchObject({ active: false, leaves_on: '2025-10-31' })
    const link = await db.selectFrom('supervision_link').selectAll().where('id', '=', linkId).executeTakeFirstOrThrow()
    expect(link.ends_on).toBe('2025-10-31')
    expect(await apply(file(left))).toMatchObject({ deactivated: 0, unchanged: 1 })
    const events = (await listAuditEventsFor(db, 'person', leaver.id)).map((e) => e.action)
    expect(events).toEqual(['user.created', 'supervision_link.created', 'supervision_link.ended', 'user.deactivated'])
  })

  it('does not supervise an administrator account, nor put anyone in an archived team', async () => {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const code = `old-${process.pid}`
    const teamId = await ensureTeam(db, { code, name: `Old ${process.pid}` })
    await setTeamArchived(db, { teamId, archived: true, actorId: admin.id })
    const adminRow = person()
    await apply(file(adminRow.line))
    await db
      .insertInto('user_role')
      .values({ user_id: (await byNumber(adminRow.number)).id, role: 'admin' })
      .execute()
    const check = await checkPeopleFile(
      db,
      file(adminRow.line.replace(/,,2025/, `,${supervisor.email},2025`), person({ team: code }).line),
    )
    expect(check.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('administrator account'),
      expect.stringContaining(`team “${code}”`),
    ])
  })
})
