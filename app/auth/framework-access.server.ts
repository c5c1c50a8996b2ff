import type { AppLoadContext } from '@remix-run/node'
import { notFound } from '#app/lib/http.server'
import { type VersionHeader, getVersionHeader } from '#app/models/frameworks/frameworks.server'
import { type CurrentUser, requirePermission } from './guard.server'
import { can } from './policy'

/** A framework version the signed-in person may see: drafts only for administrators; anything else is 404. */
export async function requireVisibleVersion(
  context: AppLoadContext,
  request: Request,
  params: { code?: string; version?: string },
): Promise<{ user: CurrentUser; header: VersionHeader }> {
  const user = requirePermission(context, request, 'frameworks.browse')
  const number = Number(params.version)
  if (!params.code || !Number.isInteger(number) || number < 1) throw notFound('Framework version not found')
  const header = await getVersionHeader(context.db, params.code, number)
  if (!header || (header.status === 'draft' && !can(user, 'frameworks.drafts.view'))) {
    throw notFound('Framework version not found')
  }
  return { user, header }
}
