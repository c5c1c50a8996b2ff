import type { LoaderFunctionArgs } from '@remix-run/node'
import { authorizeVisible, requireUser } from '#app/auth/guard.server'
import { invariantFound } from '#app/lib/http.server'
import { zipDownload } from '#app/lib/download.server'
import { getPersonSubject } from '#app/models/people/users.server'
import { exportPersonalData } from '#app/models/personal-data/export.server'

// The signed-in person's own data, for a subject access request they answer themselves.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  authorizeVisible(user, 'personal-data.export', await getPersonSubject(context.db, user.id))
  const download = invariantFound(await exportPersonalData(context.db, { personId: user.id, actorId: user.id }))
  return zipDownload(download)
}
