import { Badge } from '@radix-ui/themes'
import type { SignoffStatus } from '#db/schema'
import { SIGNOFF_STATUS_LABELS } from '#app/models/signoffs/signoffs.schema'

const COLOURS = {
  pending: 'blue',
  approved: 'green',
  returned: 'amber',
  withdrawn: 'gray',
  invalidated: 'red',
} as const

/** One set of words and colours for a request's status; an approval whose evidence changed "needs re-review". */
export function SignoffStatusBadge({ status, wasApproved = false }: { status: SignoffStatus; wasApproved?: boolean }) {
  return (
    <Badge color={COLOURS[status]} highContrast>
      {status === 'invalidated' && wasApproved ? 'Needs re-review' : SIGNOFF_STATUS_LABELS[status]}
    </Badge>
  )
}
