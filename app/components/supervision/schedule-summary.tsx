import { Badge, Text } from '@radix-ui/themes'
import { formatUkDate } from '#app/lib/dates'
import type { Compliance, DueStatus } from '#app/models/supervision/supervision.rules'

/** A person's supervision schedule as the overview model works it out. */
export interface ScheduleView {
  stageLabel: string
  every: string
  minimumMinutes: number
  lastHeldOn: string | null
  due: DueStatus | null
  compliance: Compliance | null
}

/** How often a person should be supervised, when they last were, when the next is due and how they stand. */
export function ScheduleSummary({ schedule, qualifiedOn }: { schedule: ScheduleView; qualifiedOn: string | null }) {
  return (
    <>
      <Text as="p" size="2" mb="2">
        Sessions expected {schedule.every} ({schedule.stageLabel.toLowerCase()}), each at least{' '}
        {schedule.minimumMinutes} minutes.
        {qualifiedOn ? ` Qualified or first registered ${formatUkDate(qualifiedOn)}.` : ''}
      </Text>
      <Text as="p" size="2" mb="2">
        Last session: {schedule.lastHeldOn ? formatUkDate(schedule.lastHeldOn) : 'none recorded'}.
        {schedule.due ? (
          <>
            {' '}
            Next due {formatUkDate(schedule.due.dueOn)}{' '}
            {schedule.due.overdue ? (
              <Badge color="red" highContrast>
                Overdue by {schedule.due.daysOverdue} {schedule.due.daysOverdue === 1 ? 'day' : 'days'}
              </Badge>
            ) : null}
          </>
        ) : null}
      </Text>
      {schedule.compliance ? (
        <Text as="p" size="2">
          Since {formatUkDate(schedule.compliance.from)}: {schedule.compliance.held} held of{' '}
          {schedule.compliance.expected} expected ({schedule.compliance.fullLength} of at least{' '}
          {schedule.minimumMinutes} minutes).
        </Text>
      ) : null}
    </>
  )
}
