import { Text, TextArea, TextField } from '@radix-ui/themes'
import type { ComponentProps } from 'react'

type InputProps = Omit<ComponentProps<typeof TextField.Root>, 'id' | 'name' | 'children'>

interface FieldFrameProps {
  id: string
  label: string
  hint?: string
  error?: string
  children: (describedBy: string | undefined) => React.ReactNode
}

function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className="form-field" data-invalid={error ? 'true' : undefined}>
      <Text as="label" htmlFor={id} size="2" weight="bold" className="form-label">
        {label}
      </Text>
      {hint ? (
        <Text as="p" id={hintId} size="2" color="gray" highContrast className="form-hint">
          {hint}
        </Text>
      ) : null}
      {error ? (
        <Text as="p" id={errorId} size="2" color="red" className="form-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </Text>
      ) : null}
      {children(describedBy)}
    </div>
  )
}

/** A labelled multi-line text box. */
export function TextAreaField({
  name,
  label,
  hint,
  error,
  fieldId,
  ...props
}: { name: string; label: string; hint?: string; error?: string; fieldId?: string } & Omit<
  ComponentProps<typeof TextArea>,
  'id' | 'name'
>) {
  const id = fieldId ?? `field-${name}`
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <TextArea
          id={id}
          name={name}
          size="3"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...props}
        />
      )}
    </FieldFrame>
  )
}

/** A labelled native select: it works without JavaScript and with every assistive technology. */
export function SelectField({
  name,
  label,
  hint,
  error,
  fieldId,
  children,
  ...props
}: { name: string; label: string; hint?: string; error?: string; fieldId?: string } & Omit<
  ComponentProps<'select'>,
  'id' | 'name'
>) {
  const id = fieldId ?? `field-${name}`
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <select
          id={id}
          name={name}
          className="native-select"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...props}
        >
          {children}
        </select>
      )}
    </FieldFrame>
  )
}

/** A labelled text input with its hint and error tied to it for assistive technology. */
export function FormField({
  name,
  label,
  hint,
  error,
  fieldId,
  ...inputProps
}: { name: string; label: string; hint?: string; error?: string; fieldId?: string } & InputProps) {
  const id = fieldId ?? `field-${name}`
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <TextField.Root
          id={id}
          name={name}
          size="3"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...inputProps}
        />
      )}
    </FieldFrame>
  )
}
