import { Badge } from '@radix-ui/themes'

/** Withdrawn, draft, or (where asked) complete: the same words and colours wherever an entry is shown. */
export function EvidenceStatusBadge({
  withdrawn,
  status,
  showComplete = false,
}: {
  withdrawn: boolean
  status: 'draft' | 'complete'
  showComplete?: boolean
}) {
  if (withdrawn) {
    return (
      <Badge color="gray" highContrast>
        Withdrawn
      </Badge>
    )
  }
  if (status === 'draft') {
    return (
      <Badge color="amber" highContrast>
        Draft
      </Badge>
    )
  }
  return showComplete ? (
    <Badge color="green" highContrast>
      Complete
    </Badge>
  ) : null
}
