import type { ImportProblem, ImportRow } from './import.rules'

/** A person already in the portal, as the import compares them. */
export interface PortalPerson {
  id: string
  employeeNumber: string | null
  name: string
  email: string
  jobRoleCode: string | null
  teamId: string | null
  startsOn: string | null
  leavesOn: string | null
  active: boolean
  isAdmin: boolean
  isSupervisor: boolean
}

export interface ImportContext {
  today: string
  people: PortalPerson[]
  jobRoles: { code: string; title: string }[]
  teams: { id: string; code: string; name: string; archived: boolean }[]
  /** Supervisor and supervisee of every link that has not ended before today. */
  links: { supervisorId: string; superviseeId: string }[]
}

export interface FieldChange {
  label: string
  from: string | null
  to: string | null
}

export interface PersonValues {
  name: string
  email: string
  jobRoleCode: string | null
  teamId: string | null
  startsOn: string | null
  leavesOn: string | null
}

export interface PlannedPerson {
  /** The file's line; null for someone only named as a supervisor. */
  line: number | null
  employeeNumber: string | null
  /** Null for someone the import creates. */
  personId: string | null
  name: string
  values: PersonValues
  changes: FieldChange[]
  /** Their leaving date has passed: the account stops and their current links end on it. */
  deactivate: boolean
  /** Named as a supervisor in the file without holding the supervisor role yet. */
  grantSupervisor: boolean
}

export interface PlannedLink {
  line: number
  superviseeEmployeeNumber: string
  superviseeName: string
  /** The supervisor's account, or the employee number of a row the import creates. */
  supervisorId: string | null
  supervisorEmployeeNumber: string | null
  supervisorName: string
  startsOn: string
}

export interface ImportPlan {
  created: PlannedPerson[]
  updated: PlannedPerson[]
  deactivated: PlannedPerson[]
  unchanged: number
  links: PlannedLink[]
  problems: ImportProblem[]
}

const lower = (value: string) => value.trim().toLowerCase()

