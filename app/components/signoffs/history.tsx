import { Heading, Text } from '@radix-ui/themes'
import { formatUkDate, formatUkDateTime } from '#app/lib/dates'
import { SIGNOFF_EVENT_LABELS } from '#app/models/signoffs/signoffs.schema'
import { SUPERVISION_KINDS, type SupervisionKindCode } from '#app/models/supervision/supervision.schema'
import type { SignoffEventKind } from '#db/schema'

/** The append-only record of a request: who asked, decided or withdrew, when, and in which session. */
export function SignoffHistory({
  events,
}: {
  events: {
    id: number
    kind: SignoffEventKind
    actorName: string
    at: string | Date
    comment: string
    sessionHeldOn: string | null
    sessionKind: SupervisionKindCode | null
  }[]
}) {
  return (
    <section aria-labelledby="history-title" className="home-section">
      <Heading as="h2" size="5" mb="3" id="history-title">
        History
      </Heading>
      <ol className="signoff-history">
        {events.map((event) => (
          <li key={event.id}>
            <Text as="p" size="2">
              <strong>{SIGNOFF_EVENT_LABELS[event.kind]}</strong> by {event.actorName}, {formatUkDateTime(event.at)}
              {event.sessionHeldOn
                ? ` in ${event.sessionKind ? SUPERVISION_KINDS[event.sessionKind].toLowerCase() : ''} supervision on ${formatUkDate(event.sessionHeldOn)}`
                : ''}
            </Text>
            {event.comment && event.kind !== 'requested' ? (
              <Text as="p" size="2" className="capability-description">
                {event.comment}
              </Text>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
