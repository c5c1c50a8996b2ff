export type PrivacyFindingKind = 'nhs-number' | 'date-of-birth' | 'postcode'

export interface PrivacyFinding {
  kind: PrivacyFindingKind
  field: string
  excerpt: string
  message: string
}

interface Span {
  start: number
  end: number
}

interface Located {
  finding: PrivacyFinding
  index: number
}

// 3-3-4 with one consistent separator, or 10 in a row. The look-arounds stop a match inside a longer digit run,
// including one broken up by spaces or hyphens (e.g. phone numbers such as '01632 960 001').
const NHS_NUMBER = /(?<!\d)(?<!\d[ -])(\d{3})([ -]?)(\d{3})\2(\d{4})(?!\d)(?![ -]\d)/g

const MONTH_NAME = [
  'Jan(?:uary)?',
  'Feb(?:ruary)?',
  'Mar(?:ch)?',
  'Apr(?:il)?',
  'May',
  'June?',
  'July?',
  'Aug(?:ust)?',
  'Sep(?:t(?:ember)?)?',
  'Oct(?:ober)?',
  'Nov(?:ember)?',
  'Dec(?:ember)?',
].join('|')
const DATE = new RegExp(
  '(?<!\\d)(?<!\\d[/.-])(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?!\\d)(?![/.-]\\d)' +
    `|\\b(\\d{1,2})(?:st|nd|rd|th)?[ \\t]+(?:of[ \\t]+)?(?:${MONTH_NAME})\\b\\.?,?[ \\t]+(\\d{4})(?!\\d)`,
  'gi',
)
const DOB_LABEL = /\b(?:D\.?O\.?B\b\.?|date[ \t]+of[ \t]+birth\b|born\b)/gi
const DOB_LABEL_REACH = 20
const NAME_REACH = 40

