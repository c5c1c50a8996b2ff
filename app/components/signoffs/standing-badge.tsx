import { Badge } from '@radix-ui/themes'
import { type CapabilityStanding, STANDING_LABELS } from '#app/models/capabilities/capabilities.rules'

const STANDING_COLOURS: Record<CapabilityStanding, 'green' | 'blue' | 'amber' | 'gray'> = {
  met: 'green',
  above: 'blue',
  'not-yet': 'amber',
  'no-requirement': 'gray',
}

/** Met, above or not yet against what the role needs: the training-matrix colours, always with words. */
export function StandingBadge({ standing }: { standing: CapabilityStanding }) {
  return (
    <Badge color={STANDING_COLOURS[standing]} highContrast>
      {STANDING_LABELS[standing]}
    </Badge>
  )
}
