import { Badge, Text } from '@radix-ui/themes'
import { type CapabilityStanding, DESIRABLE_STANDING_LABELS } from '#app/models/capabilities/capabilities.rules'

/** A desirable level and whether it is reached: always in words, in a colour apart from the gap colours. */
export function DesirableLevel({
  level,
  standing,
}: {
  level: { name: string; provisional?: boolean } | null
  standing: CapabilityStanding
}) {
  if (!level) return <Text size="2">None set</Text>
  const reached = standing === 'met' || standing === 'above'
  return (
    <>
      {level.name}
      {level.provisional ? (
        <Text as="span" size="1" color="gray" highContrast>
          {' '}
          (provisional)
        </Text>
      ) : null}{' '}
      <Badge color={reached ? 'green' : 'iris'} variant="outline" highContrast>
        {DESIRABLE_STANDING_LABELS[standing]}
      </Badge>
    </>
  )
}
