import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { toSpreadsheetCsv } from '#app/lib/csv'
import { todayInLondon } from '#app/lib/dates'
import { readSupervisionOverview } from '#app/models/supervision/overview-filter.server'
import { withPageDetails } from '#app/models/supervision/overview.server'

// The supervision overview as filtered on /supervision, every page of it, for a spreadsheet.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'supervision.list')
  const today = todayInLondon()
  const { rows } = await readSupervisionOverview(context.db, user, new URL(request.url).searchParams, today)
  const detailed = await withPageDetails(context.db, rows, today)
  const csv = toSpreadsheetCsv(
    [
      'Name',
      'Team',
      'Job role',
      'Supervisor',
      'Supervised since',
      'Last session',
      'Next due',
      'Days overdue',
      'Sessions held',
      'Sessions expected',
      'Counted from',
      'Open actions',
      'Sign-offs waiting',
      'HCPC',
      'Capability gaps',
    ],
    detailed.map((row) => [
      row.name,
      row.teamName,
      row.jobRoleTitle,
      row.supervisorName,
      row.since,
      row.lastHeldOn,
      row.due.dueOn,
      row.due.overdue ? row.due.daysOverdue : 0,
      row.compliance.held,
      row.compliance.expected,
      row.compliance.from,
      row.openActions,
      row.pendingSignoffs,
      row.hcpcStatus?.label,
      row.gaps,
    ]),
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="supervision-${today}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
