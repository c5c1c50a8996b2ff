import { data, redirect } from '@remix-run/node'
import type { FieldErrors } from './forms'
import { RuleError } from './rule-error'

export function notFound(message = 'Not found'): Response {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}

export function forbidden(message = 'You do not have permission to do that'): Response {
  return new Response(message, { status: 403, statusText: 'Forbidden' })
}

/** Throws a 404 unless the value is present: for records the user may not know exist. */
export function invariantFound<T>(value: T | null | undefined, message = 'Not found'): T {
  if (value === null || value === undefined) throw notFound(message)
  return value
}

/** Only same-site paths, so that ?redirectTo= cannot send a user to another site after sign-in. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}

export { redirect }

/**
 * A broken rule becomes the form's reply: each message beside its field, what the person typed kept, and the
 * status the rule gives (400, or 409 for a conflict). Anything that is not a RuleError is thrown on.
 */
export function replyToRuleError<Extra extends object = Record<never, never>>(
  error: unknown,
  values: Record<string, string>,
  extra?: Extra,
) {
  if (!(error instanceof RuleError)) throw error
  const fieldErrors: FieldErrors = { ...error.fieldErrors }
  return data({ ...(extra as Extra), fieldErrors, values }, { status: error.status })
}
