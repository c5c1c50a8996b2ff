import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/lib/http.server'
import { buildPersonCalendar, findCalendarFeedOwner } from '#app/models/registration/calendar-feed.server'

// A calendar app fetches this without a session: the secret in the URL is the only credential, which is
// why the token is long, stored hashed, resettable, and answered with 404 when unknown.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const match = /^(.+)\.ics$/.exec(params.token ?? '')
  const personId = match ? await findCalendarFeedOwner(context.db, match[1]) : undefined
  if (!personId) throw notFound()
  const ics = await buildPersonCalendar(context.db, { personId, now: new Date() })
  return new Response(ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="ot-portal.ics"',
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
    },
  })
}
