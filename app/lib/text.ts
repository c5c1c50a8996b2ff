const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

const REFERENCE = /&(#\d+|#x[0-9a-f]+|[a-z]+);/gi

/** HTML reads &#128;–&#159; as the Windows-1252 characters (the HTML standard's table): &#150; is an en dash. */
const WINDOWS_1252: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
}

/**
 * The character a numeric reference ('#233', '#xE9') stands for, or null when it names none that can be
 * shown: zero, a surrogate, a number past U+10FFFF, or a control character other than tab and line breaks.
 */
function numericReference(entity: string): string | null {
  const hex = entity[1] === 'x' || entity[1] === 'X'
  const code = Number.parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10)
  const mapped = Object.hasOwn(WINDOWS_1252, code) ? WINDOWS_1252[code] : code
  if (!Number.isSafeInteger(mapped) || mapped > 0x10ffff) return null
  if (mapped >= 0xd800 && mapped <= 0xdfff) return null
  const character = String.fromCodePoint(mapped)
  return /^(?![\t\n\r])\p{Cc}$/u.test(character) ? null : character
}

/** The numeric character references in HTML text that name no character, as written ('&#x110000;'). */
export function invalidCharacterReferences(html: string): string[] {
  return [...html.matchAll(REFERENCE)]
    .filter(([, entity]) => entity.startsWith('#') && numericReference(entity) === null)
    .map(([reference]) => reference)
}

/**
 * Descriptions imported from Moodle may be HTML (format 1). The portal never renders imported HTML:
 * it shows the text, with paragraphs and line breaks kept as line breaks. A reference that names no
 * character shows as U+FFFD, as a browser would show it.
 */
export function plainText(text: string | null, format: number): string {
  if (!text) return ''
  if (format !== 1) return text.trim()
  return text
    .replace(/<\s*(br|\/p|\/li|\/div|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(REFERENCE, (match, entity: string) => {
      if (entity.startsWith('#')) return numericReference(entity) ?? '\uFFFD'
      const name = entity.toLowerCase()
      return Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : match
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
}
