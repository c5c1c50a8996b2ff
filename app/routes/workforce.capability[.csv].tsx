import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { toSpreadsheetCsv } from '#app/lib/csv'
import { todayInLondon } from '#app/lib/dates'
import { notFound } from '#app/lib/http.server'
import { STANDING_LABELS } from '#app/models/capabilities/capabilities.rules'
import { getCapabilityMatrix, readMatrixFilters } from '#app/models/workforce/capability-matrix.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'workforce.view')
  const { framework, team } = await readMatrixFilters(context.db, {
    framework: new URL(request.url).searchParams.get('framework'),
    team: new URL(request.url).searchParams.get('team'),
  })
  const matrix = framework
    ? await getCapabilityMatrix(context.db, { frameworkCode: framework, teamId: team?.id ?? null })
    : undefined
  if (!matrix) throw notFound('No framework is published yet')
  const header = ['Person', 'Job role', 'Team', 'Domain', 'Signed off', 'Role needs', 'Standing']
  const rows = matrix.people.flatMap((person) =>
    person.cells.map((cell) => [
      person.name,
      person.jobRoleTitle,
      person.teamName,
      matrix.domains.find((d) => d.id === cell.domainId)?.name ?? '',
      cell.achieved?.name ?? '',
      cell.required?.name ?? '',
      STANDING_LABELS[cell.standing],
    ]),
  )
  const name = `capability-${matrix.framework.code}${team ? `-${team.code}` : ''}-${todayInLondon()}.csv`
  return new Response(toSpreadsheetCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
