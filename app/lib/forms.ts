import type { z } from 'zod'

export type FieldErrors = Record<string, string>

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> }

/** Fields whose values are never sent back to the page. */
const SECRET_FIELD = /password/i

/**
 * Validates a submitted form. On failure it returns one message per field and the submitted values
 * (secrets left out), so the page can show the errors beside the fields and keep what was typed.
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): FormResult<z.infer<S>> {
  const raw: Record<string, string> = {}
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !(key in raw)) raw[key] = value
  }
  const result = schema.safeParse(raw)
  if (result.success) return { ok: true, data: result.data }
  const fieldErrors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : 'form'
    fieldErrors[key] ??= issue.message
  }
  return { ok: false, fieldErrors, values: keepableValues(raw) }
}

/** A submitted text field. A file sent under the name counts as empty, as parseForm ignores it. */
export function formText(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value : ''
}

export function keepableValues(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !SECRET_FIELD.test(key)))
}

/** The text fields of a submitted form (first value of each, secrets left out), to show the form again as typed. */
export function formValues(formData: FormData): Record<string, string> {
  const raw: Record<string, string> = {}
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !(key in raw)) raw[key] = value
  }
  return keepableValues(raw)
}
