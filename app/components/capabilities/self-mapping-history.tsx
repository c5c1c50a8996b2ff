import { Heading, Text } from '@radix-ui/themes'
import { formatUkDate } from '#app/lib/dates'
import type { ProfileFramework } from '#app/models/capabilities/capabilities.rules'
import type { DomainSelfMapping } from '#app/models/capabilities/self-mapping.rules'

/** Every self-mapping recorded in one domain, newest first: the first is the current one. */
export function SelfMappingHistoryList({
  mapping,
  domainName,
  headingLevel,
}: {
  mapping: DomainSelfMapping | undefined
  domainName: string
  headingLevel: 4 | 5
}) {
  if (!mapping) return null
  return (
    <>
      <Heading as={headingLevel === 4 ? 'h4' : 'h5'} size="2" mt="3" mb="1">
        Self-mapping history<span className="visually-hidden">: {domainName}</span>
      </Heading>
      <ol className="self-mapping-history">
        {mapping.history.map((entry, i) => (
          <li key={entry.id}>
            <Text as="p" size="2">
              <Text weight="bold">{entry.levelName}</Text> on {formatUkDate(entry.mappedOn)}
              {i === 0 ? ' (current)' : ''}
            </Text>
            <Text as="p" size="2" className="self-mapping-rationale">
              {entry.rationale}
            </Text>
          </li>
        ))}
      </ol>
    </>
  )
}

/** Someone else's self-mapping for one framework, to read: where they place themselves and why. */
export function SelfMappingReadOnly({
  framework,
  mappings,
  personName,
}: {
  framework: ProfileFramework
  mappings: Record<string, DomainSelfMapping>
  /** Null when the person reads their own record. */
  personName: string | null
}) {
  const titleId = `record-self-mapping-${framework.frameworkCode}`
  const mapped = framework.domains.filter((d) => mappings[d.id])
  return (
    <section aria-labelledby={titleId} className="self-mapping">
      <Heading as="h4" size="3" mb="1" id={titleId}>
        Self-mapping: {framework.frameworkName}
      </Heading>
      {mapped.length === 0 ? (
        <Text as="p" size="2">
          {personName ? `${personName} has not mapped themselves` : 'You have not mapped yourself'} in this framework
          yet.
        </Text>
      ) : (
        <>
          <Text as="p" size="2" mb="2">
            {personName ? `Where ${personName} places themselves` : 'Where you place yourself'}, in{' '}
            {personName ? 'their' : 'your'} own words. This is not a sign-off.
          </Text>
          {mapped.map((domain) => {
            const mapping = mappings[domain.id]!
            return (
              <details key={domain.id} className="self-mapping-domain">
                <summary>
                  <Text weight="bold">{domain.name}</Text>: {mapping.current.levelName}, mapped{' '}
                  {formatUkDate(mapping.current.mappedOn)}
                </summary>
                <SelfMappingHistoryList mapping={mapping} domainName={domain.name} headingLevel={5} />
              </details>
            )
          })}
        </>
      )}
    </section>
  )
}
