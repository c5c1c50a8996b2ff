import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { addMonths, startOfMonth } from '#app/lib/dates'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'
import { type CpdRange, NO_RECENT_CPD_MONTHS } from './dashboard.rules'
import { peopleInScope, type DashboardScope } from './dashboard-scope.server'

export interface CpdTeamRow {
  teamId: string | null
  teamName: string
  people: number
  minutes: number
  byType: Record<string, number>
}

/**
 * CPD recorded in the period, by team and HCPC activity type, counting entries as each person's own log counts
 * them with the same dates (active entries, drafts included, overlapping the period), from the monthly CPD table
 * the database keeps (migration 0013); and the people with nothing dated in the last three months, from each
 * person's latest date that the database keeps beside it.
 */
export async function getCpdActivity(db: Kysely<DB>, input: { scope: DashboardScope; range: CpdRange; today: string }) {
  const recentFrom = addMonths(input.today, -NO_RECENT_CPD_MONTHS)
  let totals = db
    .selectFrom('cpd_total as c')
    .select([
      'c.team_id as teamId',
      'c.activity_type as activityType',
      sql<number>`sum(c.minutes)::float8`.as('minutes'),
    ])
    // A period of whole months: the entries that end in its first month or later and start in its last or earlier.
    .where('c.ends_month', '>=', startOfMonth(input.range.from))
    .where('c.starts_month', '<=', startOfMonth(input.range.to))
    .groupBy(['c.team_id', 'c.activity_type'])
  if (input.scope.teamId) totals = totals.where('c.team_id', '=', input.scope.teamId)
  if (input.scope.jobRoleCode) totals = totals.where('c.job_role_code', '=', input.scope.jobRoleCode)
  const [teams, rows, quiet] = await Promise.all([
    peopleInScope(db, input.scope)
      .select(['t.id as teamId', 't.name as teamName', sql<number>`count(*)::int`.as('people')])
      .groupBy(['t.id', 't.name'])
      .execute(),
    totals.execute(),
    peopleInScope(db, input.scope)
      .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
      .leftJoin('cpd_latest as l', 'l.person_id', 'u.id')
      .select(['u.id', 'u.name', 'j.title as jobRoleTitle', 't.name as teamName'])
      .where((w) => w.or([w('l.last_on', 'is', null), w('l.last_on', '<', recentFrom)]))
      .orderBy('u.name')
      .execute(),
  ])
  const byTeam: CpdTeamRow[] = teams
    .map((team) => {
      const mine = rows.filter((row) => row.teamId === team.teamId)
      const byType = Object.fromEntries(Object.keys(ACTIVITY_TYPES).map((code) => [code, 0]))
      for (const row of mine)
        byType[row.activityType ?? 'other'] = (byType[row.activityType ?? 'other'] ?? 0) + row.minutes
      return {
        teamId: team.teamId,
        teamName: team.teamName ?? 'No team',
        people: team.people,
        minutes: mine.reduce((sum, row) => sum + row.minutes, 0),
        byType,
      }
    })
    .sort((a, b) => (a.teamId === null ? 1 : b.teamId === null ? -1 : a.teamName.localeCompare(b.teamName)))
  return { byTeam, quiet, recentFrom }
}
