import { Badge, Card, Heading, Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { EmptyState } from '#app/components/empty-state'
import { formatUkDate } from '#app/lib/dates'
import { type ApprenticeshipStatus, STATUS_LABELS } from '#app/models/apprenticeship/statuses.rules'
import { type GatewayReadiness } from '#app/models/apprenticeship/progress.rules'
import { formatHours } from '#app/lib/hours'

interface LogsData {
  otj: {
    id: string
    doneOn: string
    minutes: number
    activity: string
    evidenceId: string | null
    evidenceTitle: string | null
    loggedBy: string
  }[]
  placements: { id: string; setting: string; startsOn: string; endsOn: string; minutes: number }[]
  reviews: { id: string; heldOn: string; nextOn: string; providerContact: string; notes: string; recordedBy: string }[]
  events: { id: number; status: ApprenticeshipStatus; effectiveOn: string; note: string; actorName: string | null }[]
  progress: { gateway: GatewayReadiness; placement: unknown }
  isSelf: boolean
}

type FormSlots = Record<'otj' | 'placement' | 'review' | 'gateway' | 'status', ReactNode>

function Section({ id, title, children, form }: { id: string; title: string; children: ReactNode; form: ReactNode }) {
  return (
    <section aria-labelledby={id} className="home-section">
      <Heading as="h2" size="5" mb="3" id={id}>
        {title}
      </Heading>
      {children}
      {form ? (
        <Card size="2" mt="3">
          {form}
        </Card>
      ) : null}
    </section>
  )
}

/** The gateway checklist, the logs, the reviews and the status history, each with its form where allowed. */
export function ApprenticeshipLogs({ loaded, forms }: { loaded: LogsData; forms: FormSlots }) {
  const { otj, placements, reviews, events, progress } = loaded
  return (
    <>
      <Section id="gateway-title" title="Gateway readiness" form={forms.gateway}>
        <ul className="readiness-list">
          {progress.gateway.items.map((item) => (
            <li key={item.item}>
              <Text size="2">
                {item.doneOn ? (
                  <Badge color="green" highContrast>
                    Done {formatUkDate(item.doneOn)}
                  </Badge>
                ) : item.required ? (
                  <Badge color="amber" highContrast>
                    To do
                  </Badge>
                ) : (
                  <Badge color="gray" highContrast>
                    Optional
                  </Badge>
                )}{' '}
                {item.label}
              </Text>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="otj-title" title="Off-the-job training" form={forms.otj}>
        {otj.length === 0 ? (
          <EmptyState title="No off-the-job training logged">
            Log study days, university teaching and protected learning time as they happen, with the hours.
          </EmptyState>
        ) : (
          <TableFrame label="Off-the-job training, latest first">
            <Table.Root variant="surface" size="1">
              <caption className="visually-hidden">Off-the-job training, latest first</caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell scope="col">Date</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell scope="col">Activity</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell scope="col" justify="end">
                    Hours
                  </Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell scope="col">Logged by</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {otj.map((log) => (
                  <Table.Row key={log.id}>
                    <Table.RowHeaderCell>{formatUkDate(log.doneOn)}</Table.RowHeaderCell>
                    <Table.Cell>
                      {log.activity}
                      {log.evidenceId ? (
                        <>
                          {' · '}
                          <ThemeLink asChild>
                            <Link to={`/evidence/${log.evidenceId}`} className="target-24">
                              CPD entry: {log.evidenceTitle}
                            </Link>
                          </ThemeLink>
                        </>
                      ) : null}
                    </Table.Cell>
                    <Table.Cell justify="end">{formatHours(log.minutes)}</Table.Cell>
                    <Table.Cell>{log.loggedBy}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </TableFrame>
        )}
      </Section>

      {progress.placement ? (
        <Section id="placement-title" title="Practice placements" form={forms.placement}>
          {placements.length === 0 ? (
            <EmptyState title="No placement hours logged">
              Log each block of assessed practice-based learning when it ends.
            </EmptyState>
          ) : (
            <TableFrame label="Placement hours, latest first">
              <Table.Root variant="surface" size="1">
                <caption className="visually-hidden">Placement hours, latest first</caption>
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeaderCell scope="col">Setting</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell scope="col">Dates</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell scope="col" justify="end">
                      Hours
                    </Table.ColumnHeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {placements.map((log) => (
                    <Table.Row key={log.id}>
                      <Table.RowHeaderCell>{log.setting}</Table.RowHeaderCell>
                      <Table.Cell>
                        {formatUkDate(log.startsOn)} to {formatUkDate(log.endsOn)}
                      </Table.Cell>
                      <Table.Cell justify="end">{formatHours(log.minutes)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </TableFrame>
          )}
        </Section>
      ) : null}

      <Section id="reviews-title" title="Progress reviews" form={forms.review}>
        {reviews.length === 0 ? (
          <EmptyState title="No progress reviews yet">
            The apprentice, their employer and the training provider meet at least every 12 weeks.{' '}
            {loaded.isSelf ? 'Your supervisor records each review here.' : 'Record each one here.'}
          </EmptyState>
        ) : (
          <ol className="history-list" reversed>
            {reviews.map((r) => (
              <li key={r.id}>
                <Text size="2">
                  <strong>{formatUkDate(r.heldOn)}</strong> with {r.providerContact} for the provider; next planned for{' '}
                  {formatUkDate(r.nextOn)}. Recorded by {r.recordedBy}.
                </Text>
                {r.notes ? (
                  <Text as="p" size="2" className="capability-description">
                    {r.notes}
                  </Text>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section id="status-title" title="Status history" form={forms.status}>
        <ol className="history-list">
          {events.map((e) => (
            <li key={e.id}>
              <Text size="2">
                <strong>{STATUS_LABELS[e.status]}</strong> from {formatUkDate(e.effectiveOn)}
                {e.actorName ? `, recorded by ${e.actorName}` : ''}
                {e.note ? `: ${e.note}` : ''}
              </Text>
            </li>
          ))}
        </ol>
      </Section>
    </>
  )
}
