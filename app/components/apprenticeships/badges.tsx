import { Badge } from '@radix-ui/themes'
import { formatUkDate } from '#app/lib/dates'
import { type ApprenticeshipStatus, STATUS_LABELS } from '#app/models/apprenticeship/statuses.rules'
import { type ReviewProgress } from '#app/models/apprenticeship/progress.rules'

const STATUS_COLOURS: Record<ApprenticeshipStatus, 'indigo' | 'amber' | 'cyan' | 'violet' | 'green' | 'gray'> = {
  'on-programme': 'indigo',
  'break-in-learning': 'amber',
  gateway: 'cyan',
  epa: 'violet',
  completed: 'green',
  withdrawn: 'gray',
}

export function ApprenticeshipStatusBadge({ status }: { status: ApprenticeshipStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status]} highContrast>
      {STATUS_LABELS[status]}
    </Badge>
  )
}

export function PaceBadge({ pace }: { pace: 'on-pace' | 'behind' }) {
  return pace === 'behind' ? (
    <Badge color="red" highContrast>
      Behind
    </Badge>
  ) : (
    <Badge color="green" highContrast>
      On pace
    </Badge>
  )
}

/** The review state in words, with the date that matters for it. */
export function describeReview(review: ReviewProgress): string {
  switch (review.state) {
    case 'overdue':
      return `Overdue by ${review.daysOverdue} ${review.daysOverdue === 1 ? 'day' : 'days'} (due by ${formatUkDate(review.dueBy!)})`
    case 'due-soon':
      return `Due by ${formatUkDate(review.dueBy!)}`
    case 'on-time':
      return `On time: next by ${formatUkDate(review.dueBy!)}`
    case 'paused':
      return 'Paused during the break in learning'
    case 'not-required':
      return 'Not required after gateway'
  }
}

export function ReviewBadge({ review }: { review: ReviewProgress }) {
  const colour = review.state === 'overdue' ? 'red' : review.state === 'due-soon' ? 'amber' : 'gray'
  const label =
    review.state === 'overdue'
      ? 'Review overdue'
      : review.state === 'due-soon'
        ? 'Review due soon'
        : review.state === 'on-time'
          ? 'Reviews on time'
          : review.state === 'paused'
            ? 'Reviews paused'
            : 'No reviews due'
  return (
    <Badge color={colour} highContrast>
      {label}
    </Badge>
  )
}
