import { formatUkDate } from '#app/lib/dates'
import type { ImportCheck, ImportCounts } from '#app/models/people/import.server'
import type { FieldChange } from '#app/models/people/import-plan.rules'

const show = (value: string | null) =>
  value === null ? '(none)' : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatUkDate(value) : value
const change = (c: FieldChange) => `${c.label}: ${show(c.from)} → ${show(c.to)}`

/** The dry run as the command prints it: one line a person, then the problems by line. */
export function describeImportCheck(check: ImportCheck): string {
  const lines = [`${check.rows} people read.`]
  if (check.extraColumns.length > 0) lines.push(`Columns not used: ${check.extraColumns.join(', ')}.`)
  lines.push(`To create (${check.created.length}):`)
  for (const p of check.created) lines.push(`  line ${p.line}: ${p.employeeNumber} ${p.name} <${p.values.email}>`)
  lines.push(`To update (${check.updated.length}):`)
  for (const p of check.updated) {
    const where = p.line === null ? 'supervisor' : `line ${p.line}`
    lines.push(`  ${where}: ${p.employeeNumber ?? ''} ${p.name}: ${p.changes.map(change).join('; ')}`)
  }
  lines.push(`To deactivate (${check.deactivated.length}):`)
  for (const p of check.deactivated) {
    lines.push(`  line ${p.line}: ${p.employeeNumber} ${p.name}, left ${show(p.values.leavesOn)}`)
  }
  lines.push(`Supervision links to add: ${check.links.length}`)
  lines.push(`Unchanged: ${check.unchanged}`)
  if (check.problems.length > 0) {
    lines.push(`Problems (${check.problems.length}), nothing can be applied until they are corrected:`)
    for (const p of check.problems) lines.push(`  line ${p.line}: ${p.message}`)
  }
  return lines.join('\n')
}

export function describeImportCounts(counts: ImportCounts): string {
  return (
    `Applied: ${counts.created} created, ${counts.updated} updated, ${counts.deactivated} deactivated, ` +
    `${counts.unchanged} unchanged, ${counts.links} supervision links added.`
  )
}
