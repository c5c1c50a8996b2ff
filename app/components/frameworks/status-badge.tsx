import { Badge } from '@radix-ui/themes'

const COLOURS = { draft: 'amber', published: 'green', retired: 'gray' } as const
const LABELS = { draft: 'Draft', published: 'Published', retired: 'Retired' } as const

export function VersionStatusBadge({ status }: { status: keyof typeof COLOURS }) {
  return (
    <Badge color={COLOURS[status]} variant="soft" highContrast>
      {LABELS[status]}
    </Badge>
  )
}
