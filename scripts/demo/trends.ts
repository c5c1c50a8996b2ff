import { type Kysely, sql } from 'kysely'
import { addMonths, todayInLondon } from '#app/lib/dates'
import { listCurrentVersions } from '#app/models/frameworks/frameworks.server'
import { type SnapshotFigures, getSnapshotFigures, recordSnapshotMonth } from '#app/models/workforce/snapshot.server'
import { TREND_MONTHS, monthOf } from '#app/models/workforce/trend.rules'
import type { DB } from '#db/schema'

/** Sign-off requests waiting in each age band (0–7, 8–14, 15–28, 29+ days): a small service's usual few. */
const WAITING = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [1, 0, 1, 0],
  [0, 0, 0, 1],
  [2, 0, 0, 0],
  [0, 0, 0, 0],
]
/** A month's small rise or fall in people on schedule, so that the lines are not ruled straight. */
const WOBBLE = [0, 1, 0, -1, 1, 0, -1, 0, 1, 0, -1]

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value))

/**
 * One team's invented month, `back` months ago, drawn from where the team stands today: the same people and
 * requirements; supervision drifting from about 60% on schedule towards today's share; a requirement met today
 * counted from a few months back (one fewer every three months); a few sign-offs waiting, now and then one over
 * 28 days.
 */
function inventMonth(today: SnapshotFigures, back: number, teamIndex: number): SnapshotFigures {
  const towards = Math.round((back * (today.supervised * 0.6 - today.onSchedule)) / TREND_MONTHS)
  const onSchedule = clamp(
    today.onSchedule + towards + WOBBLE[(back + teamIndex * 3) % WOBBLE.length]!,
    0,
    today.supervised,
  )
  const overdue = clamp(
    today.overdue + Math.round((today.onSchedule - onSchedule) / 2),
    0,
    today.supervised - onSchedule,
  )
  const [a, b, c, d] = WAITING[(back + teamIndex) % WAITING.length]!
  return {
    headcount: today.headcount,
    supervised: today.supervised,
    onSchedule,
    overdue,
    bands: { '0-7': a!, '8-14': b!, '15-28': c!, '29+': d! },
    awaitingReReview: (back + teamIndex) % 5 === 0 ? 1 : 0,
    coverage: today.coverage.map((cell) => ({ ...cell, met: Math.max(0, cell.met - Math.floor(back / 3)) })),
  }
}

/** The everyone row: the teams added up, plus whatever today's everyone row holds beyond its teams (no team). */
function addUp(
  everyoneToday: SnapshotFigures,
  teamsToday: SnapshotFigures[],
  teams: SnapshotFigures[],
): SnapshotFigures {
  const sum = (pick: (f: SnapshotFigures) => number, list: SnapshotFigures[]) => list.reduce((n, f) => n + pick(f), 0)
  const total = (pick: (f: SnapshotFigures) => number) => pick(everyoneToday) - sum(pick, teamsToday) + sum(pick, teams)
  const band = (key: keyof SnapshotFigures['bands']) => total((f) => f.bands[key])
  const cell = (of: { domainId: string; tier: string }, pick: 'met' | 'required') =>
    total((f) => f.coverage.find((c) => c.domainId === of.domainId && c.tier === of.tier)?.[pick] ?? 0)
  return {
    headcount: total((f) => f.headcount),
    supervised: total((f) => f.supervised),
    onSchedule: total((f) => f.onSchedule),
    overdue: total((f) => f.overdue),
    bands: { '0-7': band('0-7'), '8-14': band('8-14'), '15-28': band('15-28'), '29+': band('29+') },
    awaitingReReview: total((f) => f.awaitingReReview),
    coverage: everyoneToday.coverage.map((c) => ({
      ...c,
      met: clamp(cell(c, 'met'), 0, c.required),
      required: c.required,
    })),
  }
}

/**
 * The demo service's invented history for the workforce trends: the eleven months before this one, as if the
 * monthly snapshot had run on the first of each month. Written only while no month is recorded at all, so a
 * service with real history never gets invented months; and since the month just ended is among them, the real
 * job leaves it as it is.
 */
export async function seedDemoTrends(db: Kysely<DB>, today: string = todayInLondon()): Promise<boolean> {
  const recorded = await db
    .selectFrom('workforce_snapshot')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow()
  if (recorded.n > 0) return false
  const versionIds = (await listCurrentVersions(db)).map((v) => v.id)
  const teams = await db.selectFrom('team').select(['id', 'name']).orderBy('name').execute()
  const figuresOf = (teamId: string | null) =>
    getSnapshotFigures(db, { scope: { teamId, jobRoleCode: null }, today, versionIds })
  const everyoneToday = await figuresOf(null)
  const teamsToday: SnapshotFigures[] = []
  for (const team of teams) teamsToday.push(await figuresOf(team.id))

  const thisMonth = monthOf(today)
  for (let back = TREND_MONTHS - 1; back >= 1; back -= 1) {
    const month = addMonths(thisMonth, -back)
    const asOf = addMonths(month, 1)
    const invented = teamsToday.map((figures, i) => inventMonth(figures, back, i))
    await recordSnapshotMonth(db, {
      month,
      asOf,
      takenAt: new Date(`${asOf}T06:00:00Z`),
      rows: [
        { teamId: null, teamName: 'Everyone', figures: addUp(everyoneToday, teamsToday, invented) },
        ...teams.map((team, i) => ({ teamId: team.id, teamName: team.name, figures: invented[i]! })),
      ],
    })
  }
  return true
}
