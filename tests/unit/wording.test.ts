import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { countHours, inSentence, withArticle } from '#app/lib/wording'
import { describeSource } from '#app/models/frameworks/view.rules'
import { statusLabel } from '#app/models/registration/registration.rules'

describe('wording people read', () => {
  it('puts "an" before a vowel sound and "a" before the rest', () => {
    expect(withArticle(inSentence('Occupational therapist'))).toBe('an occupational therapist')
    expect(withArticle(inSentence('Senior occupational therapist'))).toBe('a senior occupational therapist')
    expect(withArticle('OT degree apprentice')).toBe('an OT degree apprentice')
    expect(withArticle(inSentence('Adult social care worker'))).toBe('an adult social care worker')
    expect(withArticle('Principal OT')).toBe('a Principal OT')
  })

  it('keeps initialisms in a sentence and lowers only a capitalised first word', () => {
    expect(inSentence('OT assistant')).toBe('OT assistant')
    expect(inSentence('Occupational therapist')).toBe('occupational therapist')
  })

  it('says 1 hour but 2.5 hours', () => {
    expect([countHours(1), countHours(2.5), countHours(0)]).toEqual(['1 hour', '2.5 hours', '0 hours'])
  })

  it('says a role that does not register with the HCPC does not need to, rather than "not yet"', () => {
    expect(statusLabel('not-registered')).toBe('Not required')
  })

  it.each(['rcot-cdf/2nd-edition.json', 'scc/starter.json'])(
    'shows the source of %s without pointers into the research notes',
    (file) => {
      const { source } = JSON.parse(fs.readFileSync(path.join('framework-data', file), 'utf8')) as { source: string }
      expect(source).toMatch(/FACTS\.md/)
      const shown = describeSource(source)
      expect(shown).not.toMatch(/FACTS|shared\/|§|\bS\d+\b/)
      expect(shown.length).toBeGreaterThan(80)
    },
  )
})
