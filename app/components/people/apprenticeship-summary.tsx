import { Card, DataList, Flex, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import {
  ApprenticeshipStatusBadge,
  PaceBadge,
  ReviewBadge,
  describeReview,
} from '#app/components/apprenticeships/badges'
import { formatUkDate } from '#app/lib/dates'
import { formatHours } from '#app/lib/hours'
import type { OffTheJobProgress, ReviewProgress } from '#app/models/apprenticeship/progress.rules'
import type { ApprenticeshipStatus } from '#app/models/apprenticeship/statuses.rules'

/** The few facts of an apprenticeship a person's record shows; its own page has the rest. */
export interface ApprenticeshipView {
  id: string
  standard: string
  provider: string
  status: ApprenticeshipStatus
  startsOn: string
  plannedEndOn: string
  endedOn: string | null
  otj: OffTheJobProgress
  review: ReviewProgress
}

/** The person's apprenticeship at a glance: where it stands, its off-the-job pace and reviews. */
export function ApprenticeshipSummary({
  apprenticeship,
  personName,
}: {
  apprenticeship: ApprenticeshipView
  personName: string
}) {
  const { otj, review } = apprenticeship
  return (
    <Card size="2">
      <Flex gap="3" align="center" wrap="wrap" mb="2">
        <Text as="p" size="3" weight="bold">
          {apprenticeship.standard}
        </Text>
        <ApprenticeshipStatusBadge status={apprenticeship.status} />
      </Flex>
      <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }} mb="3">
        <DataList.Item>
          <DataList.Label>Training provider</DataList.Label>
          <DataList.Value>{apprenticeship.provider}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Dates</DataList.Label>
          <DataList.Value>
            {formatUkDate(apprenticeship.startsOn)} to{' '}
            {formatUkDate(apprenticeship.endedOn ?? apprenticeship.plannedEndOn)}
            {apprenticeship.endedOn ? '' : ' (planned)'}
          </DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Off-the-job hours</DataList.Label>
          <DataList.Value>
            <Flex gap="2" align="center" wrap="wrap">
              <PaceBadge pace={otj.pace} />
              <Text size="2">
                {formatHours(otj.loggedMinutes)} logged of {formatHours(otj.requiredMinutes)} expected so far
              </Text>
            </Flex>
          </DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Progress reviews</DataList.Label>
          <DataList.Value>
            <Flex gap="2" align="center" wrap="wrap">
              <ReviewBadge review={review} />
              <Text size="2">{describeReview(review)}</Text>
            </Flex>
          </DataList.Value>
        </DataList.Item>
      </DataList.Root>
      <ThemeLink asChild size="2">
        <Link to={`/apprenticeships/${apprenticeship.id}`}>
          Open the apprenticeship<span className="visually-hidden"> of {personName}</span>
        </Link>
      </ThemeLink>
    </Card>
  )
}
