import { type CsvProblem, type CsvRecord, decodeCsvBytes, parseCsv, restoreSpreadsheetSafe } from '#app/lib/csv'
import {
  type FrameworkDocument,
  FRAMEWORK_CODE,
  checkFrameworkDocument,
  descriptionReferenceProblem,
} from './document.schema'
import { MOODLE_COLUMNS, MOODLE_LEVELS_ID } from './moodle-csv'

export const MOODLE_CSV_MAX_BYTES = 10 * 1024 * 1024

export interface MoodleImportOptions {
  versionLabel: string
  fileName: string
}

export interface MoodlePreview {
  document: FrameworkDocument
  counts: { levels: number; domains: number; capabilities: number }
}

export type MoodleImport = { ok: true; preview: MoodlePreview } | { ok: false; problems: CsvProblem[] }

interface Row {
  line: number
  parent: string
  idNumber: string
  shortName: string
  description: string
  descriptionFormat: number
  scaleValues: string
  scaleConfiguration: string
  ruleType: string
  ruleOutcome: string
  ruleConfig: string
  crossReferences: string[]
  isFramework: boolean
  taxonomy: string
}

/** Reads a Moodle file's bytes into a framework document, or lists every problem with its line. */
export function readMoodleFramework(bytes: Uint8Array, options: MoodleImportOptions): MoodleImport {
  if (bytes.byteLength > MOODLE_CSV_MAX_BYTES) {
    const megabytes = (bytes.byteLength / 1024 / 1024).toFixed(1)
    return {
      ok: false,
      problems: [
        {
          line: 0,
          message: `the file is ${megabytes} MB; the largest accepted is ${MOODLE_CSV_MAX_BYTES / 1024 / 1024} MB`,
        },
      ],
    }
  }
  if (bytes.byteLength === 0) return { ok: false, problems: [{ line: 0, message: 'the file is empty' }] }
  const decoded = decodeCsvBytes(bytes)
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] }
  const parsed = parseCsv(decoded.text)
  if (!parsed.ok) return { ok: false, problems: parsed.problems }
  return documentFromRecords(parsed.records, options)
}

