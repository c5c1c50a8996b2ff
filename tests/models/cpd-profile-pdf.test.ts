import { PDFArray, PDFDocument, PDFName, PDFRawStream, StandardFonts, decodePDFRawStream } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { buildCpdProfilePdf, createCpdProfilePdf } from '#app/models/cpd-profile/pdf.server'
import { toWinAnsi } from '#app/lib/pdf-text.server'
import { saveCpdProfile } from '#app/models/cpd-profile/cpd-profile.server'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

const TODAY = '2026-11-22'
const NOW = new Date('2026-11-22T10:30:00Z')
const PERIOD = { periodFrom: '2024-11-23', periodTo: '2026-11-22' }

const words = (count: number, word: string) => Array.from({ length: count }, (_, i) => `${word}${i}`).join(' ')

/** Windows-1252 at 0x80–0x9F; Node's TextDecoder reads those bytes as ISO-8859-1 control characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'
const fromWinAnsi = (hex: string) =>
  Array.from(Buffer.from(hex, 'hex'), (byte) =>
    byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte),
  ).join('')

/** The text drawn on each page: pdf-lib writes it as hex strings of WinAnsi codes inside the content streams. */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes)
  return doc.getPages().map((page) => {
    const contents = page.node.Contents()
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents]
    return refs
      .map((ref) => (ref instanceof PDFRawStream ? ref : doc.context.lookup(ref)))
      .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
      .map((stream) => new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode()))
      .join('\n')
      .match(/<[0-9A-Fa-f]*> Tj/g)!
      .map((op) => fromWinAnsi(op.slice(1, op.indexOf('>'))))
      .join('\n')
  })
}

const entry = (ownerId: string, title: string, startsOn: string, reflection = `I learned about ${title}.`) =>
  createEvidence(db, {
    ownerId,
    evidence: {
      ...EMPTY_EVIDENCE,
      status: 'complete',
      title,
      startsOn,
      minutes: 90,
      activityType: 'work-based-learning',
      description: `What ${title} was.`,
      reflectionLearned: reflection,
      reflectionPractice: 'I changed how I assess.',
      reflectionBenefit: 'Safer transfers at home.',
    },
  })

describe('toWinAnsi', () => {
  it('keeps what the standard fonts can draw, including curly quotes, dashes, the euro and Latin-1 letters', () => {
    const text = 'I’d say “Zoë’s” course – £40 or €45 — was worth it… • naïve façade'
    expect(toWinAnsi(text)).toBe(text)
  })

  it('replaces emoji and other scripts, drops joiners and keeps the base letter of other accents', () => {
    expect(toWinAnsi('Great 👍🏽 day')).toBe('Great ? day')
    expect(toWinAnsi('Family 👨‍👩‍👧')).toBe('Family ???')
    expect(toWinAnsi('王芳')).toBe('??')
    expect(toWinAnsi('Łukasz Wałęsa, Dvořák, Erdős')).toBe('Lukasz Walesa, Dvorák, Erdos')
    expect(toWinAnsi('cafe\u0301')).toBe('café')
    expect(toWinAnsi('≥ 3 months → explain')).toBe('>= 3 months -> explain')
    expect(toWinAnsi('one\r\ntwo\rthree\u2028four\u0007')).toBe('one\ntwo\nthree\nfour')
  })

  it('never gives Helvetica a character it cannot encode', async () => {
    const doc = await PDFDocument.create()
    const fonts = [await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold)]
    let every = ''
    const emoji = Array.from({ length: 0x1fb00 - 0x1f000 }, (_, i) => 0x1f000 + i)
    for (const cp of [...Array.from({ length: 0x10000 }, (_, i) => i), ...emoji]) {
      if (cp < 0xd800 || cp > 0xdfff) every += String.fromCodePoint(cp)
    }
    const safe = toWinAnsi(every).replace(/\n/g, '')
    expect(safe.length).toBeGreaterThan(60_000)
    for (const font of fonts) expect(() => font.encodeText(safe)).not.toThrow()
  })
})

