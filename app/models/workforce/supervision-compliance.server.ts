import { type Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { lacksSupervisor } from '#app/models/shared/scope.server'
import { listSupervisionStandings } from '#app/models/supervision/overview.server'
import { REPORTING_MONTHS } from '#app/models/supervision/supervision.rules'
import { share } from './dashboard.rules'
import { peopleInScope, type DashboardScope } from './dashboard-scope.server'

/** Active staff in scope with nobody supervising them today, by name. */
export function listUnsupervised(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  return peopleInScope(db, input.scope)
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .select(['u.id', 'u.name', 'j.title as jobRoleTitle', 't.name as teamName'])
    .where(lacksSupervisor('u', input.today))
    .orderBy('u.name')
    .execute()
}

export interface ComplianceRow {
  id: string | null
  name: string
  people: number
  /** Held at least as many sessions as their schedule asked for over the reporting period. */
  onSchedule: number
  overdue: number
  percent: number | null
}

/**
 * Supervision compliance over the last REPORTING_MONTHS months, by team and by supervisor: people who held at
 * least the sessions their schedule asked for. It is the overview's own standing for each person, so the two agree.
 * A person counts once for their team, and once for each supervisor they have today.
 */
export async function getSupervisionCompliance(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  const links = await listSupervisionStandings(db, input.scope, input.today)
  const tally = (rows: typeof links, key: (row: (typeof links)[number]) => { id: string | null; name: string }) => {
    const groups = new Map<string, ComplianceRow>()
    for (const row of rows) {
      const { id, name } = key(row)
      const group = groups.get(id ?? '') ?? { id, name, people: 0, onSchedule: 0, overdue: 0, percent: null }
      group.people += 1
      if (row.compliance.shortfall === 0) group.onSchedule += 1
      if (row.due.overdue) group.overdue += 1
      groups.set(id ?? '', group)
    }
    return [...groups.values()]
      .map((group) => ({ ...group, percent: share(group.onSchedule, group.people) }))
      .sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name)))
  }
  const people = [...new Map(links.map((row) => [row.personId, row])).values()]
  const byTeam = tally(people, (row) => ({ id: row.teamId, name: row.teamName ?? 'No team' }))
  const bySupervisor = tally(links, (row) => ({ id: row.supervisorId, name: row.supervisorName }))
  const onSchedule = people.filter((row) => row.compliance.shortfall === 0).length
  return {
    months: REPORTING_MONTHS,
    people: people.length,
    onSchedule,
    percent: share(onSchedule, people.length),
    overdue: people.filter((row) => row.due.overdue).length,
    byTeam,
    bySupervisor,
  }
}
