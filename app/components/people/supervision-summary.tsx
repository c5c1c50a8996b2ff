import { Card, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { type ScheduleView, ScheduleSummary } from '#app/components/supervision/schedule-summary'
import { type SessionView, SessionList } from '#app/components/supervision/session-list'

/**
 * Where the person's supervision stands and their latest sessions. Notes arrive only for sessions the viewer was
 * in (the model asks the policy), so the list says when they are confidential.
 */
export function SupervisionSummary({
  supervision,
  person,
  viewerId,
  today,
}: {
  supervision: { schedule: ScheduleView; qualifiedOn: string | null; sessions: SessionView[]; sessionCount: number }
  person: { id: string; name: string; supervisors: readonly unknown[] }
  viewerId: string
  today: string
}) {
  const { schedule, sessions, sessionCount } = supervision
  return (
    <>
      <Card size="2" mb="3">
        {person.supervisors.length === 0 ? (
          <Text as="p" size="2" mb="2">
            {person.name} has no supervisor linked today, so no session is due. An administrator links supervisors.
          </Text>
        ) : null}
        <ScheduleSummary schedule={schedule} qualifiedOn={supervision.qualifiedOn} />
      </Card>
      <SessionList
        sessions={sessions}
        viewerId={viewerId}
        canRecord={false}
        minimumMinutes={schedule.minimumMinutes}
        today={today}
        readOnly
      />
      <Text as="p" size="2">
        {sessionCount > sessions.length ? `Showing the latest ${sessions.length} of ${sessionCount} sessions. ` : ''}
        <ThemeLink asChild>
          <Link to={`/supervision/${person.id}`}>
            Open the supervision record<span className="visually-hidden"> for {person.name}</span>
          </Link>
        </ThemeLink>
      </Text>
    </>
  )
}
