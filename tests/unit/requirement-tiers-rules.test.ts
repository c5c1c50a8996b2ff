import { describe, expect, it } from 'vitest'
import { type TierCheckRow, findTierProblems } from '#app/models/frameworks/requirement-tiers.rules'

const TOP = new Map([['rcot-cdf', ['PP', 'FL', 'LD', 'ERD']]])
let next = 0
const row = (over: Partial<TierCheckRow>): TierCheckRow => ({
  index: next++,
  jobRole: 'ot',
  framework: 'rcot-cdf',
  domain: '*',
  tier: 'essential',
  levelCode: '5',
  ordinal: 5,
  ...over,
})

describe('requirement tiers', () => {
  it('accepts a desirable level at or above the essential one, domain by domain', () => {
    next = 0
    const rows = [
      row({ domain: 'PP', levelCode: '7', ordinal: 7 }),
      row({ tier: 'desirable', levelCode: '7', ordinal: 7 }),
      row({ jobRole: 'ot-apprentice', levelCode: '3', ordinal: 3 }),
      row({ jobRole: 'ot-apprentice', tier: 'desirable', levelCode: '5', ordinal: 5 }),
    ]
    expect(findTierProblems(rows, TOP)).toEqual([])
  })

  it('refuses a desirable level below the essential one, naming the domains where it falls short', () => {
    next = 0
    const rows = [
      row({ levelCode: '5', ordinal: 5 }),
      row({ domain: 'PP', levelCode: '7', ordinal: 7 }),
      row({ tier: 'desirable', levelCode: '6', ordinal: 6 }),
    ]
    expect(findTierProblems(rows, TOP)).toEqual([
      {
        index: 2,
        path: 'requirements.2.minimumLevel',
        problem: expect.stringMatching(
          /^the desirable level '6' for ot is below the essential level '7' \(requirements\.1\) in PP;/,
        ),
      },
    ])
  })

  it('refuses the same role, framework, domain and tier twice', () => {
    next = 0
    const rows = [row({}), row({ tier: 'desirable', ordinal: 6 }), row({ tier: 'desirable', ordinal: 7 })]
    expect(findTierProblems(rows, TOP)).toEqual([
      expect.objectContaining({
        index: 2,
        path: 'requirements.2',
        problem: expect.stringMatching(/^repeats requirements\.1/),
      }),
    ])
  })
})
