import { type Kysely, sql } from 'kysely'
import type { DB, RequirementTier } from '#db/schema'
import { addMonths, formatUkDate, formatUkMonth } from '#app/lib/dates'
import { listCurrentVersions } from '#app/models/frameworks/frameworks.server'
import { getCoverage } from './coverage.server'
import { peopleInScope, type DashboardScope } from './dashboard-scope.server'
import { getSignoffBacklog } from './signoff-backlog.server'
import { getSupervisionCompliance } from './supervision-compliance.server'
import { TREND_MONTHS, type TrendFigures, monthOf, snapshotMonth } from './trend.rules'

/** Active staff in scope: the people every dashboard section counts. */
export async function countPeopleInScope(db: Kysely<DB>, scope: DashboardScope): Promise<number> {
  const row = await peopleInScope(db, scope)
    .select(sql<number>`count(*)::int`.as('people'))
    .executeTakeFirstOrThrow()
  return row.people
}

export interface SnapshotFigures {
  headcount: number
  supervised: number
  onSchedule: number
  overdue: number
  bands: Record<'0-7' | '8-14' | '15-28' | '29+', number>
  awaitingReReview: number
  coverage: { versionId: string; domainId: string; tier: RequirementTier; required: number; met: number }[]
}

/** One scope's figures, from the very functions the dashboard shows them with. */
export async function getSnapshotFigures(
  db: Kysely<DB>,
  input: { scope: DashboardScope; today: string; versionIds: string[] },
): Promise<SnapshotFigures> {
  const { scope, today } = input
  const [headcount, compliance, backlog, coverages] = await Promise.all([
    countPeopleInScope(db, scope),
    getSupervisionCompliance(db, { scope, today }),
    getSignoffBacklog(db, { scope, today }),
    Promise.all(
      input.versionIds.map(async (versionId) => ({ versionId, ...(await getCoverage(db, { versionId, scope })) })),
    ),
  ])
  const band = (key: string) => backlog.bands.find((b) => b.key === key)?.count ?? 0
  return {
    headcount,
    supervised: compliance.people,
    onSchedule: compliance.onSchedule,
    overdue: compliance.overdue,
    bands: { '0-7': band('0-7'), '8-14': band('8-14'), '15-28': band('15-28'), '29+': band('29+') },
    awaitingReReview: backlog.awaitingReReview,
    coverage: coverages.flatMap(({ versionId, everyone }) =>
      everyone.cells.flatMap((c) => [
        { versionId, domainId: c.domainId, tier: 'essential' as const, required: c.required, met: c.met },
        {
          versionId,
          domainId: c.domainId,
          tier: 'desirable' as const,
          required: c.desirable.required,
          met: c.desirable.met,
        },
      ]),
    ),
  }
}

export type SnapshotResult =
  | { recorded: true; month: string; asOf: string; teams: number; everyone: SnapshotFigures }
  | { recorded: false; month: string; asOf: string; takenAt: Date }

/**
 * Records the month that has just ended (the calendar month before `today`) with the figures as they stand today,
 * for everyone and for each team. A month already recorded is left exactly as it is: the run changes nothing.
 */
export async function takeWorkforceSnapshot(db: Kysely<DB>, input: { today: string }): Promise<SnapshotResult> {
  const month = snapshotMonth(input.today)
  const existing = await findSnapshotMonth(db, month)
  if (existing) return { recorded: false, month, asOf: existing.as_of, takenAt: existing.taken_at }

  const versionIds = (await listCurrentVersions(db)).map((v) => v.id)
  const teams = await db.selectFrom('team').select(['id', 'name']).orderBy('name').execute()
  const scopes = [{ id: null, name: 'Everyone' }, ...teams]
  const figures: SnapshotFigures[] = []
  for (const team of scopes) {
    figures.push(
      await getSnapshotFigures(db, { scope: { teamId: team.id, jobRoleCode: null }, today: input.today, versionIds }),
    )
  }
  const rows = scopes.map((team, i) => ({ teamId: team.id, teamName: team.name, figures: figures[i]! }))
  const written = await recordSnapshotMonth(db, { month, asOf: input.today, rows })
  if (!written) {
    // Another process recorded the month while these figures were being worked out; its rows stand.
    const theirs = (await findSnapshotMonth(db, month))!
    return { recorded: false, month, asOf: theirs.as_of, takenAt: theirs.taken_at }
  }
  return { recorded: true, month, asOf: input.today, teams: teams.length, everyone: figures[0]! }
}

/** One line for the log or the terminal: what a run recorded, or that the month was already recorded. */
export function describeSnapshot(result: SnapshotResult): string {
  const month = formatUkMonth(result.month)
  if (!result.recorded) {
    return `Workforce snapshot: ${month} was already recorded (figures of ${formatUkDate(result.asOf)}); nothing changed.`
  }
  const f = result.everyone
  const waiting = f.bands['0-7'] + f.bands['8-14'] + f.bands['15-28'] + f.bands['29+']
  return (
    `Workforce snapshot: recorded ${month} with the figures of ${formatUkDate(result.asOf)}, for everyone and ` +
    `${result.teams} ${result.teams === 1 ? 'team' : 'teams'}: ${f.headcount} people, ${f.onSchedule} of ` +
    `${f.supervised} supervised on schedule, ${waiting} sign-offs waiting (${f.bands['29+']} over 28 days), ` +
    `coverage kept for ${new Set(f.coverage.map((c) => c.versionId)).size} framework versions.`
  )
}

