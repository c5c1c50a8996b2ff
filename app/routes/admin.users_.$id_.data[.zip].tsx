import type { LoaderFunctionArgs } from '@remix-run/node'
import { authorizeVisible, requirePermission } from '#app/auth/guard.server'
import { invariantFound } from '#app/lib/http.server'
import { isUuid } from '#app/lib/ids'
import { zipDownload } from '#app/lib/download.server'
import { getPersonSubject } from '#app/models/people/users.server'
import { exportPersonalData } from '#app/models/personal-data/export.server'

// An administrator answers a subject access request for someone: the same zip the person downloads themselves.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'admin.users.manage')
  const personId = params.id ?? ''
  const subject = isUuid(personId) ? await getPersonSubject(context.db, personId) : undefined
  authorizeVisible(user, 'personal-data.export', subject)
  const download = invariantFound(await exportPersonalData(context.db, { personId: subject.id, actorId: user.id }))
  return zipDownload(download)
}
