import { Badge, Button, Card, Heading, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { EmptyState } from '#app/components/empty-state'
import { formatUkDate, formatUkDateTime } from '#app/lib/dates'
import {
  SUPERVISION_KINDS,
  type SupervisionKindCode,
  type SupervisionActionItem,
} from '#app/models/supervision/supervision.schema'
import { isActionOverdue } from '#app/models/supervision/supervision.rules'

export interface SessionView {
  id: string
  heldOn: string
  kind: SupervisionKindCode
  minutes: number
  nextOn: string | null
  supervisorName: string
  notes: string | null
  actions: SupervisionActionItem[] | null
}

export function SessionList({
  sessions,
  viewerId,
  canRecord,
  minimumMinutes,
  today,
  readOnly = false,
}: {
  sessions: SessionView[]
  viewerId: string
  canRecord: boolean
  minimumMinutes: number
  today: string
  /** Shown away from the supervision page (which has the form to mark an action done), so no buttons. */
  readOnly?: boolean
}) {
  if (sessions.length === 0) {
    return (
      <EmptyState title="No sessions recorded yet">
        {canRecord
          ? 'After your next supervision session, record it with the form above, with any actions you agreed.'
          : 'Sessions appear here once a supervisor records them.'}
      </EmptyState>
    )
  }
  return (
    <ol className="evidence-list" aria-label="Sessions, newest first">
      {sessions.map((session) => (
        <li key={session.id}>
          <Card size="2">
            <Heading as="h3" size="4" mb="1">
              {formatUkDate(session.heldOn)}: {SUPERVISION_KINDS[session.kind]} supervision
            </Heading>
            <Text as="p" size="2" mb="2">
              With {session.supervisorName} · {session.minutes} minutes
              {session.minutes < minimumMinutes ? (
                <>
                  {' '}
                  <Badge color="amber" highContrast>
                    Shorter than {minimumMinutes} minutes
                  </Badge>
                </>
              ) : null}
              {session.nextOn ? ` · next session planned for ${formatUkDate(session.nextOn)}` : null}
            </Text>
            {session.notes === null ? (
              <Text as="p" size="2" color="gray" highContrast mb="2">
                Notes are confidential to the two people in the session.
              </Text>
            ) : session.notes ? (
              <Text as="p" size="2" mb="2" className="capability-description">
                {session.notes}
              </Text>
            ) : (
              <Text as="p" size="2" color="gray" highContrast mb="2">
                No notes were written.
              </Text>
            )}
            {session.actions && session.actions.length > 0 ? (
              <>
                <Heading as="h4" size="2" mb="1">
                  Agreed actions
                </Heading>
                <ul className="history-list">
                  {session.actions.map((action) => {
                    const late = isActionOverdue(action, today)
                    return (
                      <li key={action.id}>
                        <Text size="2">
                          {action.text} · {action.ownerId === viewerId ? 'you' : action.ownerName}
                          {action.dueOn ? ` · due ${formatUkDate(action.dueOn)}` : ''}{' '}
                          {action.doneAt ? (
                            <Badge color="green" highContrast>
                              Done {formatUkDateTime(action.doneAt)}
                              {action.doneByName ? ` by ${action.doneByName}` : ''}
                            </Badge>
                          ) : late ? (
                            <Badge color="red" highContrast>
                              Overdue
                            </Badge>
                          ) : (
                            <Badge color="gray" highContrast>
                              Open
                            </Badge>
                          )}
                        </Text>
                        {!readOnly && !action.doneAt && (canRecord || action.ownerId === viewerId) ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="complete-action" />
                            <input type="hidden" name="actionId" value={action.id} />
                            <Button type="submit" size="1" variant="soft">
                              Mark done<span className="visually-hidden">: {action.text}</span>
                            </Button>
                          </Form>
                        ) : null}
                      </li>
                    )
                  })}
                </ul>
              </>
            ) : null}
          </Card>
        </li>
      ))}
    </ol>
  )
}
