import { describe, expect, it } from 'vitest'
import { formatUkDate, formatUkDateTime, isIsoDate, todayInLondon } from '#app/lib/dates'

describe('UK dates', () => {
  it('shows a calendar date as 22 Nov 2026', () => {
    expect(formatUkDate('2026-11-22')).toBe('22 Nov 2026')
    expect(formatUkDate('2026-09-01')).toBe('1 Sep 2026')
  })
  it('refuses what is not a real date', () => {
    expect(isIsoDate('2026-02-30')).toBe(false)
    expect(() => formatUkDate('22/11/2026')).toThrow(RangeError)
  })
  it('shows moments in London time, summer and winter', () => {
    expect(formatUkDateTime('2026-07-01T12:00:00Z')).toBe('1 Jul 2026, 13:00')
    expect(formatUkDateTime('2026-12-01T12:00:00Z')).toBe('1 Dec 2026, 12:00')
  })
  it('knows that just after midnight in London it is already the next day', () => {
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31')
  })
})
