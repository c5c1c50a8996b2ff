import { describe, expect, it } from 'vitest'
import { compareSelfMapping, groupByDomain } from '#app/models/capabilities/self-mapping.rules'

describe('a self-mapping against what is signed off', () => {
  it('reads above, the same, below or not mapped', () => {
    expect(compareSelfMapping(6, 5)).toBe('above-signed-off')
    expect(compareSelfMapping(3, null)).toBe('above-signed-off')
    expect(compareSelfMapping(5, 5)).toBe('matches-signed-off')
    expect(compareSelfMapping(4, 5)).toBe('below-signed-off')
    expect(compareSelfMapping(null, 5)).toBe('not-mapped')
  })

  it('takes the latest mapping in each domain as current, two on one day by when they were recorded', () => {
    const entry = (id: string, domainId: string, mappedOn: string, createdAt: string) => ({
      id,
      versionId: 'v',
      domainId,
      levelId: id,
      levelName: id,
      ordinal: 1,
      mappedOn,
      rationale: 'r',
      createdAt,
    })
    const grouped = groupByDomain([
      entry('old', 'pp', '2026-01-01', '2026-01-01T10:00:00Z'),
      entry('later-same-day', 'pp', '2026-03-01', '2026-03-01T12:00:00Z'),
      entry('earlier-same-day', 'pp', '2026-03-01', '2026-03-01T09:00:00Z'),
      entry('backdated', 'pp', '2026-02-01', '2026-04-01T09:00:00Z'),
      entry('only', 'ld', '2026-02-01', '2026-02-01T09:00:00Z'),
    ])
    expect(grouped.pp!.current.id).toBe('later-same-day')
    expect(grouped.pp!.history.map((e) => e.id)).toEqual(['later-same-day', 'earlier-same-day', 'backdated', 'old'])
    expect(grouped.ld!.history).toHaveLength(1)
  })
})
