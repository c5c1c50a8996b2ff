import { Text } from '@radix-ui/themes'
import type { CapabilityCard } from '~/models/framework-view.rules'

/** A capability's statement, with its longer description behind a disclosure that works by keyboard. */
export function CapabilityText({ capability, showCode = true }: { capability: CapabilityCard; showCode?: boolean }) {
  return (
    <div className="capability" id={`capability-${capability.code}`}>
      <Text as="p" size="2">
        {showCode ? <span className="capability-code">{capability.code}</span> : null}
        {capability.statement}
      </Text>
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
