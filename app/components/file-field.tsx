import { Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

/**
 * A labelled file input with its hint and its message, tied together for screen readers as the other form fields
 * are. A browser never keeps a chosen file after a refused submit, so the message says what to choose again.
 */
export function FileField({
  id,
  label,
  hint,
  error,
  accept,
}: {
  id: string
  label: string
  hint?: ReactNode
  error?: string
  accept: string
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className="form-field" data-invalid={error ? 'true' : undefined}>
      <Text as="label" htmlFor={id} size="2" weight="bold">
        {label}
      </Text>
      {hint ? (
        <Text as="p" id={`${id}-hint`} size="2" color="gray">
          {hint}
        </Text>
      ) : null}
      {error ? (
        <Text as="p" id={`${id}-error`} size="2" color="red" className="form-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </Text>
      ) : null}
      <input
        id={id}
        name="file"
        type="file"
        accept={accept}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  )
}
