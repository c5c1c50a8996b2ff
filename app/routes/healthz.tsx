import type { LoaderFunctionArgs } from '@remix-run/node'
import { checkDatabaseHealth } from '#app/models/shared/health.server'

// Public on purpose: load balancers ask it. It says only whether the database answers.
export async function loader({ context }: LoaderFunctionArgs) {
  const health = await checkDatabaseHealth(context.db)
  const headers = { 'Cache-Control': 'no-store' }
  if (!health.ok) return Response.json({ status: 'unavailable' }, { status: 503, headers })
  return Response.json({ status: 'ok', databaseMs: health.roundTripMs }, { headers })
}
