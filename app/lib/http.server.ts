import { redirect } from '@remix-run/node'

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