/** Compares the file with the portal: what applying it would do, and every problem that stops it. */
export function planImport(rows: ImportRow[], context: ImportContext): ImportPlan {
  const { today } = context
  const byNumber = new Map(context.people.filter((p) => p.employeeNumber).map((p) => [p.employeeNumber!, p]))
  const byEmail = new Map(context.people.map((p) => [lower(p.email), p]))
  const roleByKey = new Map<string, { code: string; title: string }>()
  for (const role of context.jobRoles) {
    roleByKey.set(lower(role.title), role)
    roleByKey.set(lower(role.code), role)
  }
  const teamByKey = new Map<string, ImportContext['teams'][number]>()
  for (const team of context.teams) {
    teamByKey.set(lower(team.name), team)
    teamByKey.set(lower(team.code), team)
  }
  const roleTitle = (code: string | null) =>
    code ? (context.jobRoles.find((r) => r.code === code)?.title ?? code) : null
  const teamName = (id: string | null) => (id ? (context.teams.find((t) => t.id === id)?.name ?? id) : null)
  const linkKeys = new Set(context.links.map((l) => `${l.supervisorId}/${l.superviseeId}`))

  const problems: ImportProblem[] = []
  const planned = new Map<string, PlannedPerson>()
  const fileByEmail = new Map<string, { row: ImportRow; person: PlannedPerson }>()
  const readyRows: { row: ImportRow; person: PlannedPerson; existing: PortalPerson | undefined }[] = []

  for (const row of rows) {
    const existing = byNumber.get(row.employeeNumber)
    const rowProblems: string[] = []
    const owner = byEmail.get(row.email)
    if (owner && owner.id !== existing?.id) {
      const who = owner.employeeNumber ? `employee number ${owner.employeeNumber}` : 'someone with no employee number'
      rowProblems.push(`the work email ${row.email} belongs to ${owner.name} (${who}) in the portal`)
    }
    let jobRoleCode = existing?.jobRoleCode ?? null
    if (row.jobRole !== undefined) {
      const role = row.jobRole ? roleByKey.get(lower(row.jobRole)) : null
      if (role === undefined) rowProblems.push(`the job role “${row.jobRole}” is not one the portal knows`)
      else jobRoleCode = role?.code ?? null
    }
    let teamId = existing?.teamId ?? null
    if (row.team !== undefined) {
      const team = row.team ? teamByKey.get(lower(row.team)) : null
      // Someone already in an archived team may stay there; nobody is moved into one.
      if (team === undefined || (team && team.archived && team.id !== existing?.teamId)) {
        rowProblems.push(`the team “${row.team}” is not a current team in the portal`)
      } else teamId = team?.id ?? null
    }
    const startsOn = row.startsOn !== undefined ? row.startsOn : (existing?.startsOn ?? null)
    const leavesOn = row.leavesOn !== undefined ? row.leavesOn : (existing?.leavesOn ?? null)
    if (startsOn && leavesOn && leavesOn < startsOn) rowProblems.push('the leaving date is before the start date')
    if (rowProblems.length > 0) {
      problems.push(...rowProblems.map((message) => ({ line: row.line, message })))
      continue
    }
    const values: PersonValues = { name: row.name, email: row.email, jobRoleCode, teamId, startsOn, leavesOn }
    const left = leavesOn !== null && leavesOn < today
    const person: PlannedPerson = {
      line: row.line,
      employeeNumber: row.employeeNumber,
      personId: existing?.id ?? null,
      name: row.name,
      values,
      changes: existing ? compare(existing, values, roleTitle, teamName) : [],
      deactivate: Boolean(existing?.active) && left,
      grantSupervisor: false,
    }
    planned.set(row.employeeNumber, person)
    fileByEmail.set(row.email, { row, person })
    readyRows.push({ row, person, existing })
  }

  const links: PlannedLink[] = []
  const portalSupervisors = new Map<string, PlannedPerson>()
  for (const { row, person, existing } of readyRows) {
    if (!row.supervisorEmail) continue
    const inFile = fileByEmail.get(row.supervisorEmail)
    const inPortal = byEmail.get(row.supervisorEmail)
    if (!inFile && !inPortal) {
      problems.push({
        line: row.line,
        message: `the supervisor email ${row.supervisorEmail} is in neither the file nor the portal`,
      })
      continue
    }
    if (row.supervisorEmail === row.email) {
      problems.push({ line: row.line, message: 'a person cannot be their own supervisor' })
      continue
    }
    if (existing?.isAdmin) {
      problems.push({ line: row.line, message: `${row.name} has an administrator account, which is not supervised` })
      continue
    }
    const staysActive = existing ? existing.active && !person.deactivate : !isPast(person.values.leavesOn, today)
    if (!staysActive) continue
    const supervisorLeft = inFile
      ? inFile.person.deactivate ||
        isPast(inFile.person.values.leavesOn, today) ||
        (inFile.person.personId !== null && !byNumber.get(inFile.row.employeeNumber)!.active)
      : !inPortal!.active
    if (supervisorLeft) {
      problems.push({
        line: row.line,
        message: `the supervisor ${row.supervisorEmail} has left or their account is deactivated`,
      })
      continue
    }
    const supervisorId = inFile ? inFile.person.personId : inPortal!.id
    if (supervisorId && existing && linkKeys.has(`${supervisorId}/${existing.id}`)) continue
    const supervisor = inFile?.person ?? supervisorOutsideFile(inPortal!, portalSupervisors)
    const holdsRole = supervisorId ? (byEmail.get(row.supervisorEmail)?.isSupervisor ?? false) : false
    if (!holdsRole && !supervisor.grantSupervisor) {
      supervisor.grantSupervisor = true
      supervisor.changes.push({ label: 'Access', from: null, to: 'adds supervisor' })
    }
    const startsOn = person.values.startsOn && person.values.startsOn > today ? person.values.startsOn : today
    links.push({
      line: row.line,
      superviseeEmployeeNumber: row.employeeNumber,
      superviseeName: row.name,
      supervisorId,
      supervisorEmployeeNumber: inFile ? inFile.row.employeeNumber : null,
      supervisorName: supervisor.name,
      startsOn,
    })
  }

  // Someone only named as a supervisor counts only when the import changes them (the supervisor role).
  const everyone = [...planned.values(), ...[...portalSupervisors.values()].filter((p) => p.grantSupervisor)]
  const plan: ImportPlan = { created: [], updated: [], deactivated: [], unchanged: 0, links, problems }
  for (const person of everyone) {
    if (!person.personId) plan.created.push(person)
    else if (person.deactivate) plan.deactivated.push(person)
    else if (person.changes.length > 0) plan.updated.push(person)
    else plan.unchanged += 1
  }
  plan.problems.sort((a, b) => a.line - b.line)
  return plan
}

function isPast(date: string | null, today: string): boolean {
  return date !== null && date < today
}

function supervisorOutsideFile(person: PortalPerson, seen: Map<string, PlannedPerson>): PlannedPerson {
  let planned = seen.get(person.id)
  if (!planned) {
    planned = {
      line: null,
      employeeNumber: person.employeeNumber,
      personId: person.id,
      name: person.name,
      values: { ...person },
      changes: [],
      deactivate: false,
      grantSupervisor: false,
    }
    seen.set(person.id, planned)
  }
  return planned
}

function compare(
  before: PortalPerson,
  after: PersonValues,
  roleTitle: (code: string | null) => string | null,
  teamName: (id: string | null) => string | null,
): FieldChange[] {
  const changes: FieldChange[] = []
  const push = (label: string, from: string | null, to: string | null) => {
    if (from !== to) changes.push({ label, from, to })
  }
  push('Name', before.name, after.name)
  push('Work email', before.email, after.email)
  if (before.jobRoleCode !== after.jobRoleCode) {
    changes.push({ label: 'Job role', from: roleTitle(before.jobRoleCode), to: roleTitle(after.jobRoleCode) })
  }
  if (before.teamId !== after.teamId) {
    changes.push({ label: 'Team', from: teamName(before.teamId), to: teamName(after.teamId) })
  }
  push('Start date', before.startsOn, after.startsOn)
  push('Leaving date', before.leavesOn, after.leavesOn)
  return changes
}

/** The counts an import reports, in the order they are shown. */
export function planCounts(plan: ImportPlan) {
  return {
    created: plan.created.length,
    updated: plan.updated.length,
    deactivated: plan.deactivated.length,
    unchanged: plan.unchanged,
    links: plan.links.length,
    problems: plan.problems.length,
  }
}
