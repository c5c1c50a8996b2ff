import type { FieldErrors } from './forms'
import { isUuid } from './ids'

/** The hidden field every create form sends its one-time token in. */
export const FORM_TOKEN_FIELD = 'formToken'

export const FORM_TOKEN_MESSAGE =
  'This form could not be matched to the page it came from, so nothing was saved. Check the details and send it again.'

/** A fresh one-time token for a form about to be shown: random, so that no two forms ever share one. */
export function newFormToken(): string {
  return crypto.randomUUID()
}

export type FormTokenResult = { ok: true; token: string } | { ok: false; fieldErrors: FieldErrors }

/**
 * The token a submitted form carries. A missing or malformed one is the sender's mistake: it comes back as a
 * message for the form (a 400 from the route), never as a server error.
 */
export function readFormToken(formData: FormData): FormTokenResult {
  const value = formData.get(FORM_TOKEN_FIELD)
  if (isUuid(value)) return { ok: true, token: value.toLowerCase() }
  return { ok: false, fieldErrors: { [FORM_TOKEN_FIELD]: FORM_TOKEN_MESSAGE } }
}

/** The token's message, if any, merged with the form's own field messages. */
export function withFormTokenError(
  token: { ok: true } | { ok: false; fieldErrors: FieldErrors },
  fieldErrors: FieldErrors = {},
): FieldErrors {
  return token.ok ? fieldErrors : { ...token.fieldErrors, ...fieldErrors }
}