function findSnapshotMonth(db: Kysely<DB>, month: string) {
  return db
    .selectFrom('workforce_snapshot')
    .select(['as_of', 'taken_at'])
    .where('month', '=', month)
    .where('team_id', 'is', null)
    .executeTakeFirst()
}

/**
 * Writes one month's rows in one transaction, the everyone row first: it is the month's key, so when it is already
 * there (ON CONFLICT DO NOTHING inserted nothing) nothing else is written. Returns whether the month was written.
 * Also used by the demo service to lay down its invented history.
 */
export async function recordSnapshotMonth(
  db: Kysely<DB>,
  input: {
    month: string
    asOf: string
    takenAt?: Date
    rows: { teamId: string | null; teamName: string; figures: SnapshotFigures }[]
  },
): Promise<boolean> {
  const everyone = input.rows.find((r) => r.teamId === null)
  if (!everyone) throw new Error('A snapshot month needs its everyone row')
  const ordered = [everyone, ...input.rows.filter((r) => r !== everyone)]
  return db.transaction().execute(async (trx) => {
    for (const [index, row] of ordered.entries()) {
      const f = row.figures
      const inserted = await trx
        .insertInto('workforce_snapshot')
        .values({
          month: input.month,
          team_id: row.teamId,
          team_name: row.teamName,
          as_of: input.asOf,
          taken_at: input.takenAt,
          headcount: f.headcount,
          supervised: f.supervised,
          on_schedule: f.onSchedule,
          overdue: f.overdue,
          waiting_0_7: f.bands['0-7'],
          waiting_8_14: f.bands['8-14'],
          waiting_15_28: f.bands['15-28'],
          waiting_29_plus: f.bands['29+'],
          awaiting_re_review: f.awaitingReReview,
        })
        .onConflict((oc) => oc.columns(['month', 'team_id']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) {
        if (index === 0) return false
        continue
      }
      if (f.coverage.length === 0) continue
      await trx
        .insertInto('workforce_snapshot_coverage')
        .values(
          f.coverage.map((c) => ({
            snapshot_id: inserted.id,
            version_id: c.versionId,
            domain_id: c.domainId,
            tier: c.tier,
            required: c.required,
            met: c.met,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    return true
  })
}

/**
 * The recorded months before the current one, within the last `months` months, for everyone (teamId null) or one
 * team. Coverage adds up the essential requirements of whichever version of the framework was current that month.
 */
export async function listWorkforceTrend(
  db: Kysely<DB>,
  input: { teamId: string | null; versionId: string | null; today: string; months?: number },
): Promise<{ month: string; figures: TrendFigures }[]> {
  const thisMonth = monthOf(input.today)
  const from = addMonths(thisMonth, -((input.months ?? TREND_MONTHS) - 1))
  const rows = await db
    .selectFrom('workforce_snapshot as s')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('workforce_snapshot_coverage as c')
          .innerJoin('framework_version as cv', 'cv.id', 'c.version_id')
          .select([
            sql<number | null>`sum(c.required)::int`.as('required'),
            sql<number | null>`sum(c.met)::int`.as('met'),
          ])
          .whereRef('c.snapshot_id', '=', 's.id')
          .where('c.tier', '=', 'essential')
          .where('cv.framework_id', '=', (sub) =>
            sub.selectFrom('framework_version').select('framework_id').where('id', '=', input.versionId),
          )
          .as('cov'),
      (join) => join.onTrue(),
    )
    .select([
      's.month',
      's.as_of as asOf',
      's.headcount',
      's.supervised',
      's.on_schedule as onSchedule',
      's.overdue',
      's.waiting_0_7',
      's.waiting_8_14',
      's.waiting_15_28',
      's.waiting_29_plus',
      's.awaiting_re_review as awaitingReReview',
      'cov.required',
      'cov.met',
    ])
    .where('s.month', '>=', from)
    .where('s.month', '<', thisMonth)
    .where((eb) => (input.teamId ? eb('s.team_id', '=', input.teamId) : eb('s.team_id', 'is', null)))
    .orderBy('s.month')
    .execute()
  return rows.map((r) => ({
    month: r.month,
    figures: {
      asOf: r.asOf,
      headcount: r.headcount,
      coverage: r.required === null || r.met === null ? null : { required: r.required, met: r.met },
      supervised: r.supervised,
      onSchedule: r.onSchedule,
      overdue: r.overdue,
      waiting: r.waiting_0_7 + r.waiting_8_14 + r.waiting_15_28 + r.waiting_29_plus,
      waitingOver28: r.waiting_29_plus,
      awaitingReReview: r.awaitingReReview,
    },
  }))
}
