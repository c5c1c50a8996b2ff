import { Callout } from '@radix-ui/themes'
import { useEffect, useRef } from 'react'

/**
 * Lists every problem at the top of a form, each linking to its field, and takes focus after a failed
 * submit so that keyboard and screen-reader users land on it.
 */
export function ErrorSummary({
  errors,
  labels,
  fieldIdPrefix = 'field',
}: {
  errors?: Record<string, string>
  labels?: Record<string, string>
  /** Where several forms share a page, each names its fields with its own prefix. */
  fieldIdPrefix?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const entries = Object.entries(errors ?? {})
  const signature = entries.map(([key, message]) => `${key}:${message}`).join('|')
  useEffect(() => {
    if (signature) ref.current?.focus()
  }, [signature])
  if (entries.length === 0) return null
  return (
    <div ref={ref} tabIndex={-1} className="error-summary" aria-labelledby="error-summary-title">
      <Callout.Root color="red" role="alert" size="2" highContrast>
        <Callout.Text>
          <strong id="error-summary-title">There is a problem</strong>
        </Callout.Text>
        <ul>
          {entries.map(([key, message]) => (
            <li key={key}>
              {key === 'form' ? (
                message
              ) : (
                <a href={`#${fieldIdPrefix}-${key}`}>{labels?.[key] ? `${labels[key]}: ${message}` : message}</a>
              )}
            </li>
          ))}
        </ul>
      </Callout.Root>
    </div>
  )
}
