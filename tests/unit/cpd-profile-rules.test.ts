import { describe, expect, it } from 'vitest'
import {
  type ReadinessActivity,
  type ReadinessInput,
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
  const activity = (id: string, over: Partial<ReadinessActivity> = {}): ReadinessActivity => ({
    id,
    activityType: 'work-based-learning',
    reflectionPractice: 'I now assess seating at the first visit',
    reflectionBenefit: 'Fewer pressure injuries',
    status: 'complete',
    fileCount: 1,
    ...over,
  })
  const ready: ReadinessInput = {
    activities: [
      activity('a', { activityType: 'formal-educational' }),
      activity('b'),
      activity('c'),
      activity('d', { activityType: 'self-directed' }),
    ],
    gaps: [],
    explainedGaps: new Set<string>(),
    summary: words(300),
    statement: words(1200),
    chosenIds: new Set(['a', 'b', 'c', 'd']),
  }
  const problemsBy = (input: ReadinessInput) =>
    Object.fromEntries(checkAuditReadiness(input).map((c) => [c.standard, c.problems]))

  it('passes every standard when nothing is missing', () => {
    expect(checkAuditReadiness(ready).every((check) => check.ok)).toBe(true)
  })

  it('standard 1: a continuous record, with drafts and unexplained gaps listed', () => {
    const problems = problemsBy({
      ...ready,
      activities: [...ready.activities, activity('e', { status: 'draft' })],
      gaps: [{ from: '2026-01', to: '2026-03', months: 3 }],
    })
    expect(problems[1]).toEqual(['1 gap of 3 or more months not explained', '1 entry is still a draft'])
    expect(problemsBy({ ...ready, activities: [], chosenIds: new Set() })[1]).toEqual([
      'No complete CPD entries in this period',
    ])
  })

  it('standard 1 accepts an explained gap', () => {
    const gap = { from: '2026-01', to: '2026-03', months: 3 }
    const [standard1] = checkAuditReadiness({ ...ready, gaps: [gap], explainedGaps: new Set(['2026-01']) })
    expect(standard1.ok).toBe(true)
  })

  it('standard 2: a mixture of activity types, and nothing about the summary', () => {
    const problems = problemsBy({
      ...ready,
      activities: ready.activities.map((a) => ({ ...a, activityType: 'self-directed' })),
      summary: words(501),
    })
    expect(problems[2]).toEqual(['Only 1 type of activity; HCPC asks for at least 2'])
  })

  it('standard 3: a statement, and each chosen activity saying how it changed practice', () => {
    const problems = problemsBy({
      ...ready,
      statement: '',
      activities: ready.activities.map((a) => (a.id === 'b' ? { ...a, reflectionPractice: ' ' } : a)),
    })
    expect(problems[3]).toEqual([
      'No statement yet of how your CPD changed your practice',
      '1 chosen activity does not say how it changed your practice',
    ])
  })

  it('standard 4: every complete entry says how it benefits service users', () => {
    const problems = problemsBy({
      ...ready,
      activities: ready.activities.map((a) => (a.id === 'a' ? a : { ...a, reflectionBenefit: null })),
    })
    expect(problems[4]).toEqual(['3 complete entries do not say how it benefits service users'])
  })

  it('standard 5: is not ready when three of four chosen activities have no evidence attached', () => {
    const problems = problemsBy({
      ...ready,
      activities: ready.activities.map((a) => (a.id === 'a' ? a : { ...a, fileCount: 0 })),
    })
    expect(problems[5]).toEqual(['3 chosen activities have no supporting evidence attached'])
    expect(checkAuditReadiness(ready).find((c) => c.standard === 5)?.ok).toBe(true)
  })

  it('standard 5: the summary, the statement’s length and 4 to 6 chosen activities belong to the written profile', () => {
    const problems = problemsBy({ ...ready, summary: words(501), statement: words(1501), chosenIds: new Set(['a']) })
    expect(problems[5]).toEqual([
      'The summary has 501 words; the limit is 500',
      'The statement has 1501 words; the limit is 1500',
      '1 activity chosen for the statement; choose 4 to 6',
    ])
    expect(problemsBy({ ...ready, summary: '' })[5]).toEqual(['No summary of practice history yet'])
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
