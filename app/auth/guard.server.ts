import { type AppLoadContext, redirect } from '@remix-run/node'
import { forbidden, notFound, safeRedirectPath } from '#app/lib/http.server'
import { type Actor, type RoleAction, type Subject, type SubjectAction, can } from './policy'
import type { SessionUserAttributes } from './lucia-adapter.server'

export type CurrentUser = Actor & SessionUserAttributes & { sessionId: string }

/** The signed-in person, or a redirect to sign in that brings them back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request): CurrentUser {
  const auth = context.auth
  if (!auth) {
    const url = new URL(request.url)
    const back = safeRedirectPath(`${url.pathname}${url.search}`)
    throw redirect(back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`)
  }
  return { ...auth.user, sessionId: auth.session.id }
}

/** The signed-in person, if they may take a role-level action; otherwise 403. */
export function requirePermission(context: AppLoadContext, request: Request, action: RoleAction): CurrentUser {
  const user = requireUser(context, request)
  if (!can(user, action)) throw forbidden()
  return user
}

/** Throws 403 unless the user may act on the subject. */
export function authorize(user: Actor, action: SubjectAction, subject: Subject): void {
  if (!can(user, action, subject)) throw forbidden()
}

/**
 * Throws 404 unless the user may see the subject: a record someone may not see is answered as missing,
 * so that its existence does not leak.
 */
export function authorizeVisible(user: Actor, action: SubjectAction, subject: Subject | undefined): asserts subject {
  if (!subject || !can(user, action, subject)) throw notFound()
}
