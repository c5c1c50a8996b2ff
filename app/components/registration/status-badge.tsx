import { Badge } from '@radix-ui/themes'
import type { ComponentProps } from 'react'
import type { RegistrationStatus } from '#app/models/registration/registration.rules'

type Color = ComponentProps<typeof Badge>['color']

function colorFor(status: RegistrationStatus): Color {
  if (status === 'lapsed') return 'red'
  if (status === 'to-record') return 'orange'
  if (status.startsWith('expiring-')) return 'amber'
  if (status === 'window-open') return 'blue'
  if (status === 'registered') return 'green'
  return 'gray'
}

export function RegistrationStatusBadge({ status, label }: { status: RegistrationStatus; label: string }) {
  return (
    <Badge color={colorFor(status)} highContrast size="2" variant="soft">
      {label}
    </Badge>
  )
}
