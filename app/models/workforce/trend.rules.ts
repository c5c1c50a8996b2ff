import { addMonths, formatUkMonth } from '#app/lib/dates'
import { share } from './dashboard.rules'

/** How many months the trend charts show, the current one included. */
export const TREND_MONTHS = 12

/** The first day of the month `date` falls in. */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`
}

/**
 * The month a snapshot taken on `today` records: the calendar month that has just ended. Its figures are the ones
 * that stand on the day of the run, which is the first of the next month when the job runs daily.
 */
export function snapshotMonth(today: string): string {
  return addMonths(monthOf(today), -1)
}

/** The figures of one month, from a snapshot or from today's dashboard. */
export interface TrendFigures {
  /** The day the figures were worked out. */
  asOf: string
  headcount: number
  coverage: { required: number; met: number } | null
  supervised: number
  onSchedule: number
  overdue: number
  waiting: number
  /** Requests waiting 29 days or more. */
  waitingOver28: number
  awaitingReReview: number
}

export interface TrendPoint extends Partial<TrendFigures> {
  month: string
  label: string
  /** Today's figures (live) rather than a snapshot. */
  live: boolean
  /** Nothing was recorded for this month. */
  missing: boolean
  coveragePercent: number | null
  compliancePercent: number | null
}

/**
 * The last TREND_MONTHS months, oldest first: recorded months from their snapshots, the current month from today's
 * figures, and a gap (missing) for a month nobody recorded.
 */
export function buildTrend(input: {
  today: string
  past: readonly { month: string; figures: TrendFigures }[]
  current: TrendFigures
  months?: number
}): { points: TrendPoint[]; recordedMonths: number } {
  const months = input.months ?? TREND_MONTHS
  const thisMonth = monthOf(input.today)
  const byMonth = new Map(input.past.filter((p) => p.month < thisMonth).map((p) => [p.month, p.figures]))
  const points: TrendPoint[] = []
  for (let back = months - 1; back >= 0; back -= 1) {
    const month = addMonths(thisMonth, -back)
    const figures = back === 0 ? input.current : byMonth.get(month)
    points.push({
      month,
      label: formatUkMonth(month),
      live: back === 0,
      missing: !figures,
      ...figures,
      coveragePercent: figures?.coverage ? share(figures.coverage.met, figures.coverage.required) : null,
      compliancePercent: figures ? share(figures.onSchedule, figures.supervised) : null,
    })
  }
  return { points, recordedMonths: points.filter((p) => !p.live && !p.missing).length }
}

/** Today's trend figures from the dashboard's own sections, so that the current month and the page agree. */
export function currentTrendFigures(input: {
  today: string
  headcount: number
  coverage: { everyone: { cells: readonly { required: number; met: number }[] } } | null
  compliance: { people: number; onSchedule: number; overdue: number }
  backlog: { waiting: number; awaitingReReview: number; bands: readonly { key: string; count: number }[] }
}): TrendFigures {
  return {
    asOf: input.today,
    headcount: input.headcount,
    coverage: input.coverage ? sumCoverage(input.coverage.everyone.cells) : null,
    supervised: input.compliance.people,
    onSchedule: input.compliance.onSchedule,
    overdue: input.compliance.overdue,
    waiting: input.backlog.waiting,
    waitingOver28: input.backlog.bands.find((b) => b.key === '29+')?.count ?? 0,
    awaitingReReview: input.backlog.awaitingReReview,
  }
}

export function sumCoverage(cells: readonly { required: number; met: number }[]) {
  return cells.reduce((sum, c) => ({ required: sum.required + c.required, met: sum.met + c.met }), {
    required: 0,
    met: 0,
  })
}
