import { describe, expect, it } from 'vitest'
import { type ImportContext, type PortalPerson, planImport } from '#app/models/people/import-plan.rules'
import {
  type ImportRow,
  findDuplicates,
  headerKey,
  matchHeaders,
  parseImportDate,
  readImportRow,
} from '#app/models/people/import.rules'

describe('matching the heading row', () => {
  it('ignores case, spaces and punctuation, in any order, and lists extra columns', () => {
    const match = matchHeaders(['WORK E-MAIL', 'last_name', 'Cost centre', 'employee number ', 'First Name', 'Team'])
    expect(match.columns).toEqual({ email: 0, lastName: 1, employeeNumber: 3, firstName: 4, team: 5 })
    expect(match.extra).toEqual(['Cost centre'])
    expect(match.problems).toEqual([])
    expect(headerKey(' Supervisor  e-mail! ')).toBe('supervisoremail')
  })

  it('names each missing required column and a repeated one', () => {
    const match = matchHeaders(['First name', 'first-name', 'Team'])
    expect(match.problems.map((p) => p.message)).toEqual([
      'The column “first-name” appears twice',
      'The file has no “Employee number” column',
      'The file has no “Last name” column',
      'The file has no “Work email” column',
    ])
    expect(match.problems.every((p) => p.line === 1)).toBe(true)
  })
})

describe('reading dates', () => {
  it.each([
    ['2026-11-22', '2026-11-22'],
    ['22/11/2026', '2026-11-22'],
    ['1/2/2026', '2026-02-01'],
    [' 29/02/2024 ', '2024-02-29'],
    ['', null],
  ])('reads %j', (text, expected) => expect(parseImportDate(text)).toBe(expected))

  it.each(['31/02/2026', '2026-13-01', '11/22/2026', '22.11.2026', 'next week', '2026-11-22T10:00'])(
    'refuses %j',
    (text) => expect(parseImportDate(text)).toBeUndefined(),
  )
})

const columns = matchHeaders([
  'Employee number',
  'First name',
  'Last name',
  'Work email',
  'Job role',
  'Team',
  'Supervisor email',
  'Start date',
  'Leaving date',
]).columns

describe('checking one row', () => {
  it('reads a good row, lower-casing the emails', () => {
    const read = readImportRow(
      ['E1', 'Sam', 'Jones', 'Sam@Example.test', 'ot', 'North', 'Lead@x.test', '', ''],
      2,
      columns,
    )
    expect(read).toEqual({
      ok: true,
      row: {
        line: 2,
        employeeNumber: 'E1',
        name: 'Sam Jones',
        email: 'sam@example.test',
        jobRole: 'ot',
        team: 'North',
        supervisorEmail: 'lead@x.test',
        startsOn: null,
        leavesOn: null,
      },
    })
  })

  it('gives each problem of a row with its line', () => {
    const read = readImportRow(['', 'Sam', '', 'not-an-email', '', '', '', '2026-05-01', '01/04/2026'], 7, columns)
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.problems).toEqual([
      { line: 7, message: 'the employee number is missing' },
      { line: 7, message: 'the last name is missing' },
      { line: 7, message: '“not-an-email” is not an email address' },
      { line: 7, message: 'the leaving date is before the start date' },
    ])
  })

  it('leaves a field alone when the file has no column for it', () => {
    const few = matchHeaders(['Employee number', 'First name', 'Last name', 'Work email']).columns
    const read = readImportRow(['E1', 'Sam', 'Jones', 'sam@x.test'], 2, few)
    expect(read.ok && read.row.jobRole).toBeUndefined()
    expect(read.ok && read.row.startsOn).toBeUndefined()
  })
})

const row = (fields: Partial<ImportRow> & { employeeNumber: string }): ImportRow => ({
  line: 2,
  name: 'Sam Jones',
  email: `${fields.employeeNumber.toLowerCase()}@x.test`,
  supervisorEmail: null,
  ...fields,
})

describe('duplicates within the file', () => {
  it('reports the later rows that repeat an employee number or email', () => {
    const problems = findDuplicates([
      row({ line: 2, employeeNumber: 'E1' }),
      row({ line: 3, employeeNumber: 'E1', email: 'other@x.test' }),
      row({ line: 4, employeeNumber: 'E2', email: 'e1@x.test' }),
    ])
    expect(problems).toEqual([
      { line: 3, message: 'employee number E1 is also on line 2' },
      { line: 4, message: 'the work email e1@x.test is also on line 2' },
    ])
  })
})