describe('the CPD profile PDF', () => {
  it('lays a long profile over several numbered A4 pages with its metadata, list, gaps and chosen activities', async () => {
    const person = await makeUser(db, { name: 'Jo Bloggs' })
    const other = await makeUser(db)
    const ids: string[] = []
    const months = ['2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-10', '2025-11']
    for (const [i, month] of [...months, '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'].entries()) {
      for (const day of ['05', '19']) ids.push(await entry(person.id, `Activity ${i}-${day}`, `${month}-${day}`))
    }
    const chosenLong = await entry(person.id, 'Falls clinic', '2026-05-10', words(900, 'reflect'))
    await entry(other.id, 'Someone else’s course', '2025-01-10')
    await saveCpdProfile(db, {
      ownerId: person.id,
      profile: {
        ...PERIOD,
        summary: `${words(250, 'summary')}\n\n${words(250, 'practice')}`,
        statement: [1, 2, 3, 4].map((n) => words(375, `standard${n}-`)).join('\n\n'),
        chosenEvidenceIds: [ids[0], ids[5], ids[12], chosenLong],
        gapExplanations: { '2025-07': 'Parental leave.' },
      },
    })

    const { bytes, fileName } = await createCpdProfilePdf(db, {
      ownerId: person.id,
      name: person.name,
      today: TODAY,
      now: NOW,
    })

    expect(fileName).toBe('cpd-profile-2024-11-23-to-2026-11-22.pdf')
    expect(new TextDecoder('latin1').decode(bytes.slice(0, 5))).toBe('%PDF-')
    const doc = await PDFDocument.load(bytes, { updateMetadata: false })
    const pages = doc.getPages()
    expect(pages.length).toBeGreaterThan(3)
    for (const page of pages) expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 })
    expect(doc.getTitle()).toBe('HCPC CPD profile: Jo Bloggs, 23 Nov 2024 to 22 Nov 2026')
    expect(doc.getAuthor()).toBe('Jo Bloggs')
    expect(doc.getCreationDate()?.toISOString()).toBe(NOW.toISOString())
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en-GB)')

    const texts = await pageTexts(bytes)
    texts.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${texts.length}`))
    const all = texts.join('\n')
    expect(texts[0]).toContain('CPD period: 23 Nov 2024 to 22 Nov 2026')
    expect(all).toContain('summary249')
    expect(all).toContain('standard4-374')
    expect(all).toContain('5 Dec 2024')
    expect(all).toContain('Activity 13-19')
    expect(all).toContain('Jul 2025 to Sep 2025 (3 months)')
    expect(all).toContain('Parental leave.')
    expect(all).toContain('reflect899')
    expect(all).toContain('I learned about Activity 0-05.')
    expect(all).not.toContain('I learned about Activity 0-19.')
    expect(all).not.toContain('Someone else')
    const listPage = texts.findIndex((text) => text.includes('Activity 13-19'))
    expect(texts[listPage]).toContain('Hours')
  })

  it('draws text it cannot encode as "?" rather than failing, and keeps the real name in the metadata', async () => {
    const bytes = await buildCpdProfilePdf({
      name: 'Łucja Nowak 王',
      today: TODAY,
      createdAt: NOW,
      profile: {
        ...PERIOD,
        summary: 'I run a falls group 👍🏽 with “real” results.',
        statement: `A URL with no spaces: ${'x'.repeat(400)}`,
        chosenEvidenceIds: [],
        gapExplanations: {},
      },
      activities: [],
      gaps: [],
      reflections: [],
    })
    const doc = await PDFDocument.load(bytes)
    expect(doc.getAuthor()).toBe('Łucja Nowak 王')
    const all = (await pageTexts(bytes)).join('\n')
    expect(all).toContain('Name: Lucja Nowak ?')
    expect(all).toContain('I run a falls group ? with “real” results.')
    expect(all).toContain('No dated CPD activities in this period.')
    expect(all).toContain('No activities chosen yet.')
    expect(all).not.toContain('x'.repeat(120))
  })

  it('gives a person with nothing saved an empty profile over the last two years', async () => {
    const person = await makeUser(db)
    const { bytes, fileName } = await createCpdProfilePdf(db, {
      ownerId: person.id,
      name: person.name,
      today: TODAY,
      now: NOW,
    })
    expect(fileName).toBe('cpd-profile-2024-11-01-to-2026-11-22.pdf')
    const texts = await pageTexts(bytes)
    expect(texts).toHaveLength(1)
    expect(texts[0]).toContain('Not written yet.')
    expect(texts[0]).toContain('Page 1 of 1')
  })
})
