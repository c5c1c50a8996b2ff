import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { toSpreadsheetCsv } from '#app/lib/csv'
import { todayInLondon } from '#app/lib/dates'
import { notFound } from '#app/lib/http.server'
import { DESIRABLE_STANDING_LABELS, STANDING_LABELS } from '#app/models/capabilities/capabilities.rules'
import { loadCapabilityMatrix } from '#app/models/workforce/capability-matrix.server'

// The same filters and order as the page: an unknown team or role gives everyone, as the page does.
export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'workforce.view')
  const { filters, matrix } = await loadCapabilityMatrix(context.db, new URL(request.url).searchParams)
  if (!matrix) throw notFound('No framework is published yet')
  const header = [
    'Person',
    'Job role',
    'Team',
    'Domain',
    'Signed off',
    'Role needs (essential)',
    'Standing',
    'Working towards (desirable)',
    'Desirable standing',
  ]
  const rows = matrix.people.flatMap((person) =>
    person.cells.map((cell) => [
      person.name,
      person.jobRoleTitle,
      person.teamName,
      matrix.domains.find((d) => d.id === cell.domainId)?.name ?? '',
      cell.achieved?.name ?? '',
      cell.required?.name ?? '',
      STANDING_LABELS[cell.standing],
      cell.desirable?.name ?? '',
      cell.desirable ? DESIRABLE_STANDING_LABELS[cell.desirableStanding] : '',
    ]),
  )
  const parts = [
    'capability',
    matrix.framework.code,
    filters.team?.code,
    filters.role?.code,
    filters.gapsOnly ? 'gaps' : null,
    todayInLondon(),
  ]
  const name = `${parts.filter(Boolean).join('-')}.csv`
  return new Response(toSpreadsheetCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