// Letter rules from the Royal Mail postcode format (e.g. no Q, V or X first; no C, I, K, M, O or V in the
// inward unit), which keep ordinary words and codes from matching.
const POSTCODE =
  /\b(?:GIR ?0AA|(?:[A-PR-UWYZ]\d[A-HJKPS-UW\d]?|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRV-Y\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b/gi
const ORDINAL = /^(?:1st|2nd|3rd|[04-9]th)$/

const CAPITALISED_WORD = /\b[A-Z](?:[a-z]|['’][A-Z])[A-Za-z'’-]*\b/g
const TITLES = new Set(['Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Dr'])
const TITLE_GAP = /^\.?[ \t]{1,2}$/
const NAME_GAP = /^[ \t]{1,2}$/
// Capitalised words that commonly sit side by side in CPD writing but are not people's names.
const NOT_NAMES = new Set(
  [
    'January February March April May June July August September October November December',
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday',
    'The This That We On In At Today Yesterday Care Act',
    'Occupational Therapy Therapist Health Social Mental Capacity Trust Hospital Service Services Team Council',
    'University College Royal',
  ]
    .join(' ')
    .split(' '),
)

/** NHS numbers end in a modulus 11 check digit (NHS Data Dictionary, "NHS Number"). */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return false
  return (check === 11 ? 0 : check) === Number(digits[9])
}

export function findPossibleIdentifiers(fields: Record<string, string | null | undefined>): PrivacyFinding[] {
  const findings: PrivacyFinding[] = []
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue
    const located = [...findNhsNumbers(field, text), ...findDatesOfBirth(field, text), ...findPostcodes(field, text)]
    located.sort((a, b) => a.index - b.index)
    findings.push(...located.map(({ finding }) => finding))
  }
  return findings
}

export function describeFindings(findings: PrivacyFinding[], labels: Record<string, string> = {}): string {
  if (findings.length === 0) return ''
  const byKind = new Map<PrivacyFindingKind, { count: number; fields: string[] }>()
  for (const finding of findings) {
    const entry = byKind.get(finding.kind) ?? { count: 0, fields: [] }
    entry.count++
    const label = labels[finding.field] ?? finding.field
    if (!entry.fields.includes(label)) entry.fields.push(label)
    byKind.set(finding.kind, entry)
  }
  const parts = [...byKind].map(
    ([kind, { count, fields }]) => `${describeCount(kind, count)} in ${listInEnglish(fields)}`,
  )
  return `Possible patient identifiers found: ${listInEnglish(parts)}.`
}

function findNhsNumbers(field: string, text: string): Located[] {
  const found: Located[] = []
  const seen = new Set<string>()
  for (const match of text.matchAll(NHS_NUMBER)) {
    const digits = match[1] + match[3] + match[4]
    if (seen.has(digits) || !isValidNhsNumber(digits)) continue
    seen.add(digits)
    found.push({
      finding: {
        kind: 'nhs-number',
        field,
        excerpt: `${match[1]} *** ${match[4]}`,
        message: 'Looks like an NHS number (the check digit is valid)',
      },
      index: match.index,
    })
  }
  return found
}

function findDatesOfBirth(field: string, text: string): Located[] {
  const dates = [...text.matchAll(DATE)].filter(isPlausibleDate)
  if (dates.length === 0) return []
  const labels = [...text.matchAll(DOB_LABEL)].map((m) => ({ start: m.index, end: m.index + m[0].length }))
  let names: Span[] | undefined
  const found: Located[] = []
  const seen = new Set<string>()
  let previousDateEnd = 0
  for (const date of dates) {
    const start = date.index
    const end = start + date[0].length
    // A label describes the date that follows it, not a later one ('DOB 12/03/1948, seen 13/03/2020').
    const labelFrom = Math.max(start - DOB_LABEL_REACH, previousDateEnd)
    previousDateEnd = end
    if (seen.has(date[0])) continue
    const label = lastSpanEndingIn(labels, labelFrom, start)
    if (label) {
      seen.add(date[0])
      found.push({
        finding: {
          kind: 'date-of-birth',
          field,
          excerpt: maskDigits(text.slice(label.start, end).replace(/\s+/g, ' ')),
          message: 'Looks like a date of birth',
        },
        index: label.start,
      })
    } else if (spanNear((names ??= findNames(text)), start - NAME_REACH, end + NAME_REACH)) {
      seen.add(date[0])
      found.push({
        finding: {
          kind: 'date-of-birth',
          field,
          excerpt: maskDigits(date[0].replace(/\s+/g, ' ')),
          message: "Looks like a date next to a person's name, which could be a date of birth",
        },
        index: start,
      })
    }
  }
  return found
}

function findPostcodes(field: string, text: string): Located[] {
  const found: Located[] = []
  const seen = new Set<string>()
  for (const match of text.matchAll(POSTCODE)) {
    // '2nd', '3rd' and the like follow a short code in ordinary writing ('module B2 3rd session').
    if (ORDINAL.test(match[0].slice(-3))) continue
    const compact = match[0].replace(' ', '').toUpperCase()
    if (seen.has(compact)) continue
    seen.add(compact)
    found.push({
      finding: {
        kind: 'postcode',
        field,
        excerpt: `${compact.slice(0, -3)} ***`,
        message: 'Looks like a full UK postcode',
      },
      index: match.index,
    })
  }
  return found
}

function isPlausibleDate(match: RegExpMatchArray): boolean {
  const day = Number(match[1] ?? match[5])
  if (day < 1 || day > 31) return false
  if (match[1] === undefined) return true
  const month = Number(match[3])
  return month >= 1 && month <= 12
}

/**
 * Spans of a title followed by a capitalised word ('Mrs Smith') or of two capitalised words side by side
 * ('Jane Smith'), leaving out pairs that involve common non-name words. Sorted, with overlaps merged.
 */
function findNames(text: string): Span[] {
  const spans: Span[] = []
  let previousWord = ''
  let previousStart = -1
  let previousEnd = Number.NEGATIVE_INFINITY
  for (const match of text.matchAll(CAPITALISED_WORD)) {
    const word = match[0]
    const start = match.index
    if (start - previousEnd <= 3 && isNamePair(previousWord, text.slice(previousEnd, start), word)) {
      const last = spans[spans.length - 1]
      if (last && previousStart <= last.end) last.end = start + word.length
      else spans.push({ start: previousStart, end: start + word.length })
    }
    previousWord = word
    previousStart = start
    previousEnd = start + word.length
  }
  return spans
}

function isNamePair(first: string, gap: string, second: string): boolean {
  if (TITLES.has(first)) return TITLE_GAP.test(gap)
  return NAME_GAP.test(gap) && !NOT_NAMES.has(first) && !NOT_NAMES.has(second)
}

/** First index whose span ends at or after `position`; spans are sorted and do not overlap. */
function firstEndingFrom(spans: Span[], position: number): number {
  let low = 0
  let high = spans.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (spans[mid].end < position) low = mid + 1
    else high = mid
  }
  return low
}

function spanNear(spans: Span[], from: number, to: number): boolean {
  const span = spans[firstEndingFrom(spans, from)]
  return span !== undefined && span.start <= to
}

function lastSpanEndingIn(spans: Span[], from: number, to: number): Span | undefined {
  let found: Span | undefined
  for (let i = firstEndingFrom(spans, from); i < spans.length && spans[i].end <= to; i++) found = spans[i]
  return found
}

// Keeps a leading digit of each number (two of a four-digit year) so the user can find the text without the
// excerpt repeating the date.
function maskDigits(text: string): string {
  return text.replace(/\d+/g, (run) => {
    const keep = run.length >= 4 ? 2 : Math.min(run.length - 1, 1)
    return run.slice(0, keep) + '*'.repeat(run.length - keep)
  })
}

function describeCount(kind: PrivacyFindingKind, count: number): string {
  const [one, many] = {
    'nhs-number': ['an NHS number', 'NHS numbers'],
    'date-of-birth': ['a date of birth', 'dates of birth'],
    postcode: ['a postcode', 'postcodes'],
  }[kind]
  return count === 1 ? one : `${count} ${many}`
}

function listInEnglish(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}
