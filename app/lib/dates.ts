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
  const month = Number(match[2])
  const day = Number(match[3])
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month)
}

/** '2026-11-22' → '22 Nov 2026'. Calendar dates never pass through a time zone. */
export function formatUkDate(isoDate: string): string {
  const known = formatted.get(isoDate)
  if (known) return known
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a calendar date: ${isoDate}`)
  const text = dayFormatter.format(new Date(`${isoDate}T00:00:00Z`)).replace(/\bSept\b/, 'Sep')
  // Whole-service lists show the same few hundred dates many times over; formatting is the slow part.
  if (formatted.size >= 10_000) formatted.clear()
  formatted.set(isoDate, text)
  return text
}
const formatted = new Map<string, string>()

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

// Calendar arithmetic on 'YYYY-MM-DD' strings, in whole days counted from 1 Jan 1970 on the proleptic Gregorian
// calendar, so that no time zone moves a date. Reports work out thousands of dates per request, so this avoids
// building Date objects.

const DAY_MS = 86_400_000

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!
}

/** Days from 1970-01-01 to the date, counting years from March so that a leap day ends its year. */
function dayNumber(date: string): number {
  const month = Number(date.slice(5, 7))
  const year = Number(date.slice(0, 4)) - (month <= 2 ? 1 : 0)
  const era = Math.floor(year / 400)
  const yearOfEra = year - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + Number(date.slice(8, 10)) - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

function fromDayNumber(days: number): string {
  const shifted = days + 719_468
  const era = Math.floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
  return isoDate(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days)
}

/** The same day some months later; the 31st becomes the month's last day when the month is shorter (31 Jan + 1 → 28 Feb). */
export function addMonths(date: string, months: number): string {
  const counted = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months
  const year = Math.floor(counted / 12)
  const month = counted - year * 12 + 1
  return isoDate(year, month, Math.min(Number(date.slice(8, 10)), daysInMonth(year, month)))
}

/** The first day of the date's month. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`
}

/** The last day of the date's month. */
export function endOfMonth(date: string): string {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  return isoDate(year, month, daysInMonth(year, month))
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

/** Whole days elapsed between two instants, never negative: "waiting 3 days". */
export function wholeDaysSince(from: Date | string, to: Date | string): number {
  const ms = new Date(to).getTime() - new Date(from).getTime()
  return Math.max(0, Math.floor(ms / DAY_MS))
}
