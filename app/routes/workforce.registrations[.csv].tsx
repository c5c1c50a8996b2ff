import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { toSpreadsheetCsv } from '#app/lib/csv'
import { todayInLondon } from '#app/lib/dates'
import { matchesRegistrationFilter, readRegistrationFilter } from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { listRegistrations } from '#app/models/registration/registration.server'

// The registrations list as filtered on /workforce/registrations, for a spreadsheet.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'workforce.registrations.view')
  const today = todayInLondon()
  const filter = readRegistrationFilter(hcpcRules(), new URL(request.url).searchParams.get('status'))
  const rows = (await listRegistrations(context.db, user, today)).filter((row) =>
    matchesRegistrationFilter(row.standing, filter),
  )
  const csv = toSpreadsheetCsv(
    [
      'Name',
      'Team',
      'Job role',
      'Status',
      'Needs action',
      'Registration number',
      'First registered',
      'Registration ends',
      'Days left',
      'Renewal window open',
      'Last checked on the HCPC register',
      'Checked by',
      'Check due',
      'Can be selected for CPD audit',
    ],
    rows.map((row) => [
      row.name,
      row.teamName,
      row.jobRoleTitle,
      row.standing.label,
      row.standing.needsAction ? 'Yes' : 'No',
      row.record?.number,
      row.record?.firstRegisteredOn,
      row.record?.expiresOn,
      row.standing.daysLeft,
      row.standing.windowOpen ? 'Yes' : 'No',
      row.record?.lastCheckedOn,
      row.record?.lastCheckedByName,
      row.standing.checkDue ? 'Yes' : 'No',
      row.standing.auditEligible ? 'Yes' : 'No',
    ]),
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="hcpc-registrations-${today}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
