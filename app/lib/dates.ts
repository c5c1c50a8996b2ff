/** UK dates: the service works in Europe/London and shows dates as 22 Nov 2026. */
export const SERVICE_TIME_ZONE = 'Europe/London'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const dayFormatter = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})
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

export function isIsoDate(value: string): boolean {
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

/** A moment in time, shown as London wall-clock time: '22 Nov 2026, 14:05'. */
export function formatUkDateTime(moment: Date | string): string {
  return dateTimeFormatter.format(new Date(moment)).replace(/\bSept\b/, 'Sep')
}

/** Today's date in London as 'YYYY-MM-DD' (after midnight in London it is already tomorrow). */
export function todayInLondon(now: Date = new Date()): string {
  return isoInLondon.format(now)
}
