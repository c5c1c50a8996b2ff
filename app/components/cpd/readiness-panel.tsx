import { Badge, Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { ReadinessCheck } from '#app/models/cpd-profile/cpd-profile.rules'

/** Each HCPC CPD standard with what is still missing, so the person knows what to do next. */
export function ReadinessPanel({ checks }: { checks: ReadinessCheck[] }) {
  const ready = checks.every((check) => check.ok)
  return (
    <Card size="3" mb="5" asChild>
      <section aria-labelledby="readiness-title">
        <Heading as="h2" size="5" mb="3" id="readiness-title">
          Audit readiness: {ready ? 'ready to send' : `${checks.filter((c) => !c.ok).length} of 5 standards need work`}
        </Heading>
        <ul className="readiness-list">
          {checks.map((check) => (
            <li key={check.standard}>
              <Flex gap="2" align="center" wrap="wrap">
                <Badge color={check.ok ? 'green' : 'amber'} highContrast>
                  {check.ok ? 'Met' : 'Needs work'}
                </Badge>
                <Text weight="bold" size="2">
                  Standard {check.standard}: {check.title}
                </Text>
              </Flex>
              {check.problems.length > 0 ? (
                <ul>
                  {check.problems.map((problem) => (
                    <li key={problem}>
                      <Text size="2">{problem}</Text>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </Card>
  )
}
