import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireVisibleVersion } from '#app/auth/framework-access.server'
import { invariantFound } from '#app/lib/http.server'
import { getFrameworkDocument } from '#app/models/frameworks/frameworks.server'

// The portal's own format: the same document shape as the files in framework-data/ (see its README).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { header } = await requireVisibleVersion(context, request, params)
  const document = invariantFound(await getFrameworkDocument(context.db, header.frameworkCode, header.number))
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${header.frameworkCode}-v${header.number}.json"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