function documentFromRecords(records: CsvRecord[], options: MoodleImportOptions): MoodleImport {
  const problems: CsvProblem[] = []
  const [header, ...body] = records
  if (!header) return { ok: false, problems: [{ line: 1, message: 'the file has no header row' }] }
  const normalise = (name: string) =>
    name
      .trim()
      .toLowerCase()
      .replace(/\s*\(optional\)$/, '')
  const missing = MOODLE_COLUMNS.filter((column, i) => normalise(header.fields[i] ?? '') !== normalise(column))
  if (header.fields.length !== MOODLE_COLUMNS.length || missing.length > 0) {
    problems.push({
      line: header.line,
      message: `the header must have Moodle's ${MOODLE_COLUMNS.length} columns in order (${MOODLE_COLUMNS.join(', ')}); found ${header.fields.length}${missing.length > 0 ? `, and these do not match: ${missing.join(', ')}` : ''}`,
    })
    return { ok: false, problems }
  }

  const rows: Row[] = []
  for (const record of body) {
    if (record.fields.length !== MOODLE_COLUMNS.length) {
      problems.push({
        line: record.line,
        message: `expected ${MOODLE_COLUMNS.length} columns, found ${record.fields.length}`,
      })
      continue
    }
    const f = record.fields.map(restoreSpreadsheetSafe)
    const format = f[4].trim() === '' ? 1 : Number(f[4])
    if (![0, 1, 2, 4].includes(format))
      problems.push({ line: record.line, message: `description format '${f[4]}' is not 0, 1, 2 or 4` })
    // Read as the framework page will read it: HTML (format 1), and always for the framework's own row.
    const references = format === 1 || f[12].trim() === '1' ? descriptionReferenceProblem(f[3]) : null
    if (references) problems.push({ line: record.line, message: `the description ${references}` })
    rows.push({
      line: record.line,
      parent: f[0].trim(),
      idNumber: f[1].trim(),
      shortName: f[2].trim(),
      description: f[3],
      descriptionFormat: format,
      scaleValues: f[5],
      scaleConfiguration: f[6],
      ruleType: f[7].trim(),
      ruleOutcome: f[8].trim(),
      ruleConfig: f[9].trim(),
      crossReferences: f[10]
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
      isFramework: f[12].trim() === '1',
      taxonomy: f[13],
    })
  }

  const frameworkRows = rows.filter((row) => row.isFramework)
  if (frameworkRows.length === 0) problems.push({ line: 2, message: 'no row is marked "Is framework" = 1' })
  for (const extra of frameworkRows.slice(1)) {
    problems.push({
      line: extra.line,
      message: `a second framework row (the first is on line ${frameworkRows[0].line})`,
    })
  }
  const frameworkRow = frameworkRows[0]
  if (frameworkRow && !FRAMEWORK_CODE.test(frameworkRow.idNumber)) {
    problems.push({
      line: frameworkRow.line,
      message: `framework id number '${frameworkRow.idNumber}' must be letters, digits, dots, dashes or underscores`,
    })
  }

  const competencies = rows.filter((row) => !row.isFramework)
  const byId = new Map<string, Row>()
  for (const row of competencies) {
    if (!row.idNumber) problems.push({ line: row.line, message: 'the id number is empty' })
    else if (byId.has(row.idNumber)) {
      problems.push({
        line: row.line,
        message: `duplicate id number '${row.idNumber}' (first on line ${byId.get(row.idNumber)!.line})`,
      })
    } else byId.set(row.idNumber, row)
    if (!row.shortName) problems.push({ line: row.line, message: 'the short name is empty' })
  }
  for (const row of competencies) {
    if (row.parent && !byId.has(row.parent))
      problems.push({ line: row.line, message: `unknown parent '${row.parent}'` })
    for (const ref of row.crossReferences) {
      if (!byId.has(ref)) problems.push({ line: row.line, message: `cross-reference to unknown id number '${ref}'` })
    }
  }
  for (const cycle of parentCycles(byId)) {
    problems.push({ line: byId.get(cycle[0])!.line, message: `parents form a cycle: ${cycle.join(' → ')}` })
  }
  if (problems.length > 0 || !frameworkRow) return { ok: false, problems: sortProblems(problems) }

  const children = new Map<string, Row[]>()
  for (const row of competencies) if (row.parent) children.set(row.parent, [...(children.get(row.parent) ?? []), row])
  const levelsNode = competencies.find(
    (row) =>
      !row.parent &&
      row.idNumber.toLowerCase() === MOODLE_LEVELS_ID &&
      (children.get(row.idNumber) ?? []).every((c) => !children.has(c.idNumber)),
  )
  const levelRows = levelsNode ? (children.get(levelsNode.idNumber) ?? []) : []
  const levelIds = new Set(levelRows.map((row) => row.idNumber))
  const isDomain = (row: Row) => !row.parent || children.has(row.idNumber)
  const nodes = competencies.filter((row) => row !== levelsNode && !levelIds.has(row.idNumber))

  const levelOf = new Map<string, string>()
  const assignLevel = (capabilityId: string, levelId: string, line: number) => {
    const current = levelOf.get(capabilityId)
    if (current && current !== levelId) {
      problems.push({ line, message: `'${capabilityId}' is linked to two levels ('${current}' and '${levelId}')` })
    }
    levelOf.set(capabilityId, levelId)
  }
  for (const level of levelRows) {
    for (const ref of level.crossReferences)
      if (!isDomain(byId.get(ref)!) && !levelIds.has(ref)) assignLevel(ref, level.idNumber, level.line)
  }
  for (const row of nodes) {
    if (isDomain(row)) continue
    for (const ref of row.crossReferences) if (levelIds.has(ref)) assignLevel(row.idNumber, ref, row.line)
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) }

  const extra = (row: Row) => {
    const out: Record<string, unknown> = {}
    const related = row.crossReferences.filter((ref) => !levelIds.has(ref))
    if (related.length > 0) out.related = related
    if (row.ruleType)
      Object.assign(out, { ruleType: row.ruleType, ruleOutcome: row.ruleOutcome, ruleConfig: row.ruleConfig })
    return Object.keys(out).length > 0 ? out : null
  }
  const candidate = {
    source: `Imported from the Moodle competency framework file ${options.fileName}.`,
    framework: {
      code: frameworkRow.idNumber,
      name: frameworkRow.shortName || frameworkRow.idNumber,
      owner: null,
      description: frameworkRow.description || null,
    },
    version: { label: options.versionLabel, edition: null, date: null, status: 'draft' as const },
    provisional: [],
    levels: levelRows.map((row, index) => ({
      code: row.idNumber,
      ordinal: index + 1,
      name: row.shortName,
      indicativeTitle: null,
      description: row.description || null,
      descriptionFormat: row.descriptionFormat,
      provisional: false,
    })),
    domains: nodes.filter(isDomain).map((row) => ({
      code: row.idNumber,
      name: row.shortName,
      parent: row.parent || null,
      description: row.description || null,
      descriptionFormat: row.descriptionFormat,
      moodle: extra(row),
    })),
    capabilities: nodes
      .filter((row) => !isDomain(row))
      .map((row) => ({
        code: row.idNumber,
        domain: row.parent,
        level: levelOf.get(row.idNumber) ?? null,
        statement: row.shortName,
        description: row.description || null,
        descriptionFormat: row.descriptionFormat,
        moodle: extra(row),
      })),
    moodle: {
      idNumber: frameworkRow.idNumber,
      descriptionFormat: frameworkRow.descriptionFormat,
      scaleValues: frameworkRow.scaleValues,
      scaleConfiguration: frameworkRow.scaleConfiguration,
      taxonomy: frameworkRow.taxonomy,
      ...(levelsNode
        ? {
            levelsNode: {
              idNumber: levelsNode.idNumber,
              shortName: levelsNode.shortName,
              description: levelsNode.description,
              descriptionFormat: levelsNode.descriptionFormat,
            },
          }
        : {}),
    },
  }
  const checked = checkFrameworkDocument(candidate)
  if (!checked.ok) return { ok: false, problems: checked.problems.map((message) => ({ line: 0, message })) }
  const document = checked.document
  return {
    ok: true,
    preview: {
      document,
      counts: {
        levels: document.levels.length,
        domains: document.domains.length,
        capabilities: document.capabilities.length,
      },
    },
  }
}

function parentCycles(byId: Map<string, Row>): string[][] {
  const cycles: string[][] = []
  const settled = new Set<string>()
  for (const start of byId.keys()) {
    const path: string[] = []
    let current: string | undefined = start
    while (current && byId.has(current) && !settled.has(current)) {
      const seen = path.indexOf(current)
      if (seen !== -1) {
        cycles.push([...path.slice(seen), current])
        break
      }
      path.push(current)
      current = byId.get(current)!.parent || undefined
    }
    for (const id of path) settled.add(id)
  }
  return cycles
}

function sortProblems(problems: CsvProblem[]): CsvProblem[] {
  return [...problems].sort((a, b) => a.line - b.line)
}
