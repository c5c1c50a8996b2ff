import type { AppLoadContext } from '@remix-run/node'
import { notFound } from '#app/lib/http.server'
import { FRAMEWORK_CODE } from '#app/models/frameworks/document.schema'
import { type VersionHeader, getVersionHeader } from '#app/models/frameworks/frameworks.server'
import { type CurrentUser, requirePermission } from './guard.server'
import { can } from './policy'

const VERSION_NUMBER = /^[1-9][0-9]{0,9}$/
/** The largest value of PostgreSQL's integer, the type of framework_version.number. */
const INTEGER_MAX = 2_147_483_647

/** A framework version the signed-in person may see: drafts only for administrators; anything else is 404. */
export async function requireVisibleVersion(
  context: AppLoadContext,
  request: Request,
  params: { code?: string; version?: string },
): Promise<{ user: CurrentUser; header: VersionHeader }> {
  const user = requirePermission(context, request, 'frameworks.browse')
  const code = params.code ?? ''
  const number = VERSION_NUMBER.test(params.version ?? '') ? Number(params.version) : 0
  // Anything else cannot name a version, and PostgreSQL would refuse to compare it with the columns.
  if (!FRAMEWORK_CODE.test(code) || number < 1 || number > INTEGER_MAX) throw notFound('Framework version not found')
  const header = await getVersionHeader(context.db, code, number)
  if (!header || (header.status === 'draft' && !can(user, 'frameworks.drafts.view'))) {
    throw notFound('Framework version not found')
  }
  return { user, header }
}
