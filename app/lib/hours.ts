export const MINUTES_STEP = 15

/** '1.5' → 90 minutes; an explanation when the text is not hours in quarter-hour steps. */
export function parseHours(value: string): { minutes: number } | { error: string } {
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(value))
    return { error: 'Enter hours as a number, like 1.5 (for an hour and a half)' }
  const minutes = Math.round(Number(value) * 60)
  if (minutes <= 0) return { error: 'Hours must be more than 0' }
  if (minutes % MINUTES_STEP !== 0) return { error: 'Enter hours in quarter-hour steps, like 0.25, 1.5 or 2.75' }
  return { minutes }
}

/** 90 → '1.5'; hours are shown with at most two decimals. */
export function formatHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100)
}

/** 90 → '1.5 hours', 60 → '1 hour'. */
export function describeHours(minutes: number): string {
  return `${formatHours(minutes)} ${minutes === 60 ? 'hour' : 'hours'}`
}
