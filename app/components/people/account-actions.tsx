import { Button, Callout, Card, Flex, Heading, Text, TextField } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ConfirmForm } from '#app/components/confirm-form'
import { CopyButton } from '#app/components/copy-button'
import { formatUkDateTime } from '#app/lib/dates'

function FieldMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null
  return (
    <Text as="p" id={id} size="2" color="red" className="form-error" role="alert">
      {message}
    </Text>
  )
}

/** Issuing a one-time password reset link, and the link itself the one time it is shown. */
export function ResetSection({
  active,
  email,
  emailConfigured,
  hours,
  issued,
  error,
}: {
  active: boolean
  email: string
  emailConfigured: boolean
  hours: number
  /** The link just issued, when it was not emailed: shown in this answer only. */
  issued: { link: string; expiresAt: string } | null
  error?: string
}) {
  return (
    <Card size="3" asChild>
      <section aria-labelledby="reset-title">
        <Heading as="h2" size="5" mb="3" id="reset-title">
          Password reset
        </Heading>
        <Text as="p" size="2" mb="3">
          A one-time link lets them set a new password; it works for {hours} {hours === 1 ? 'hour' : 'hours'}, and
          issuing another stops the earlier one working.{' '}
          {emailConfigured
            ? `It is emailed to ${email}.`
            : 'Email is not set up, so the link is shown here once for you to pass on.'}
        </Text>
        {issued ? (
          <Callout.Root color="green" mb="3" role="status">
            <Callout.Text>
              Reset link issued. It works once, until {formatUkDateTime(issued.expiresAt)}. Copy it now: it will not be
              shown again.
            </Callout.Text>
            <label htmlFor="reset-link" className="visually-hidden">
              Reset link
            </label>
            <TextField.Root id="reset-link" readOnly value={issued.link} size="3" />
            <Flex gap="3" align="center" wrap="wrap">
              <CopyButton value={issued.link} label="Copy the link" />
            </Flex>
          </Callout.Root>
        ) : null}
        <FieldMessage id="field-reset" message={error} />
        {active ? (
          <Form method="post">
            <input type="hidden" name="intent" value="issue-reset" />
            <Button type="submit" variant="soft">
              Issue a reset link
            </Button>
          </Form>
        ) : (
          <Text as="p" size="2">
            Reactivate the account before issuing a reset link.
          </Text>
        )}
      </section>
    </Card>
  )
}

/** Deactivating an account (asked first) or reactivating it; accounts are never deleted. */
export function AccessSection({
  personId,
  name,
  active,
  isSelf,
  asked,
  error,
}: {
  personId: string
  name: string
  active: boolean
  isSelf: boolean
  asked: boolean
  error?: string
}) {
  return (
    <Card size="3" asChild>
      <section aria-labelledby="access-title">
        <Heading as="h2" size="5" mb="3" id="access-title">
          Account
        </Heading>
        <FieldMessage id="field-access" message={error} />
        {active ? (
          isSelf ? (
            <Text as="p" size="2">
              This is your own account. Another administrator can deactivate it.
            </Text>
          ) : (
            <ConfirmForm
              hidden={{ intent: 'deactivate' }}
              triggerLabel="Deactivate account"
              title={`Deactivate ${name}’s account?`}
              description={
                <p>
                  They are signed out at once and cannot sign in, and any reset link stops working. Everything they
                  recorded is kept, and you can reactivate the account later.
                </p>
              }
              confirmLabel="Yes, deactivate"
              asked={asked}
              cancelTo={`/admin/users/${personId}`}
            />
          )
        ) : (
          <>
            <Text as="p" size="2" mb="3">
              This account is deactivated: they cannot sign in. Their records are kept.
            </Text>
            <Form method="post">
              <input type="hidden" name="intent" value="reactivate" />
              <Button type="submit" variant="soft">
                Reactivate account
              </Button>
            </Form>
          </>
        )}
      </section>
    </Card>
  )
}
