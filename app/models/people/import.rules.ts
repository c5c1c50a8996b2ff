import { isIsoDate } from '#app/lib/dates'
import { EMPLOYEE_NUMBER_MAX } from './admin.schema'
import { NAME_MAX, normaliseEmail } from './users.schema'

/** A staff file is at most this big (about 50,000 people). */
export const PEOPLE_CSV_MAX_BYTES = 10 * 1024 * 1024

/** The columns of a staff file from HR, in the order the example file and the hint text give them. */
export const IMPORT_COLUMNS = [
  { key: 'employeeNumber', header: 'Employee number', required: true },
  { key: 'firstName', header: 'First name', required: true },
  { key: 'lastName', header: 'Last name', required: true },
  { key: 'email', header: 'Work email', required: true },
  { key: 'jobRole', header: 'Job role', required: false },
  { key: 'team', header: 'Team', required: false },
  { key: 'supervisorEmail', header: 'Supervisor email', required: false },
  { key: 'startsOn', header: 'Start date', required: false },
  { key: 'leavesOn', header: 'Leaving date', required: false },
] as const

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key']

export interface ImportProblem {
  /** The line of the file (1 is the header row). */
  line: number
  message: string
}

/** 'Work E-mail ' and 'work_email' are the same heading: case, spaces and punctuation are ignored. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

const COLUMN_BY_KEY = new Map<string, ImportColumn>(IMPORT_COLUMNS.map((c) => [headerKey(c.header), c.key]))

export interface HeaderMatch {
  /** Where each known column is in a row; a column the file does not have is absent. */
  columns: Partial<Record<ImportColumn, number>>
  /** Headings the import does not use, as the file wrote them. */
  extra: string[]
  problems: ImportProblem[]
}

export function matchHeaders(headers: string[]): HeaderMatch {
  const columns: Partial<Record<ImportColumn, number>> = {}
  const extra: string[] = []
  const problems: ImportProblem[] = []
  headers.forEach((header, index) => {
    const key = COLUMN_BY_KEY.get(headerKey(header))
    if (!key) {
      if (header.trim()) extra.push(header.trim())
      return
    }
    if (columns[key] !== undefined) {
      problems.push({ line: 1, message: `The column “${header.trim()}” appears twice` })
      return
    }
    columns[key] = index
  })
  for (const column of IMPORT_COLUMNS) {
    if (column.required && columns[column.key] === undefined) {
      problems.push({ line: 1, message: `The file has no “${column.header}” column` })
    }
  }
  return { columns, extra, problems }
}

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** A date as HR systems write it: 2026-11-22 or 22/11/2026. Blank is null; anything else is undefined. */
export function parseImportDate(text: string): string | null | undefined {
  const value = text.trim()
  if (!value) return null
  if (isIsoDate(value)) return value
  const uk = UK_DATE.exec(value)
  if (!uk) return undefined
  const iso = `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}`
  return isIsoDate(iso) ? iso : undefined
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** One row of the file, read and checked on its own (nothing here knows the portal). */
export interface ImportRow {
  line: number
  employeeNumber: string
  name: string
  email: string
  /** The cell as written; undefined when the file has no such column, so the field is left as it is. */
  jobRole?: string
  team?: string
  supervisorEmail: string | null
  startsOn?: string | null
  leavesOn?: string | null
}

export type RowRead = { ok: true; row: ImportRow } | { ok: false; problems: ImportProblem[] }

export function readImportRow(fields: string[], line: number, columns: HeaderMatch['columns']): RowRead {
  const cell = (key: ImportColumn) => {
    const index = columns[key]
    return index === undefined ? undefined : (fields[index] ?? '').trim()
  }
  const problems: string[] = []
  const employeeNumber = cell('employeeNumber') ?? ''
  const firstName = cell('firstName') ?? ''
  const lastName = cell('lastName') ?? ''
  const email = normaliseEmail(cell('email') ?? '')
  if (!employeeNumber) problems.push('the employee number is missing')
  else if (employeeNumber.length > EMPLOYEE_NUMBER_MAX) {
    problems.push(`the employee number is longer than ${EMPLOYEE_NUMBER_MAX} characters`)
  }
  if (!firstName) problems.push('the first name is missing')
  if (!lastName) problems.push('the last name is missing')
  const name = `${firstName} ${lastName}`.trim()
  if (name.length > NAME_MAX) problems.push(`the name is longer than ${NAME_MAX} characters`)
  if (!email) problems.push('the work email is missing')
  else if (!EMAIL.test(email)) problems.push(`“${email}” is not an email address`)
  const supervisor = normaliseEmail(cell('supervisorEmail') ?? '')
  if (supervisor && !EMAIL.test(supervisor))
    problems.push(`the supervisor email “${supervisor}” is not an email address`)
  const dates: Partial<Record<'startsOn' | 'leavesOn', string | null>> = {}
  for (const [key, label] of [
    ['startsOn', 'start date'],
    ['leavesOn', 'leaving date'],
  ] as const) {
    const text = cell(key)
    if (text === undefined) continue
    const date = parseImportDate(text)
    if (date === undefined) problems.push(`the ${label} “${text}” is not a date like 2026-11-22 or 22/11/2026`)
    else dates[key] = date
  }
  if (dates.startsOn && dates.leavesOn && dates.leavesOn < dates.startsOn) {
    problems.push('the leaving date is before the start date')
  }
  if (problems.length > 0) return { ok: false, problems: problems.map((message) => ({ line, message })) }
  return {
    ok: true,
    row: {
      line,
      employeeNumber,
      name,
      email,
      jobRole: cell('jobRole'),
      team: cell('team'),
      supervisorEmail: supervisor || null,
      ...dates,
    },
  }
}

/** Rows that share an employee number or a work email: every one after the first is a problem. */
export function findDuplicates(rows: ImportRow[]): ImportProblem[] {
  const problems: ImportProblem[] = []
  const numbers = new Map<string, number>()
  const emails = new Map<string, number>()
  for (const row of rows) {
    const number = numbers.get(row.employeeNumber)
    if (number !== undefined) {
      problems.push({ line: row.line, message: `employee number ${row.employeeNumber} is also on line ${number}` })
    } else numbers.set(row.employeeNumber, row.line)
    const email = emails.get(row.email)
    if (email !== undefined) {
      problems.push({ line: row.line, message: `the work email ${row.email} is also on line ${email}` })
    } else emails.set(row.email, row.line)
  }
  return problems
}
