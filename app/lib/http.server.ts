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

const REDIRECT_PATH_MAX = 2000
const REDIRECT_BASE = 'http://portal.invalid'
// Controls, format characters (bidi overrides), lone surrogates, any whitespace and backslashes: browsers strip or
// rewrite several of them (a tab in "/\t/evil" makes it "//evil"), and CR/LF would not fit in a header.
const UNSAFE_CHARACTER = /[\p{C}\p{Z}\s\\]/u
// The same characters percent-encoded, in case anything between here and the browser decodes them.
const UNSAFE_ENCODED = /%(?:[01][0-9a-f]|7f|5c)/i

/**
 * The one check for every ?redirectTo= (and any other "send me back to" value): a path on this site that starts
 * with a single "/", resolved as the browser would and percent-encoded so that it is always a valid header value.
 * Anything else gives the fallback.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > REDIRECT_PATH_MAX) return fallback
  if (!to.startsWith('/') || to.startsWith('//') || UNSAFE_CHARACTER.test(to) || UNSAFE_ENCODED.test(to)) {
    return fallback
  }
  let resolved: URL
  try {
    resolved = new URL(to, REDIRECT_BASE)
  } catch {
    return fallback
  }
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`
  // Dot segments can resolve to "//host" ("/.//evil"), which a browser would read as another site.
  if (resolved.origin !== REDIRECT_BASE || path.startsWith('//') || path.length > REDIRECT_PATH_MAX) return fallback
  return path
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

/**
 * The submitted form. A body that says it is a form and cannot be read as one (a broken multipart body) is the
 * sender's mistake: it is answered 400 and nothing is saved, never a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('The form could not be read. Nothing was saved; please send it again.', {
      status: 400,
      statusText: 'Bad Request',
    })
  }
}
