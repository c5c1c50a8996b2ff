import { DataList } from '@radix-ui/themes'
import type { ReactNode } from 'react'
import { formatUkDate } from '#app/lib/dates'
import { ACTIVITY_TYPES, type ActivityTypeCode } from '#app/models/evidence/evidence.schema'
import { formatHours } from '#app/lib/hours'

/** "3 Oct 2026", or "3 Oct 2026 to 5 Oct 2026" for an activity over several days. */
export function describeEvidenceDates(startsOn: string | null | undefined, endsOn: string | null | undefined): string {
  if (!startsOn) return 'Not set'
  return endsOn && endsOn !== startsOn ? `${formatUkDate(startsOn)} to ${formatUkDate(endsOn)}` : formatUkDate(startsOn)
}

/** The activity type, dates and hours of an entry, with any further facts a page adds after them. */
export function EvidenceFacts({
  activityType,
  startsOn,
  endsOn,
  minutes,
  children,
}: {
  activityType: ActivityTypeCode | null | undefined
  startsOn: string | null | undefined
  endsOn: string | null | undefined
  minutes: number | null | undefined
  children?: ReactNode
}) {
  return (
    <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }} mb="4">
      <DataList.Item>
        <DataList.Label>Activity type</DataList.Label>
        <DataList.Value>{activityType ? ACTIVITY_TYPES[activityType] : 'Not set'}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Date</DataList.Label>
        <DataList.Value>{describeEvidenceDates(startsOn, endsOn)}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Hours</DataList.Label>
        <DataList.Value>{minutes ? formatHours(minutes) : 'Not set'}</DataList.Value>
      </DataList.Item>
      {children}
    </DataList.Root>
  )
}
