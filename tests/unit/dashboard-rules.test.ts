import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BACKLOG_BANDS,
  backlogBand,
  coverageBand,
  defaultCpdRange,
  lowestShareFirst,
  pipelineStage,
  programmeYear,
  readCpdRange,
  share,
} from '#app/models/workforce/dashboard.rules'

describe('the workforce dashboard’s rules', () => {
  it('puts every wait in exactly one band, at the edges as the labels say', () => {
    expect([0, 7, 8, 14, 15, 28, 29, 400].map(backlogBand)).toEqual([
      '0-7',
      '0-7',
      '8-14',
      '8-14',
      '15-28',
      '15-28',
      '29+',
      '29+',
    ])
    fc.assert(fc.property(fc.nat(5000), (days) => BACKLOG_BANDS.some((band) => band.key === backlogBand(days))))
  })

  it('never shows 100% unless everyone meets it, and shows no share where nobody is counted', () => {
    expect(share(249, 250)).toBe(99)
    expect(share(250, 250)).toBe(100)
    expect(share(0, 0)).toBeNull()
    expect(share(1, 3)).toBe(33)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(100_000), (whole, extra) => {
        const part = extra % (whole + 1)
        const percent = share(part, whole)!
        return percent >= 0 && percent <= 100 && (percent === 100) === (part === whole)
      }),
    )
  })

  it('bands coverage in words as well as colour', () => {
    expect([null, 0, 49, 50, 74, 75, 99, 100].map(coverageBand)).toEqual([
      'none',
      'low',
      'low',
      'part',
      'part',
      'most',
      'most',
      'all',
    ])
  })

  it('reads the CPD period from the address in whole months, or explains why it shows the last two years', () => {
    const today = '2026-12-02'
    expect(defaultCpdRange(today)).toEqual({ from: '2025-01-01', to: '2026-12-31' })
    expect(readCpdRange({ from: null, to: null }, today)).toEqual({ range: defaultCpdRange(today), notice: null })
    expect(readCpdRange({ from: '2026-01', to: '' }, today)).toEqual({
      range: { from: '2026-01-01', to: '2026-12-31' },
      notice: null,
    })
    // A date, as an older address has it, stands for its month.
    expect(readCpdRange({ from: '2025-03-17', to: '2026-02-02' }, today).range).toEqual({
      from: '2025-03-01',
      to: '2026-02-28',
    })
    expect(readCpdRange({ from: '2026-06', to: '2026-06' }, today).range).toEqual({
      from: '2026-06-01',
      to: '2026-06-30',
    })
    for (const from of ['2026-13', '2026-02-30', 'yesterday', '26-01']) {
      expect(readCpdRange({ from, to: null }, today).notice, from).toMatch(/not real months/)
    }
    expect(readCpdRange({ from: '2026-06', to: '2026-05' }, today).notice).toMatch(/after the last month/)
    expect(readCpdRange({ from: '2026-06', to: '2026-05' }, today).range).toEqual(defaultCpdRange(today))
  })
})

describe('the apprenticeship pipeline’s steps', () => {
  it('counts programme years from the start date, in whole years', () => {
    expect(programmeYear('2025-01-06', '2025-01-06')).toBe(1)
    expect(programmeYear('2025-01-06', '2026-01-05')).toBe(1)
    expect(programmeYear('2025-01-06', '2026-01-06')).toBe(2)
    expect(programmeYear('2020-01-06', '2026-01-06')).toBe(4)
  })

  it('places each status on its step, and a completion on registered only once registered', () => {
    const start = { startsOn: '2025-01-06' }
    expect(pipelineStage({ ...start, status: 'break-in-learning' }, false, '2026-03-01')).toBe('year-2')
    expect(pipelineStage({ ...start, status: 'epa' }, false, '2026-03-01')).toBe('gateway')
    expect(pipelineStage({ ...start, status: 'completed' }, false, '2026-03-01')).toBe('awaiting-registration')
    expect(pipelineStage({ ...start, status: 'completed' }, true, '2026-03-01')).toBe('registered')
    expect(pipelineStage({ ...start, status: 'withdrawn' }, true, '2026-03-01')).toBeNull()
  })
})

describe('the order of the long tables', () => {
  it('puts the supervisors most in need of attention first, and those with nobody counted last', () => {
    const rows = [
      { name: 'Beth', percent: 80, overdue: 0 },
      { name: 'Ade', percent: null, overdue: 0 },
      { name: 'Cara', percent: 40, overdue: 1 },
      { name: 'Dev', percent: 40, overdue: 3 },
      { name: 'Abe', percent: 80, overdue: 0 },
    ]
    expect(lowestShareFirst(rows).map((r) => r.name)).toEqual(['Dev', 'Cara', 'Abe', 'Beth', 'Ade'])
    expect(rows[0].name).toBe('Beth')
  })
})
