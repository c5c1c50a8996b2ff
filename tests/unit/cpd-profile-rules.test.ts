import { describe, expect, it } from 'vitest'
import {
  checkAuditReadiness,
  countWords,
  findActivityGaps,
  periodSinceLastRenewal,
} from '#app/models/cpd-profile/cpd-profile.rules'

const period = { from: '2025-11-01', to: '2027-10-31' }

describe('counting words', () => {
  it('counts words as a person would, including hyphens and apostrophes', () => {
    expect(countWords('I’m a band-5 OT, working in reablement.')).toBe(7)
    expect(countWords('   ')).toBe(0)
    expect(countWords(null)).toBe(0)
  })
})

describe('gaps in CPD', () => {
  it('flags three or more consecutive months without any activity', () => {
    const gaps = findActivityGaps(
      [
        { startsOn: '2025-11-10', endsOn: null },
        { startsOn: '2026-03-02', endsOn: null },
        { startsOn: '2026-04-20', endsOn: null },
      ],
      period,
      '2026-08-15',
    )
    expect(gaps).toEqual([
      { from: '2025-12', to: '2026-02', months: 3 },
      { from: '2026-05', to: '2026-08', months: 4 },
    ])
  })
  it('does not flag two empty months, or months still to come', () => {
    expect(
      findActivityGaps(
        [
          { startsOn: '2025-11-01', endsOn: null },
          { startsOn: '2026-02-01', endsOn: null },
        ],
        period,
        '2026-03-31',
      ),
    ).toEqual([])
  })
  it('counts a long activity in every month it touches', () => {
    expect(findActivityGaps([{ startsOn: '2025-11-20', endsOn: '2026-04-02' }], period, '2026-04-30')).toEqual([])
  })
  it('reports an empty period as one gap once it reaches three months', () => {
    expect(findActivityGaps([], period, '2026-01-31')).toEqual([{ from: '2025-11', to: '2026-01', months: 3 }])
  })
  it('writes a gap before the year 1000 with a four-digit year, as every date is written', () => {
    // '100-01' was no date: the profile page and its PDF, which show the gap's months, answered 500.
    const gaps = findActivityGaps(
      [{ startsOn: '2026-01-05', endsOn: null }],
      { from: '0100-01-01', to: '2026-01-31' },
      '2026-01-31',
    )
    expect(gaps).toEqual([{ from: '0100-01', to: '2025-12', months: 1926 * 12 }])
  })
})

describe('audit readiness', () => {
  const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ')
  const ready = {
    activities: [
      { activityType: 'formal-educational', reflectionBenefit: 'Safer transfers', status: 'complete' },
      { activityType: 'work-based-learning', reflectionBenefit: 'Better seating', status: 'complete' },
    ],
    gaps: [],
    explainedGaps: new Set<string>(),
    summary: words(300),
    statement: words(1200),
    chosenCount: 5,
  }
  it('passes every standard when nothing is missing', () => {
    expect(checkAuditReadiness(ready).every((check) => check.ok)).toBe(true)
  })
  it('lists what is missing against each standard', () => {
    const checks = checkAuditReadiness({
      ...ready,
      activities: [
        { activityType: 'self-directed', reflectionBenefit: null, status: 'complete' },
        { activityType: null, reflectionBenefit: null, status: 'draft' },
      ],
      gaps: [{ from: '2026-01', to: '2026-03', months: 3 }],
      summary: words(501),
      statement: words(1501),
      chosenCount: 3,
    })
    expect(Object.fromEntries(checks.map((c) => [c.standard, c.problems]))).toEqual({
      1: ['1 gap of 3 or more months not explained', '1 entry is still a draft'],
      2: ['Only 1 type of activity; HCPC asks for at least 2', 'The summary has 501 words; the limit is 500'],
      3: ['The statement has 1501 words; the limit is 1500', '3 activities chosen for the statement; choose 4 to 6'],
      4: ['1 complete entry does not say how it benefits service users'],
      5: [],
    })
  })
  it('accepts an explained gap', () => {
    const gap = { from: '2026-01', to: '2026-03', months: 3 }
    const [standard1] = checkAuditReadiness({ ...ready, gaps: [gap], explainedGaps: new Set(['2026-01']) })
    expect(standard1.ok).toBe(true)
  })
})

describe('the period since the last renewal', () => {
  const windows = [
    { closes: '2023-10-31', lapses: '2023-11-01' },
    { closes: '2025-10-31', lapses: '2025-11-01' },
    { closes: '2027-10-31', lapses: '2027-11-01' },
  ]

  it('starts the day after the last deadline that has passed', () => {
    expect(periodSinceLastRenewal(windows, '2015-09-01', '2026-11-23')).toEqual({
      from: '2025-11-01',
      to: '2026-11-23',
    })
    expect(periodSinceLastRenewal(windows, '2015-09-01', '2025-10-31')).toEqual({
      from: '2023-11-01',
      to: '2025-10-31',
    })
  })

  it('starts on joining the register when that came later, and gives nothing before any deadline', () => {
    expect(periodSinceLastRenewal(windows, '2026-02-10', '2026-11-23')).toEqual({
      from: '2026-02-10',
      to: '2026-11-23',
    })
    expect(periodSinceLastRenewal(windows, '2015-09-01', '2023-06-01')).toBeUndefined()
  })
})