const portal = (fields: Partial<PortalPerson> & { id: string }): PortalPerson => ({
  employeeNumber: null,
  name: 'Someone',
  email: `${fields.id}@x.test`,
  jobRoleCode: null,
  teamId: null,
  startsOn: null,
  leavesOn: null,
  active: true,
  isAdmin: false,
  isSupervisor: false,
  ...fields,
})

const context = (people: PortalPerson[], links: ImportContext['links'] = []): ImportContext => ({
  today: '2026-12-03',
  people,
  jobRoles: [{ code: 'ot', title: 'Occupational therapist' }],
  teams: [
    { id: 't1', code: 'north', name: 'North locality', archived: false },
    { id: 't2', code: 'old', name: 'Old team', archived: true },
  ],
  links,
})

describe('planning an import', () => {
  it('sorts people into created, updated, deactivated and unchanged', () => {
    const same = portal({ id: 'p1', employeeNumber: 'E1', name: 'Sam Jones', email: 'e1@x.test' })
    const moved = portal({ id: 'p2', employeeNumber: 'E2', name: 'Sam Jones', email: 'e2@x.test' })
    const leaver = portal({ id: 'p3', employeeNumber: 'E3', name: 'Sam Jones', email: 'e3@x.test' })
    const plan = planImport(
      [
        row({ employeeNumber: 'E1' }),
        row({ employeeNumber: 'E2', team: 'North Locality', jobRole: 'occupational therapist' }),
        row({ employeeNumber: 'E3', leavesOn: '2026-11-30' }),
        row({ employeeNumber: 'E4' }),
      ],
      context([same, moved, leaver]),
    )
    expect(plan.problems).toEqual([])
    expect(plan.created.map((p) => p.employeeNumber)).toEqual(['E4'])
    expect(plan.updated.map((p) => p.changes)).toEqual([
      [
        { label: 'Job role', from: null, to: 'Occupational therapist' },
        { label: 'Team', from: null, to: 'North locality' },
      ],
    ])
    expect(plan.deactivated.map((p) => p.employeeNumber)).toEqual(['E3'])
    expect(plan.unchanged).toBe(1)
  })

  it('links to a supervisor in the file or the portal, once, and never supervises an administrator', () => {
    const lead = portal({ id: 'lead', isSupervisor: true })
    const linked = portal({ id: 'p1', employeeNumber: 'E1', name: 'Sam Jones', email: 'e1@x.test' })
    const boss = portal({ id: 'boss', employeeNumber: 'E9', email: 'e9@x.test', name: 'Sam Jones', isAdmin: true })
    const plan = planImport(
      [
        row({ line: 2, employeeNumber: 'E1', supervisorEmail: 'lead@x.test' }),
        row({ line: 3, employeeNumber: 'E2', supervisorEmail: 'e3@x.test', startsOn: '2027-01-04' }),
        row({ line: 4, employeeNumber: 'E3', supervisorEmail: 'lead@x.test' }),
        row({ line: 5, employeeNumber: 'E9', supervisorEmail: 'lead@x.test' }),
      ],
      context([lead, linked, boss], [{ supervisorId: 'lead', superviseeId: 'p1' }]),
    )
    expect(
      plan.links.map((l) => [l.superviseeEmployeeNumber, l.supervisorId ?? l.supervisorEmployeeNumber, l.startsOn]),
    ).toEqual([
      ['E2', 'E3', '2027-01-04'],
      ['E3', 'lead', '2026-12-03'],
    ])
    expect(plan.created.find((p) => p.employeeNumber === 'E3')?.grantSupervisor).toBe(true)
    expect(plan.problems).toEqual([
      { line: 5, message: 'Sam Jones has an administrator account, which is not supervised' },
    ])
  })

  it('refuses an email another employee number holds, and an archived team for a newcomer', () => {
    const other = portal({ id: 'p1', employeeNumber: 'E1', name: 'Pat Other', email: 'taken@x.test' })
    const plan = planImport(
      [row({ employeeNumber: 'E2', email: 'taken@x.test' }), row({ line: 3, employeeNumber: 'E3', team: 'old' })],
      context([other]),
    )
    expect(plan.problems).toEqual([
      { line: 2, message: 'the work email taken@x.test belongs to Pat Other (employee number E1) in the portal' },
      { line: 3, message: 'the team “old” is not a current team in the portal' },
    ])
  })
})
