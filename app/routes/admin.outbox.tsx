import { Button, Flex, Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDateTime } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import {
  OUTBOX_LIST_LIMIT,
  countMessagesByStatus,
  listUndeliveredMessages,
  retryFailedMessage,
} from '#app/models/outbox/admin.server'
import { readForm } from '#app/lib/http.server'

export const meta: MetaFunction = () => [{ title: 'Outgoing email – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'outbox.view')
  const [messages, counts] = await Promise.all([listUndeliveredMessages(context.db), countMessagesByStatus(context.db)])
  return { messages, counts }
}

const retrySchema = z.object({ intent: z.literal('retry'), id: z.uuid() })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'outbox.view')
  const parsed = retrySchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return data({ error: 'Choose a message to retry' }, 400)
  const retried = await retryFailedMessage(context.db, { id: parsed.data.id, actorId: user.id })
  return redirectWithFlash(
    context.env,
    '/admin/outbox',
    retried
      ? { message: 'The message is back in the queue and leaves on the next delivery run.', kind: 'success' }
      : { message: 'That message is no longer failed: nothing to retry.', kind: 'info' },
  )
}

export default function AdminOutboxPage() {
  const { messages, counts } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title="Outgoing email"
        lead="Reminders and notices leave through GOV.UK Notify. The server sends them within a minute or so. Failed messages wait here until you retry them; open a message to see what it says or to send it now."
      />
      <Text as="p" size="2" mb="3">
        {counts.failed} failed · {counts.pending} waiting · {counts.sent} sent · {counts.logged} written to the log
        (Notify not configured)
      </Text>
      {messages.length === 0 ? (
        <EmptyState title="Nothing waiting">
          Every message has left. Failures will show here with Notify’s answer.
        </EmptyState>
      ) : (
        <TableFrame label="Failed and waiting messages">
          <Table.Root variant="surface" size="1">
            <caption className="table-caption">
              Failed and waiting messages{messages.length === OUTBOX_LIST_LIMIT ? ` (first ${OUTBOX_LIST_LIMIT})` : ''}
            </caption>
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Message</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>To</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Tries</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Last error</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Queued</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {messages.map((m) => (
                <Table.Row key={m.id}>
                  <Table.Cell>
                    {m.status === 'failed' ? (
                      <Flex direction="column" gap="1" align="start">
                        <strong>Failed</strong>
                        <Form method="post">
                          <input type="hidden" name="id" value={m.id} />
                          <Button type="submit" name="intent" value="retry" size="1" variant="soft">
                            Retry<span className="visually-hidden"> message to {m.recipientEmail}</span>
                          </Button>
                        </Form>
                      </Flex>
                    ) : (
                      `Waiting, next try ${formatUkDateTime(m.nextAttemptAt)}`
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <ThemeLink asChild>
                      <Link to={`/admin/outbox/${m.id}`} className="target-24">
                        {m.kind}
                      </Link>
                    </ThemeLink>
                    <Text as="div" size="1">
                      template {m.template}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>
                    {m.recipientName ?? ''}
                    <Text as="div" size="1">
                      {m.recipientEmail}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>{m.attempts}</Table.Cell>
                  <Table.Cell>{m.lastError ?? '—'}</Table.Cell>
                  <Table.Cell>{formatUkDateTime(m.createdAt)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </TableFrame>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/admin/users', label: 'Go to People' }} />
}
