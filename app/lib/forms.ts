import type { z } from 'zod'

export type FieldErrors = Record<string, string>

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> }

/** Fields whose values are never sent back to the page. */
const SECRET_FIELD = /password/i

/**
 * Control characters other than tab, line feed and carriage return. PostgreSQL refuses U+0000 in text, and
 * the rest have no place in anything a person types: they arrive by pasting, or from a crafted request.
 */
const UNSTORABLE = /(?![\t\n\r])\p{Cc}/u
const UNSTORABLE_ALL = /(?![\t\n\r])\p{Cc}/gu

export const UNSTORABLE_MESSAGE =
  'This contains a character that cannot be stored (an invisible control character). It has been taken out: check the text and send it again.'

export function hasUnstorableCharacters(value: string): boolean {
  return UNSTORABLE.test(value)
}

export function withoutUnstorableCharacters(value: string): string {
  return value.replace(UNSTORABLE_ALL, '')
}

/**
 * Fields never stored, shown or searched for: passwords are only hashed, and the page to return to after
 * signing in goes through safeRedirectPath, which refuses control characters itself.
 */
const NEVER_STORED_FIELD = /password|^redirectTo$/i

/** A message for each field holding a character that cannot be stored. */
export function unstorableFieldErrors(fields: Iterable<[string, string]>): FieldErrors {
  const fieldErrors: FieldErrors = {}
  for (const [key, value] of fields) {
    if (!NEVER_STORED_FIELD.test(key) && hasUnstorableCharacters(value)) fieldErrors[key] = UNSTORABLE_MESSAGE
  }
  return fieldErrors
}

/** Search text from the address, without characters that cannot be searched for. */
export function searchText(value: string | null | undefined, max = 200): string {
  return withoutUnstorableCharacters(value ?? '').slice(0, max)
}

/**
 * Validates a submitted form. On failure it returns one message per field and the submitted values
 * (secrets left out), so the page can show the errors beside the fields and keep what was typed.
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): FormResult<z.infer<S>> {
  const raw = textFields(formData)
  const unstorable = unstorableFieldErrors(Object.entries(raw))
  const result = schema.safeParse(raw)
  if (result.success && Object.keys(unstorable).length === 0) return { ok: true, data: result.data }
  const fieldErrors: FieldErrors = { ...unstorable }
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path.length > 0 ? issue.path.join('.') : 'form'
    fieldErrors[key] ??= issue.message
  }
  return { ok: false, fieldErrors, values: keepableValues(raw) }
}

/** A submitted text field. A file sent under the name counts as empty, as parseForm ignores it. */
export function formText(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value : ''
}

/** The values to put back in the form: secrets left out, characters that cannot be stored taken out. */
export function keepableValues(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([key]) => !SECRET_FIELD.test(key))
      .map(([key, value]) => [key, withoutUnstorableCharacters(value)]),
  )
}

/** The text fields of a submitted form (first value of each, secrets left out), to show the form again as typed. */
export function formValues(formData: FormData): Record<string, string> {
  return keepableValues(textFields(formData))
}

/** The first value of each text field. A field named like "__proto__" or "constructor" is an ordinary field here. */
function textFields(formData: FormData): Record<string, string> {
  const raw: Record<string, string> = {}
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !Object.hasOwn(raw, key)) {
      Object.defineProperty(raw, key, { value, enumerable: true, writable: true, configurable: true })
    }
  }
  return raw
}
