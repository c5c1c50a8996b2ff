import { spreadsheetSafe, toCsv } from '#app/lib/csv'
import type { FrameworkDocument } from './document.schema'
import { MOODLE_COLUMNS, MOODLE_LEVELS_ID } from './moodle-csv'

const DEFAULT_SCALE_VALUES = 'Not yet demonstrated,Demonstrated'
const DEFAULT_SCALE_CONFIGURATION = '[{"scaleid":"0"},{"id":2,"scaledefault":1,"proficient":1}]'

/**
 * Writes a version in Moodle's format; importing the result gives the same tree back.
 * A cell that would start a spreadsheet formula (=, +, -, @) gets a leading apostrophe, which the portal's own
 * importer removes again: the download is offered to everyone who may read the framework, most of whom open CSV
 * files in a spreadsheet, and names come from imported files nobody here wrote, so a live =HYPERLINK(…) must not
 * reach them; Moodle's importer keeps the apostrophe, but only on such a value, where it is visible and harmless.
 */
export function writeMoodleFramework(doc: FrameworkDocument): string {
  const moodle = (doc.moodle ?? {}) as Record<string, unknown>
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback)
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback)
  const levelsNode = (moodle.levelsNode ?? {}) as Record<string, unknown>
  const levelsId = text(levelsNode.idNumber, MOODLE_LEVELS_ID)
  let exported = 0
  const rows: (string | number)[][] = [[...MOODLE_COLUMNS]]
  const row = (
    parent: string,
    idNumber: string,
    shortName: string,
    description: string | null,
    descriptionFormat: number,
    crossReferences: string[],
    extra: Record<string, unknown> | null,
  ) => {
    rows.push([
      parent,
      idNumber,
      shortName,
      description ?? '',
      descriptionFormat,
      '',
      '',
      text(extra?.ruleType, ''),
      text(extra?.ruleOutcome, '0'),
      text(extra?.ruleConfig, 'null'),
      [...crossReferences, ...((extra?.related as string[] | undefined) ?? [])].join(','),
      ++exported,
      '',
      '',
    ])
  }
  const depth = maxDepth(doc)
  rows.push([
    '',
    text(moodle.idNumber, doc.framework.code),
    doc.framework.name,
    doc.framework.description ?? '',
    number(moodle.descriptionFormat, 2),
    text(moodle.scaleValues, DEFAULT_SCALE_VALUES),
    text(moodle.scaleConfiguration, DEFAULT_SCALE_CONFIGURATION),
    '',
    '',
    '',
    '',
    '',
    1,
    text(moodle.taxonomy, Array.from({ length: depth }, () => 'competency').join(',')),
  ])
  if (doc.levels.length > 0) {
    row(
      '',
      levelsId,
      text(levelsNode.shortName, 'Levels'),
      text(levelsNode.description, ''),
      number(levelsNode.descriptionFormat, 2),
      [],
      null,
    )
    for (const level of [...doc.levels].sort((a, b) => a.ordinal - b.ordinal)) {
      const atLevel = doc.capabilities.filter((c) => c.level === level.code).map((c) => c.code)
      row(levelsId, level.code, level.name, level.description, level.descriptionFormat, atLevel, null)
    }
  }
  for (const domain of doc.domains) {
    row(domain.parent ?? '', domain.code, domain.name, domain.description, domain.descriptionFormat, [], domain.moodle)
  }
  for (const capability of doc.capabilities) {
    const level = capability.level ? [capability.level] : []
    row(
      capability.domain,
      capability.code,
      capability.statement,
      capability.description,
      capability.descriptionFormat,
      level,
      capability.moodle,
    )
  }
  return toCsv(rows.map((cells) => cells.map(spreadsheetSafe)))
}

function maxDepth(doc: FrameworkDocument): number {
  const parents = new Map(doc.domains.map((d) => [d.code, d.parent]))
  const depthOf = (code: string | null): number => (code === null ? 0 : 1 + depthOf(parents.get(code) ?? null))
  const deepest = Math.max(
    0,
    ...doc.capabilities.map((c) => depthOf(c.domain) + 1),
    ...doc.domains.map((d) => depthOf(d.code)),
  )
  return Math.max(1, deepest)
}
