import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireVisibleVersion } from '#app/auth/framework-access.server'
import { invariantFound } from '#app/lib/http.server'
import { getFrameworkDocument } from '#app/models/frameworks/frameworks.server'
import { writeMoodleFramework } from '#app/models/frameworks/moodle-csv-writer'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { header } = await requireVisibleVersion(context, request, params)
  const document = invariantFound(await getFrameworkDocument(context.db, header.frameworkCode, header.number))
  const fileName = `${header.frameworkCode}-v${header.number}.csv`
  return new Response(writeMoodleFramework(document), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
