/** CSV (RFC 4180) reading with line numbers for every record, and writing. */

export interface CsvRecord {
  /** The line of the file on which the record starts (1-based). */
  line: number
  fields: string[]
}

export interface CsvProblem {
  line: number
  message: string
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; problems: CsvProblem[] }

/** Decodes bytes as UTF-8 text, or says why they are not: binary content, or the line of the first bad byte. */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: CsvProblem } {
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    return { ok: false, problem: { line: lineAt(bytes, nul), message: 'the file is binary, not a CSV text file' } }
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text }
  } catch {
    const offset = firstInvalidUtf8(bytes)
    return {
      ok: false,
      problem: {
        line: lineAt(bytes, offset),
        message: 'the file is not UTF-8 text (save it as "CSV UTF-8" and try again)',
      },
    }
  }
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++
  return line
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let low = 0
  let high = bytes.length
  // The longest prefix that decodes (allowing a split character at its end) ends where the bad byte is.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    try {
      decoder.decode(bytes.subarray(0, middle), { stream: true })
      low = middle
    } catch {
      high = middle - 1
    }
  }
  return low
}

export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = []
  const problems: CsvProblem[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let recordLine = 1
  let quoted = false
  let quoteLine = 0
  let fieldWasQuoted = false
  const endField = () => {
    fields.push(field)
    field = ''
    fieldWasQuoted = false
  }
  const endRecord = () => {
    endField()
    if (!(fields.length === 1 && fields[0] === '' && !fieldWasQuoted)) records.push({ line: recordLine, fields })
    fields = []
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else {
          quoted = false
        }
      } else {
        if (char === '\n') line++
        field += char
      }
      continue
    }
    if (char === '"') {
      if (field === '' && !fieldWasQuoted) {
        quoted = true
        fieldWasQuoted = true
        quoteLine = line
      } else {
        problems.push({ line, message: 'a quote (") appears inside a field that is not quoted' })
        field += char
      }
    } else if (char === ',') {
      endField()
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      endRecord()
      line++
      recordLine = line
    } else {
      if (fieldWasQuoted) {
        problems.push({ line, message: 'text follows the closing quote of a field' })
        fieldWasQuoted = false
      }
      field += char
    }
  }
  if (quoted) {
    problems.push({ line: quoteLine, message: 'a quoted field opened here is never closed' })
  } else if (field !== '' || fields.length > 0 || fieldWasQuoted) {
    endRecord()
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records }
}

/** Quotes a field when it holds a comma, a quote, a line break or leading/trailing space. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value)
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/**
 * For files people open in a spreadsheet: a cell that begins with =, +, - or @ would run as a formula,
 * so it is prefixed with an apostrophe (the usual defence against CSV injection). A value that already
 * begins with apostrophes before such a character gets one more, so that `restoreSpreadsheetSafe` can
 * always give the original back.
 */
export function spreadsheetSafe(value: string | number | null | undefined): string | number | null | undefined {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value
}

/** The inverse of `spreadsheetSafe`, for reading a file the portal wrote back in. */
export function restoreSpreadsheetSafe(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value
}

const FORMULA_START = /^'*[=+\-@\t\r]/

export function toSpreadsheetCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  // A byte-order mark makes Excel read the file as UTF-8.
  return `\uFEFF${toCsv([header, ...rows.map((row) => row.map(spreadsheetSafe))])}`
}
