import { describe, expect, it } from 'vitest'
import { compareWithRequirement, suggestedLevel } from '#app/models/capabilities/capabilities.rules'
import { describeEvidenceChanges } from '#app/models/signoffs/evidence-changes.rules'
import { signoffDecisionSchema, signoffRequestSchema } from '#app/models/signoffs/signoffs.schema'
import { wholeDaysSince } from '#app/lib/dates'

const levels = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ id: `L${n}`, ordinal: n }))

describe('standing against a role', () => {
  it('is met, above, not yet, or not required', () => {
    expect(compareWithRequirement(5, 5)).toBe('met')
    expect(compareWithRequirement(5, 6)).toBe('above')
    expect(compareWithRequirement(5, 4)).toBe('not-yet')
    expect(compareWithRequirement(5, null)).toBe('not-yet')
    expect(compareWithRequirement(null, 7)).toBe('no-requirement')
  })

  it('suggests the required level until it is reached, then the next one up', () => {
    expect(suggestedLevel(levels, 5, null)?.id).toBe('L5')
    expect(suggestedLevel(levels, 5, 3)?.id).toBe('L5')
    expect(suggestedLevel(levels, 5, 5)?.id).toBe('L6')
    expect(suggestedLevel(levels, null, null)?.id).toBe('L1')
    expect(suggestedLevel(levels, 5, 9)).toBeUndefined()
  })
})

describe('what changed in an entry', () => {
  const seen = {
    status: 'complete',
    title: 'Seating course',
    activityType: 'formal-educational' as const,
    startsOn: '2026-09-01',
    endsOn: null,
    minutes: 90,
    description: 'A day course',
    reflectionLearned: 'Pressure mapping',
    mappings: [{ capabilityId: 'c1', note: null }],
    files: [{ name: 'cert.pdf', sha256: 'aaaaaaaaaaaa' }],
  }

  it('finds nothing when only the order of attachments and mappings differs', () => {
    const reordered = {
      ...seen,
      mappings: [...seen.mappings].reverse(),
      files: [...seen.files].reverse(),
    }
    expect(describeEvidenceChanges(seen, reordered)).toEqual([])
  })

  it('names each changed field in the words of the form, with before and after', () => {
    const now = {
      ...seen,
      reflectionLearned: 'Pressure mapping and cushions',
      minutes: 120,
      files: [],
      mappings: [
        { capabilityId: 'c1', note: null },
        { capabilityId: 'c2', note: 'Leading the session' },
      ],
    }
    const changes = describeEvidenceChanges(seen, now, (id) => (id === 'c1' ? '5PP' : '5LD'))
    expect(changes).toEqual([
      {
        field: 'reflectionLearned',
        label: 'What I learned',
        before: 'Pressure mapping',
        after: 'Pressure mapping and cushions',
      },
      { field: 'hours', label: 'Hours', before: '1.5 hours', after: '2 hours' },
      { field: 'mappings', label: 'Capabilities it supports', before: '5PP', after: '5LD (Leading the session), 5PP' },
      { field: 'files', label: 'Attachments', before: 'cert.pdf (aaaaaaaa)', after: '(empty)' },
    ])
  })

  it('reports a withdrawal first', () => {
    const changes = describeEvidenceChanges(seen, { ...seen, withdrawn: true, withdrawnReason: 'Duplicate' })
    expect(changes[0]).toEqual({
      field: 'withdrawn',
      label: 'Withdrawn',
      before: 'In the log',
      after: 'Withdrawn: Duplicate',
    })
  })
})

describe('sign-off forms', () => {
  it('requires a known framework, domain and level', () => {
    const result = signoffRequestSchema.safeParse({ versionId: 'x', domainId: '', levelId: '' })
    expect(result.success).toBe(false)
  })

  it('treats an empty session as none and refuses a forged one', () => {
    expect(signoffDecisionSchema.parse({ decision: 'approve' })).toEqual({
      decision: 'approve',
      comment: '',
      sessionId: null,
    })
    expect(signoffDecisionSchema.safeParse({ decision: 'approve', sessionId: 'not-a-session' }).success).toBe(false)
  })

  it('counts whole days waited', () => {
    expect(wholeDaysSince('2026-11-01T09:00:00Z', '2026-11-15T08:59:00Z')).toBe(13)
    expect(wholeDaysSince('2026-11-01T09:00:00Z', '2026-11-15T09:00:00Z')).toBe(14)
  })
})
