import { formatUkDate } from '#app/lib/dates'
import type { FieldChange, ImportPlan, PlannedPerson } from './import-plan.rules'

export interface ImportPreviewPerson {
  line: number | null
  employeeNumber: string | null
  name: string
  email: string
  detail: string
}

export interface ImportPreviewData {
  fileName: string
  /** Present when the file has no problems and is kept, waiting to be applied. */
  uploadId: string | null
  rows: number
  extraColumns: string[]
  counts: { created: number; updated: number; deactivated: number; unchanged: number; links: number }
  created: ImportPreviewPerson[]
  updated: ImportPreviewPerson[]
  deactivated: ImportPreviewPerson[]
  problems: { line: number; message: string }[]
  problemCount: number
}

/** How many rows of each list the page is sent; the counts always cover the whole file. */
const SHOWN = 200

const show = (value: string | null) =>
  value === null ? 'none' : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatUkDate(value) : value
const describeChange = (c: FieldChange) =>
  c.from === null && c.label === 'Access' ? 'Access: adds supervisor' : `${c.label}: ${show(c.from)} → ${show(c.to)}`

function row(person: PlannedPerson, detail: string): ImportPreviewPerson {
  return {
    line: person.line,
    employeeNumber: person.employeeNumber,
    name: person.name,
    email: person.values.email,
    detail,
  }
}

/** What the import page shows of a dry run: the counts, and the first rows of each list. */
export function toImportPreview(
  check: ImportPlan & { rows: number; extraColumns: string[] },
  input: { fileName: string; uploadId: string | null },
): ImportPreviewData {
  return {
    fileName: input.fileName,
    uploadId: input.uploadId,
    rows: check.rows,
    extraColumns: check.extraColumns,
    counts: {
      created: check.created.length,
      updated: check.updated.length,
      deactivated: check.deactivated.length,
      unchanged: check.unchanged,
      links: check.links.length,
    },
    created: check.created.slice(0, SHOWN).map((p) => row(p, show(p.values.startsOn))),
    updated: check.updated.slice(0, SHOWN).map((p) => row(p, p.changes.map(describeChange).join('; '))),
    deactivated: check.deactivated.slice(0, SHOWN).map((p) => row(p, show(p.values.leavesOn))),
    problems: check.problems.slice(0, SHOWN),
    problemCount: check.problems.length,
  }
}
