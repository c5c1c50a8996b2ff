/** UK dates: the service works in Europe/London and shows dates as 22 Nov 2026. */
export const SERVICE_TIME_ZONE = 'Europe/London'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const dayFormatter = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})
const monthFormatter = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
const dateTimeFormatter = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: SERVICE_TIME_ZONE,
})
const isoInLondon = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: SERVICE_TIME_ZONE,
})

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === value
}

/** '2026-11-22' → '22 Nov 2026'. Calendar dates never pass through a time zone. */
export function formatUkDate(isoDate: string): string {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a calendar date: ${isoDate}`)
  return dayFormatter.format(new Date(`${isoDate}T00:00:00Z`)).replace(/\bSept\b/, 'Sep')
}

/** '2026-11-22' (any day of the month) → 'Nov 2026'. */
export function formatUkMonth(isoDate: string): string {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a calendar date: ${isoDate}`)
  return monthFormatter.format(new Date(`${isoDate}T00:00:00Z`)).replace(/\bSept\b/, 'Sep')
}

/** A moment in time, shown as London wall-clock time: '22 Nov 2026, 14:05'. */
export function formatUkDateTime(moment: Date | string): string {
  return dateTimeFormatter.format(new Date(moment)).replace(/\bSept\b/, 'Sep')
}

/** Today's date in London as 'YYYY-MM-DD' (after midnight in London it is already tomorrow). */
export function todayInLondon(now: Date = new Date()): string {
  return isoInLondon.format(now)
}

// Calendar arithmetic on 'YYYY-MM-DD' strings, done on UTC midnights so that no time zone moves a date.
const DAY_MS = 86_400_000

function utcMidnight(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  return fromUtc(utcMidnight(date) + days * DAY_MS)
}

/** The same day some months later; the 31st becomes the month's last day when the month is shorter (31 Jan + 1 → 28 Feb). */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7)) - 1 + months
  const day = Number(date.slice(8, 10))
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return fromUtc(Date.UTC(year, month, Math.min(day, lastDay)))
}

/** The first day of the date's month. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`
}

/** The last day of the date's month. */
export function endOfMonth(date: string): string {
  return addDays(addMonths(startOfMonth(date), 1), -1)
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS)
}

/** Whole days elapsed between two instants, never negative: "waiting 3 days". */
export function wholeDaysSince(from: Date | string, to: Date | string): number {
  const ms = new Date(to).getTime() - new Date(from).getTime()
  return Math.max(0, Math.floor(ms / DAY_MS))
}
