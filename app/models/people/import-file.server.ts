import { parse } from 'csv-parse/sync'
import { decodeCsvBytes } from '#app/lib/csv'
import { type ImportProblem, type ImportRow, findDuplicates, matchHeaders, readImportRow } from './import.rules'

export interface PeopleFile {
  rows: ImportRow[]
  /** Headings the import does not use. */
  extraColumns: string[]
  problems: ImportProblem[]
}

/** Reads a staff CSV: its heading row, then one person a row. Nothing here looks at the portal. */
export function readPeopleFile(bytes: Uint8Array): PeopleFile {
  const decoded = decodeCsvBytes(bytes)
  if (!decoded.ok) return { rows: [], extraColumns: [], problems: [decoded.problem] }
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(decoded.text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records
  } catch (error) {
    const line = Number((error as { lines?: unknown }).lines) || 1
    const message = error instanceof Error ? error.message.replace(/^[^:]*:\s*/, '') : 'the file is not a CSV file'
    return { rows: [], extraColumns: [], problems: [{ line, message: `the file could not be read: ${message}` }] }
  }
  if (records.length === 0) {
    return { rows: [], extraColumns: [], problems: [{ line: 1, message: 'the file is empty' }] }
  }
  const headers = matchHeaders(records[0].record)
  if (headers.problems.length > 0) return { rows: [], extraColumns: headers.extra, problems: headers.problems }
  const rows: ImportRow[] = []
  const problems: ImportProblem[] = []
  for (const { record, info } of records.slice(1)) {
    // csv-parse counts the line a record ends on; a quoted field may span lines, so step back to where it began.
    const line = info.lines - record.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0)
    const read = readImportRow(record, line, headers.columns)
    if (read.ok) rows.push(read.row)
    else problems.push(...read.problems)
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 2, message: 'the file has no people in it' })
  problems.push(...findDuplicates(rows))
  return { rows, extraColumns: headers.extra, problems }
}
