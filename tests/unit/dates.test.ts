import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  daysBetween,
  endOfMonth,
  formatUkDate,
  formatUkDateTime,
  formatUkMonth,
  isIsoDate,
  startOfMonth,
  todayInLondon,
} from '#app/lib/dates'

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

/** The same arithmetic done with Date objects on UTC midnights, to check the day counting against. */
const reference = {
  iso: (ms: number) => new Date(ms).toISOString().slice(0, 10),
  ms: (date: string) => Date.parse(`${date}T00:00:00Z`),
  addMonths(date: string, months: number) {
    const year = Number(date.slice(0, 4))
    const month = Number(date.slice(5, 7)) - 1 + months
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
    return reference.iso(Date.UTC(year, month, Math.min(Number(date.slice(8, 10)), lastDay)))
  },
}
const anyDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

describe('calendar arithmetic', () => {
  it('agrees with Date on UTC midnights for days, months, month ends and the days between', () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: -4000, max: 4000 }),
        fc.integer({ min: -60, max: 60 }),
        (date, days, months) => {
          expect(addDays(date, days)).toBe(reference.iso(reference.ms(date) + days * 86_400_000))
          expect(addMonths(date, months)).toBe(reference.addMonths(date, months))
          expect(daysBetween(date, addDays(date, days))).toBe(days)
          expect(endOfMonth(date)).toBe(reference.iso(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)))
          expect(isIsoDate(date)).toBe(true)
        },
      ),
    )
  })

  it('knows leap days and month lengths', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01')
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29')
    expect(addMonths('2026-11-15', -23)).toBe('2024-12-15')
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29')
    expect(startOfMonth('2026-12-02')).toBe('2026-12-01')
    expect(formatUkMonth('2026-09-30')).toBe('Sep 2026')
    for (const bad of ['2026-00-10', '2026-13-01', '2026-04-31', '2025-02-29', '2026-1-01', '2026-01-00']) {
      expect(isIsoDate(bad), bad).toBe(false)
    }
    expect(isIsoDate('2024-02-29')).toBe(true)
  })
})
