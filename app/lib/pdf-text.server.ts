import { type PDFFont } from 'pdf-lib'

/**
 * The characters the standard PDF fonts can show (WinAnsiEncoding): printable ASCII, Latin-1 and the 27
 * extras Windows-1252 puts at 0x80–0x9F (euro, curly quotes, dashes, bullet, ellipsis…).
 */
const WIN_ANSI_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'
const WIN_ANSI = new Set<number>([
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i),
  ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => 0xa0 + i),
  ...Array.from(WIN_ANSI_EXTRAS, (ch) => ch.codePointAt(0)!),
])
const LOOK_ALIKES: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  ħ: 'h',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2028': '\n',
  '\u2029': '\n',
  '\t': '    ',
}
/** Zero-width characters, variation selectors, emoji skin tones and tags: parts of a character, not characters. */
// eslint-disable-next-line no-misleading-character-class -- it tests one code point at a time, so a lone skin-tone modifier is meant to match
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{M}\u{fe00}-\u{fe0f}\u{1f3fb}-\u{1f3ff}]$/u

/**
 * Text the standard fonts can draw: pdf-lib throws on anything outside WinAnsi, and people write in other
 * scripts and use emoji. Accents are kept where the base letter exists (ő → o); anything else becomes "?".
 * Line breaks are kept as "\n" for the layout to split on.
 */
export function toWinAnsi(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
    if (ch === '\n' || WIN_ANSI.has(ch.codePointAt(0)!)) out += ch
    else if (Object.hasOwn(LOOK_ALIKES, ch)) out += LOOK_ALIKES[ch]
    else if (INVISIBLE.test(ch)) continue
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '')
      out += base && Array.from(base).every((c) => WIN_ANSI.has(c.codePointAt(0)!)) ? base : '?'
    }
  }
  return out
}

const glyphWidths = new WeakMap<PDFFont, Map<string, number>>()

/** The width as drawn: pdf-lib's widthOfTextAtSize adds kerning, which drawText does not apply. */
export function textWidth(text: string, font: PDFFont, size: number): number {
  let widths = glyphWidths.get(font)
  if (!widths) glyphWidths.set(font, (widths = new Map()))
  let units = 0
  for (const ch of text) {
    let width = widths.get(ch)
    if (width === undefined) widths.set(ch, (width = font.widthOfTextAtSize(ch, 1000)))
    units += width
  }
  return (units * size) / 1000
}

function breakWord(word: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const pieces: string[] = []
  let piece = ''
  let width = 0
  for (const ch of word) {
    const charWidth = textWidth(ch, font, size)
    if (piece && width + charWidth > maxWidth) {
      pieces.push(piece)
      piece = ''
      width = 0
    }
    piece += ch
    width += charWidth
  }
  return piece ? [...pieces, piece] : pieces
}

/** Splits one line of WinAnsi text into lines no wider than maxWidth; over-long words are broken. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const space = textWidth(' ', font, size)
  const lines: string[] = []
  let line = ''
  let lineWidth = 0
  for (const word of text.split(' ').filter(Boolean)) {
    const wordWidth = textWidth(word, font, size)
    if (line && lineWidth + space + wordWidth <= maxWidth) {
      line += ` ${word}`
      lineWidth += space + wordWidth
      continue
    }
    if (line) lines.push(line)
    if (wordWidth <= maxWidth) {
      line = word
      lineWidth = wordWidth
      continue
    }
    const pieces = breakWord(word, font, size, maxWidth)
    lines.push(...pieces.slice(0, -1))
    line = pieces[pieces.length - 1]
    lineWidth = textWidth(line, font, size)
  }
  return [...lines, line]
}
