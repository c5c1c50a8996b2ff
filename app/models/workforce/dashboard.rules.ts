import { addMonths, endOfMonth, isIsoDate, startOfMonth } from '#app/lib/dates'

/** How long sign-off requests have waited, in the bands the principal OT reads the backlog by. */
export const BACKLOG_BANDS = [
  { key: '0-7', label: '0–7 days', upTo: 7 },
  { key: '8-14', label: '8–14 days', upTo: 14 },
  { key: '15-28', label: '15–28 days', upTo: 28 },
  { key: '29+', label: '29 days or more', upTo: Number.POSITIVE_INFINITY },
] as const
export type BacklogBand = (typeof BACKLOG_BANDS)[number]['key']

export function backlogBand(daysWaiting: number): BacklogBand {
  return BACKLOG_BANDS.find((band) => daysWaiting <= band.upTo)!.key
}

/** How many rows a long table on the dashboard shows (those most in need of attention); the CSV has them all. */
export const ROWS_SHOWN = 25

/**
 * Supervisors' compliance rows with those most in need of attention first: the lowest share on schedule, then
 * the most overdue, then by name; a row with nobody to count (no share) last.
 */
export function lowestShareFirst<T extends { name: string; percent: number | null; overdue: number }>(
  rows: readonly T[],
): T[] {
  return [...rows].sort(
    (a, b) =>
      (a.percent ?? Number.POSITIVE_INFINITY) - (b.percent ?? Number.POSITIVE_INFINITY) ||
      b.overdue - a.overdue ||
      a.name.localeCompare(b.name),
  )
}

/** Nobody with a date in their log for this many months is listed as having no recent CPD. */
export const NO_RECENT_CPD_MONTHS = 3
/** How far back decisions count towards each reviewer's median time to decide. */
export const DECISION_MONTHS = 6
/** How far ahead the registrations chart looks. */
export const EXPIRY_MONTHS_AHEAD = 24

/** A period of whole months, from the first day of one to the last day of another. */
export interface CpdRange {
  from: string
  to: string
}

/** The CPD period shown unless another is asked for: this month and the 23 before it, one HCPC renewal cycle. */
export function defaultCpdRange(today: string): CpdRange {
  return { from: startOfMonth(addMonths(today, -23)), to: endOfMonth(today) }
}

/** '2026-03' (as a month field sends it) or a date within the month, as that month's first day; else null. */
export function readMonth(value: string): string | null {
  const date = /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value
  return isIsoDate(date) ? startOfMonth(date) : null
}

/**
 * The CPD period in the address, checked: both months real and in order, or the default with a note saying why.
 * A period may be open at one end (from a month, or up to one); a date stands for its whole month, so that the
 * totals come straight from the monthly CPD table.
 */
export function readCpdRange(
  asked: { from: string | null; to: string | null },
  today: string,
): { range: CpdRange; notice: string | null } {
  const fallback = defaultCpdRange(today)
  const from = asked.from?.trim() || null
  const to = asked.to?.trim() || null
  if (!from && !to) return { range: fallback, notice: null }
  const fromMonth = from ? readMonth(from) : fallback.from
  const toMonth = to ? readMonth(to) : startOfMonth(today)
  if (!fromMonth || !toMonth) {
    return { range: fallback, notice: 'Those are not real months – showing the last two years.' }
  }
  if (fromMonth > toMonth) {
    return { range: fallback, notice: 'The first month is after the last month – showing the last two years.' }
  }
  return { range: { from: fromMonth, to: endOfMonth(toMonth) }, notice: null }
}

/**
 * The share as a whole percentage, rounded down so that 100% always means everyone, or null where nobody is
 * counted (shown as "no requirement", not 0%).
 */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((part * 100) / whole)
}

/**
 * The colour band of a coverage cell, so that the heatmap reads without colour too: each band has words.
 * Thresholds follow the usual red–amber–green reading of a training matrix.
 */
export function coverageBand(percent: number | null): 'none' | 'low' | 'part' | 'most' | 'all' {
  if (percent === null) return 'none'
  if (percent === 100) return 'all'
  if (percent >= 75) return 'most'
  if (percent >= 50) return 'part'
  return 'low'
}

export const COVERAGE_BAND_LABELS: Record<ReturnType<typeof coverageBand>, string> = {
  none: 'No requirement',
  low: 'Under half',
  part: 'Half or more',
  most: 'Three quarters or more',
  all: 'Everyone',
}

/** The steps from adult social care worker to registered OT, in the order people move along them. */
export const PIPELINE_STAGES = [
  { key: 'ascw', label: 'Adult social care workers' },
  { key: 'year-1', label: 'Apprentices in year 1' },
  { key: 'year-2', label: 'Apprentices in year 2' },
  { key: 'year-3', label: 'Apprentices in year 3' },
  { key: 'year-4+', label: 'Apprentices in year 4 or later' },
  { key: 'gateway', label: 'At gateway or end-point assessment' },
  { key: 'awaiting-registration', label: 'Completed, not yet registered' },
  { key: 'registered', label: 'Completed and registered' },
] as const
export type PipelineStage = (typeof PIPELINE_STAGES)[number]['key']

/** Which year of the programme someone who started on `startsOn` is in today: year 1 for the first twelve months. */
export function programmeYear(startsOn: string, today: string): number {
  let year = 1
  while (year < 4 && addMonths(startsOn, 12 * year) <= today) year += 1
  return year
}

/**
 * Where one apprenticeship stands in the pipeline, or null when it has left it (withdrawn). A completed
 * apprenticeship counts as registered once the person's HCPC registration is recorded and not lapsed.
 */
export function pipelineStage(
  apprenticeship: { status: string; startsOn: string },
  registered: boolean,
  today: string,
): PipelineStage | null {
  switch (apprenticeship.status) {
    case 'on-programme':
    case 'break-in-learning': {
      const year = programmeYear(apprenticeship.startsOn, today)
      return year >= 4 ? 'year-4+' : (`year-${year}` as PipelineStage)
    }
    case 'gateway':
    case 'epa':
      return 'gateway'
    case 'completed':
      return registered ? 'registered' : 'awaiting-registration'
    default:
      return null
  }
}
