import { Card, Heading, Text } from '@radix-ui/themes'
import { PaceBadge, ReviewBadge, describeReview } from './badges'
import { formatUkDate } from '#app/lib/dates'
import type {
  GatewayReadiness,
  OffTheJobProgress,
  PlacementProgress,
  ReviewProgress,
} from '#app/models/apprenticeship/progress.rules'
import { formatHours } from '#app/lib/hours'

/** The four numbers that say how an apprentice is doing, each with its state in words. */
export function AtAGlance({
  otj,
  review,
  placement,
  gateway,
}: {
  otj: OffTheJobProgress
  review: ReviewProgress
  placement: PlacementProgress | null
  gateway: GatewayReadiness
}) {
  return (
    <section aria-labelledby="glance-title" className="home-section">
      <Heading as="h2" size="5" mb="3" id="glance-title">
        At a glance
      </Heading>
      <div className="card-grid">
        <Card size="2">
          <Heading as="h3" size="3" mb="1">
            Off-the-job hours
          </Heading>
          <PaceBadge pace={otj.pace} />
          <Text as="p" size="2" mt="1">
            {formatHours(otj.loggedMinutes)} logged of {formatHours(otj.requiredMinutes)} expected so far
            {otj.shortfallMinutes > 0 ? ` (${formatHours(otj.shortfallMinutes)} short)` : ''}.
          </Text>
          <Text as="p" size="1" color="gray" highContrast>
            Rule: {otj.rule.description}. About {formatHours(otj.plannedMinutes)} hours over the programme.
          </Text>
        </Card>
        <Card size="2">
          <Heading as="h3" size="3" mb="1">
            Progress reviews
          </Heading>
          <ReviewBadge review={review} />
          <Text as="p" size="2" mt="1">
            {describeReview(review)}.
          </Text>
          <Text as="p" size="1" color="gray" highContrast>
            {review.lastHeldOn ? `Last held ${formatUkDate(review.lastHeldOn)}` : 'None held yet'}
            {review.plannedNextOn ? `; next planned for ${formatUkDate(review.plannedNextOn)}` : ''}.
          </Text>
        </Card>
        {placement ? (
          <Card size="2">
            <Heading as="h3" size="3" mb="1">
              Placement hours
            </Heading>
            <p className="stat">{placement.percent}%</p>
            <Text as="p" size="2">
              {formatHours(placement.loggedMinutes)} of the {formatHours(placement.requiredMinutes)} hours needed for
              registration.
            </Text>
          </Card>
        ) : null}
        <Card size="2">
          <Heading as="h3" size="3" mb="1">
            Gateway
          </Heading>
          <p className="stat">{gateway.ready ? 'Ready' : `${gateway.outstanding} to do`}</p>
          <Text as="p" size="2">
            {gateway.items.filter((i) => i.doneOn).length} of {gateway.items.length} checklist items done.
          </Text>
        </Card>
      </div>
    </section>
  )
}
