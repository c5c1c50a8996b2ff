import { Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import type { CapabilityCard } from '#app/models/frameworks/view.rules'

/** A capability's statement, with its longer description behind a disclosure that works by keyboard. */
export function CapabilityText({
  capability,
  showCode = true,
  evidence,
}: {
  capability: CapabilityCard
  showCode?: boolean
  /** The signed-in person's entries mapped here, and where to list them. */
  evidence?: { count: number; href: string }
}) {
  return (
    <div className="capability" id={`capability-${capability.code}`}>
      <Text as="p" size="2">
        {showCode ? <span className="capability-code">{capability.code}</span> : null}
        {capability.statement}
      </Text>
      {evidence ? (
        <Text as="p" size="2">
          {evidence.count > 0 ? (
            <Link to={evidence.href} className="target-24">
              Your evidence: {evidence.count} {evidence.count === 1 ? 'entry' : 'entries'}
            </Link>
          ) : (
            <span className="muted">No evidence of yours yet</span>
          )}
        </Text>
      ) : null}
      {capability.description ? (
        <details>
          <summary>
            <Text size="2">More about {capability.code}</Text>
          </summary>
          <Text as="p" size="2" className="capability-description">
            {capability.description}
          </Text>
        </details>
      ) : null}
    </div>
  )
}
