import { AlertDialog, Button, Callout, Flex, Text } from '@radix-ui/themes'
import { Form, Link } from '@remix-run/react'
import { type ReactNode, useId, useRef, useState } from 'react'

/** The field a confirmed destructive form carries; the action refuses to act without it. */
export const CONFIRMED_FIELD = 'confirmed'

export function isConfirmedForm(form: FormData): boolean {
  return form.get(CONFIRMED_FIELD) === 'yes'
}

/**
 * A form for something that cannot be taken back, which asks first. With JavaScript the button opens a dialog
 * and only its confirm button submits. Without it the button submits unconfirmed, the action answers that it
 * needs confirming, and the page shows the question in place (`asked`), with the confirm button and a way back.
 */
export function ConfirmForm({
  hidden,
  triggerLabel,
  triggerAriaLabel,
  title,
  description,
  confirmLabel,
  asked = false,
  cancelTo,
  children,
  size = '2',
}: {
  /** Hidden fields: the intent and the record it acts on. */
  hidden: Record<string, string>
  triggerLabel: string
  triggerAriaLabel?: string
  title: string
  description: ReactNode
  confirmLabel: string
  /** The action asked for confirmation (no JavaScript, or something changed meanwhile). */
  asked?: boolean
  /** Where "Cancel" goes when the question is shown in the page. */
  cancelTo: string
  /** Visible fields that go with the action, such as a reason. */
  children?: ReactNode
  size?: '1' | '2' | '3'
}) {
  const form = useRef<HTMLFormElement>(null)
  const confirmed = useRef<HTMLInputElement>(null)
  const [open, setOpen] = useState(false)
  const describedBy = useId()
  const fields = Object.entries(hidden).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ))
  if (asked) {
    return (
      <Form method="post" className="form-stack">
        {fields}
        <input type="hidden" name={CONFIRMED_FIELD} value="yes" />
        <Callout.Root color="red" role="alert" highContrast>
          <Callout.Text weight="bold">{title}</Callout.Text>
          <Text as="div" size="2">
            {description}
          </Text>
        </Callout.Root>
        {children}
        <Flex gap="3" wrap="wrap" align="center">
          <Button type="submit" color="red" highContrast size={size}>
            {confirmLabel}
          </Button>
          <Link to={cancelTo}>Cancel</Link>
        </Flex>
      </Form>
    )
  }
  return (
    <Form method="post" className="form-stack" ref={form}>
      {fields}
      <input type="hidden" name={CONFIRMED_FIELD} value="" ref={confirmed} />
      {children}
      <div>
        <Button
          type="submit"
          color="red"
          variant="soft"
          size={size}
          aria-label={triggerAriaLabel}
          onClick={(event) => {
            event.preventDefault()
            setOpen(true)
          }}
        >
          {triggerLabel}
        </Button>
      </div>
      <AlertDialog.Root open={open} onOpenChange={setOpen}>
        <AlertDialog.Content maxWidth="480px" aria-describedby={describedBy}>
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <Text as="div" size="2" id={describedBy}>
            {description}
          </Text>
          <Flex gap="3" mt="4" justify="end" wrap="wrap">
            <AlertDialog.Cancel>
              <Button variant="soft" color="gray" highContrast>
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action>
              <Button
                color="red"
                highContrast
                onClick={() => {
                  if (confirmed.current) confirmed.current.value = 'yes'
                  form.current?.requestSubmit()
                }}
              >
                {confirmLabel}
              </Button>
            </AlertDialog.Action>
          </Flex>
        </AlertDialog.Content>
      </AlertDialog.Root>
    </Form>
  )
}

/** The sign-offs a change would stop counting, in words, for a confirmation. */
export function SignoffsAtStakeList({
  signoffs,
}: {
  signoffs: readonly { id: string; domainName: string; levelName: string; status: 'pending' | 'approved' }[]
}) {
  if (signoffs.length === 0) return null
  return (
    <>
      <p>
        {signoffs.length === 1 ? 'This sign-off stops' : 'These sign-offs stop'} counting until a reviewer looks at the
        entry again:
      </p>
      <ul>
        {signoffs.map((s) => (
          <li key={s.id}>
            {s.domainName} at {s.levelName} ({s.status === 'approved' ? 'signed off' : 'waiting for review'})
          </li>
        ))}
      </ul>
    </>
  )
}
