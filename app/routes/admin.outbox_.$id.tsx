import { Badge, Button, DataList, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { FormError } from '#app/components/form-error'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDateTime } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { invariantFound, readForm } from '#app/lib/http.server'
import { isUuid } from '#app/lib/ids'
import { jsonLineLogger, senderFromEnv } from '#app/models/outbox/delivery.server'
import { type SendNowOutcome, getOutboxMessage, sendMessageNow } from '#app/models/outbox/send-now.server'

export const meta: MetaFunction = () => [{ title: 'Outgoing email message – OT Capability Portal' }]

const STATUS_LABELS = {
  pending: 'Waiting',
  failed: 'Failed',
  sent: 'Sent',
  logged: 'Written to the log',
} as const

async function loadMessage(db: Parameters<typeof getOutboxMessage>[0], id: string | undefined) {
  return invariantFound(isUuid(id) ? await getOutboxMessage(db, id) : undefined)
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'outbox.view')
  const message = await loadMessage(context.db, params.id)
  return { message, notifyConfigured: Boolean(context.env.NOTIFY_API_KEY) }
}

const OUTCOME_MESSAGES: Record<Exclude<SendNowOutcome, 'busy' | 'not-waiting'>, string> = {
  sent: 'Sent: GOV.UK Notify accepted the message.',
  logged: 'Written to the log: GOV.UK Notify is not configured, so nothing left by email.',
  retrying: 'GOV.UK Notify could not take it just now. It will be tried again; its answer is shown below.',
  failed: 'GOV.UK Notify refused the message. Its answer is shown below.',
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'outbox.view')
  const message = await loadMessage(context.db, params.id)
  const form = await readForm(request)
  if (form.get('intent') !== 'send-now') return data({ error: 'Choose “Send now” to send this message.' }, 400)
  const outcome = await sendMessageNow(context.db, {
    id: message.id,
    actorId: user.id,
    sender: senderFromEnv(context.env),
    logger: jsonLineLogger,
  })
  if (outcome === 'busy') {
    return data({ error: 'This message is being sent right now by the delivery job. Reload in a minute.' }, 409)
  }
  if (outcome === 'not-waiting') {
    return redirectWithFlash(context.env, `/admin/outbox/${message.id}`, {
      message: 'This message has already left: nothing was sent again.',
      kind: 'info',
    })
  }
  return redirectWithFlash(context.env, `/admin/outbox/${message.id}`, {
    message: OUTCOME_MESSAGES[outcome],
    kind: outcome === 'sent' || outcome === 'logged' ? 'success' : 'info',
  })
}

export default function OutboxMessagePage() {
  const { message, notifyConfigured } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const waiting = message.status === 'pending' || message.status === 'failed'
  const fields = Object.entries(message.personalisation)
  return (
    <>
      <Text as="p" size="2" mb="2">
        <ThemeLink asChild>
          <Link to="/admin/outbox" className="target-24">
            Back to outgoing email
          </Link>
        </ThemeLink>
      </Text>
      <PageHeader title={`Message to ${message.recipientName ?? message.recipientEmail}`} lead={message.kind} />
      <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }} mb="5">
        <DataList.Item>
          <DataList.Label>Status</DataList.Label>
          <DataList.Value>
            <Badge color={message.status === 'failed' ? 'red' : 'gray'} highContrast>
              {STATUS_LABELS[message.status]}
            </Badge>
            {message.beingSent ? <Text size="2">&nbsp;being sent now</Text> : null}
          </DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>To</DataList.Label>
          <DataList.Value>{message.recipientEmail}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Template</DataList.Label>
          <DataList.Value>{message.template}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Queued</DataList.Label>
          <DataList.Value>{formatUkDateTime(message.createdAt)}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Tries</DataList.Label>
          <DataList.Value>{message.attempts}</DataList.Value>
        </DataList.Item>
        {message.status === 'pending' ? (
          <DataList.Item>
            <DataList.Label>Next try</DataList.Label>
            <DataList.Value>{formatUkDateTime(message.nextAttemptAt)}</DataList.Value>
          </DataList.Item>
        ) : null}
        {message.sentAt ? (
          <DataList.Item>
            <DataList.Label>{message.status === 'logged' ? 'Logged' : 'Sent'}</DataList.Label>
            <DataList.Value>{formatUkDateTime(message.sentAt)}</DataList.Value>
          </DataList.Item>
        ) : null}
        <DataList.Item>
          <DataList.Label>Last answer from Notify</DataList.Label>
          <DataList.Value>{message.lastError ?? 'None'}</DataList.Value>
        </DataList.Item>
      </DataList.Root>

      <Heading as="h2" size="5" mb="2">
        What the message fills in
      </Heading>
      {fields.length === 0 ? (
        <Text as="p" size="2" mb="5">
          Nothing: the template is sent as it is.
        </Text>
      ) : (
        <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }} mb="5">
          {fields.map(([name, value]) => (
            <DataList.Item key={name}>
              <DataList.Label>{name}</DataList.Label>
              <DataList.Value>{value}</DataList.Value>
            </DataList.Item>
          ))}
        </DataList.Root>
      )}

      {waiting ? (
        <Form method="post" className="form-stack">
          <Heading as="h2" size="5">
            Send it now
          </Heading>
          <Text as="p" size="2">
            {notifyConfigured
              ? 'The message goes to GOV.UK Notify straight away instead of at its next try.'
              : 'GOV.UK Notify is not configured, so the message is written to the server log instead of emailed.'}
          </Text>
          <FormError message={actionData?.error} />
          <div>
            <Button type="submit" name="intent" value="send-now" size="3">
              Send now
            </Button>
          </div>
        </Form>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/admin/outbox', label: 'Go to outgoing email' }} />
}
