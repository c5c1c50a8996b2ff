import { describe, expect, it } from 'vitest'
import { formatHours, parseHours } from '#app/lib/hours'
import { parseEvidenceForm } from '#app/models/evidence/evidence.schema'

const today = '2026-11-23'
function form(fields: Record<string, string>): FormData {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) data.append(key, value)
  return data
}
const complete = {
  intent: 'complete',
  title: 'Moving and handling refresher',
  activityType: 'formal-educational',
  startsOn: '2026-11-20',
  hours: '3.5',
  description: 'A half-day course on hoists and slings.',
  reflectionLearned: 'Sling sizing matters.',
  reflectionPractice: 'I now measure before every assessment.',
  reflectionBenefit: 'Safer transfers for the people I visit.',
}
const errorsOf = (fields: Record<string, string>) => {
  const result = parseEvidenceForm(form(fields), { today })
  return result.ok ? {} : result.fieldErrors
}

describe('hours', () => {
  it('are read in quarter-hour steps and shown with at most two decimals', () => {
    expect(parseHours('1.5')).toEqual({ minutes: 90 })
    expect(parseHours('0.25')).toEqual({ minutes: 15 })
    expect(formatHours(135)).toBe('2.25')
    expect(formatHours(60)).toBe('1')
  })
  it('refuse negative, zero, off-step and non-numbers', () => {
    expect(parseHours('-1')).toEqual({ error: expect.stringMatching(/as a number/) })
    expect(parseHours('0')).toEqual({ error: 'Hours must be more than 0' })
    expect(parseHours('1.1')).toEqual({ error: expect.stringMatching(/quarter-hour/) })
    expect(parseHours('lots')).toEqual({ error: expect.stringMatching(/as a number/) })
  })
})

describe('the evidence form', () => {
  it('saves a draft with only a title', () => {
    const result = parseEvidenceForm(form({ intent: 'draft', title: 'Reading on seating' }), { today })
    expect(result).toMatchObject({ ok: true, data: { status: 'draft', title: 'Reading on seating', minutes: null } })
  })
  it('needs a title even for a draft', () => {
    expect(errorsOf({ intent: 'draft', title: '  ' })).toEqual({ title: expect.stringMatching(/^Enter a title/) })
  })
  it('accepts a complete entry and reads its hours as minutes', () => {
    expect(parseEvidenceForm(form(complete), { today })).toMatchObject({
      ok: true,
      data: { status: 'complete', minutes: 210 },
    })
  })
  it('lists what a complete entry still needs, beside each field', () => {
    expect(errorsOf({ intent: 'complete', title: 'Half done' })).toEqual({
      activityType: 'Choose the activity type, or save as a draft',
      startsOn: 'Enter the date, or save as a draft',
      hours: 'Enter the hours, or save as a draft',
      description: 'Say what the activity was, or save as a draft',
      reflectionLearned: 'Say what you learned, or save as a draft',
      reflectionPractice: 'Say how it changed your practice, or save as a draft',
      reflectionBenefit: 'Say how it benefits the people you work with, or save as a draft',
    })
  })
  it('refuses more than 24 hours a day', () => {
    expect(errorsOf({ ...complete, hours: '25' }).hours).toBe('That is more than 24 hours a day over one day')
    expect(errorsOf({ ...complete, endsOn: '2026-11-21', hours: '40' })).toEqual({})
  })
  it('refuses an end date before the start date, and a date in the future', () => {
    expect(errorsOf({ ...complete, endsOn: '2026-11-19' }).endsOn).toBe(
      'The end date must be on or after the start date',
    )
    expect(errorsOf({ ...complete, startsOn: '2026-11-24' }).startsOn).toBe('The date cannot be in the future')
    expect(errorsOf({ ...complete, startsOn: '2026-02-30' }).startsOn).toMatch(/real date/)
  })
  it('refuses a title that is too long and keeps everything typed', () => {
    const result = parseEvidenceForm(form({ ...complete, title: 'x'.repeat(201) }), { today })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.fieldErrors.title).toBe('The title must be 200 characters or fewer')
      expect(result.values.reflectionBenefit).toBe(complete.reflectionBenefit)
    }
  })
  it('reads capability rows, dropping empty and removed ones, and refuses the same capability twice', () => {
    const id = '11111111-1111-4111-8111-111111111111'
    const ok = parseEvidenceForm(
      form({
        ...complete,
        'map.0.capability': id,
        'map.0.note': ' seating ',
        'map.1.capability': '',
        'map.2.capability': 'x',
        'map.2.remove': 'on',
      }),
      { today },
    )
    expect(ok).toMatchObject({ ok: true, data: { mappings: [{ capabilityId: id, note: 'seating' }] } })
    expect(errorsOf({ ...complete, 'map.0.capability': id, 'map.1.capability': id })).toEqual({
      'map.1.capability': 'This capability is already mapped above',
    })
  })
})

describe('describing hours', () => {
  it('says "1 hour" but "1.5 hours"', async () => {
    const { describeHours } = await import('#app/lib/hours')
    expect([describeHours(60), describeHours(90), describeHours(15)]).toEqual(['1 hour', '1.5 hours', '0.25 hours'])
  })
})

describe('what an entry still lacks', () => {
  it('names each field a complete entry needs, hours included', async () => {
    const { listMissingForComplete } = await import('#app/models/evidence/evidence.schema')
    const draft = {
      title: 'Half done',
      activityType: 'self-directed',
      startsOn: '2026-01-02',
      minutes: null,
      description: 'Reading',
      reflectionLearned: '',
      reflectionPractice: 'Changed',
      reflectionBenefit: null,
    }
    expect(listMissingForComplete(draft)).toEqual(['Hours', 'What I learned', 'How it benefits the people I work with'])
    expect(listMissingForComplete({ ...draft, minutes: 30, reflectionLearned: 'x', reflectionBenefit: 'y' })).toEqual(
      [],
    )
  })
})
