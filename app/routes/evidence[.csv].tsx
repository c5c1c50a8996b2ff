import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { toSpreadsheetCsv } from '#app/lib/csv'
import { todayInLondon } from '#app/lib/dates'
import { listEvidenceForExport } from '#app/models/evidence/log.server'
import { readLogFilters } from '#app/models/evidence/log.schema'
import { ACTIVITY_TYPES, EVIDENCE_FIELD_LABELS } from '#app/models/evidence/evidence.schema'
import { formatHours } from '#app/lib/hours'

// The log as filtered on /evidence, every matching entry, for a spreadsheet.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'evidence.create')
  const { filters } = readLogFilters(new URL(request.url).searchParams)
  const rows = await listEvidenceForExport(context.db, { ownerId: user.id, filters })
  const csv = toSpreadsheetCsv(
    [
      'Date',
      'End date',
      'Title',
      'Activity type',
      'Hours',
      'Status',
      EVIDENCE_FIELD_LABELS.description,
      EVIDENCE_FIELD_LABELS.reflectionWhat,
      EVIDENCE_FIELD_LABELS.reflectionLearned,
      EVIDENCE_FIELD_LABELS.reflectionPractice,
      EVIDENCE_FIELD_LABELS.reflectionBenefit,
      'Capabilities',
    ],
    rows.map((row) => [
      row.startsOn,
      row.endsOn,
      row.title,
      row.activityType ? ACTIVITY_TYPES[row.activityType as keyof typeof ACTIVITY_TYPES] : null,
      row.minutes ? formatHours(row.minutes) : null,
      row.withdrawn ? 'Withdrawn' : row.status === 'draft' ? 'Draft' : 'Complete',
      row.description,
      row.reflectionWhat,
      row.reflectionLearned,
      row.reflectionPractice,
      row.reflectionBenefit,
      row.capabilities,
    ]),
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="cpd-log-${todayInLondon()}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
