import { Flex, Heading, Table, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { DesirableLevel } from '#app/components/capabilities/desirable-level'
import { CapabilityWheel } from '#app/components/signoffs/capability-wheel'
import { StandingBadge } from '#app/components/signoffs/standing-badge'
import { SignoffStatusBadge } from '#app/components/signoffs/status-badge'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import type { ProfileFramework } from '#app/models/capabilities/capabilities.rules'
import {
  COMPARISON_LABELS,
  type DomainSelfMapping,
  compareSelfMapping,
} from '#app/models/capabilities/self-mapping.rules'
import { type SelfMappingEcho, SelfMappingForms } from '#app/components/capabilities/self-mapping-form'
import { SelfMappingReadOnly } from '#app/components/capabilities/self-mapping-history'

/**
 * Whose profile this is: the signed-in person ('self'), who can act on it, or someone they supervise or oversee,
 * named, whose profile they only read.
 */
export type ProfileViewer = { kind: 'self' } | { kind: 'other'; personName: string }

/** The person's self-mapping, when the viewer may read it; `form` only on the person's own capabilities page. */
export interface ProfileSelfMapping {
  mappings: Record<string, DomainSelfMapping>
  form?: { today: string; echo?: SelfMappingEcho; openDomainId?: string | null; formToken: string }
}

function requestLink(framework: ProfileFramework, domainId: string) {
  return `/signoffs/new?version=${framework.versionId}&domain=${domainId}`
}

/**
 * One framework of a capability profile: the RCOT wheel (when the framework is the RCOT CDF) and the table that
 * carries the same figures for everyone, domain by domain.
 */
export function FrameworkProfile({
  framework,
  viewer,
  headingLevel = 2,
  idPrefix = 'framework',
  selfMapping,
}: {
  framework: ProfileFramework
  viewer: ProfileViewer
  selfMapping?: ProfileSelfMapping
  /** 2 on the person's own page; 3 where the profile sits inside a larger section. */
  headingLevel?: 2 | 3
  idPrefix?: string
}) {
  const self = viewer.kind === 'self'
  const titleId = `${idPrefix}-${framework.frameworkCode}`
  const tableId = `${titleId}-table`
  const hasRequirements = framework.domains.some((d) => d.required || d.desirable)
  const hasDesirable = framework.domains.some((d) => d.desirable)
  const workingTowards = framework.domains.filter((d) => d.desirableStanding === 'not-yet')
  const maxLevel = framework.levels.length
  const needsLabel = self ? 'Your role needs' : 'Role needs'
  return (
    <section aria-labelledby={titleId} className="home-section">
      <Heading as={headingLevel === 2 ? 'h2' : 'h3'} size={headingLevel === 2 ? '5' : '4'} mb="1" id={titleId}>
        {framework.frameworkName}
      </Heading>
      <Text as="p" size="2" color="gray" highContrast mb="3">
        {framework.versionLabel} ·{' '}
        <Link to={`/frameworks/${encodeURIComponent(framework.frameworkCode)}/${framework.versionNumber}`}>
          Read the framework<span className="visually-hidden">: {framework.frameworkName}</span>
        </Link>
      </Text>
      {!hasRequirements ? (
        <Text as="p" size="2" mb="3">
          {self
            ? 'Your role has no levels set in this framework. You can still ask for sign-off to show your development.'
            : `${viewer.personName}'s role has no levels set in this framework, so sign-offs here show development only.`}
        </Text>
      ) : null}
      {framework.frameworkCode === 'rcot-cdf' && framework.domains.length >= 3 ? (
        <CapabilityWheel
          tableId={tableId}
          maxLevel={maxLevel}
          requiredName={needsLabel}
          label={wheelLabel(framework, self, selfMapping?.mappings ?? {})}
          spokes={framework.domains.map((d) => ({
            name: d.name,
            self: selfMapping?.mappings[d.id]?.current.ordinal ?? 0,
            required: d.required?.ordinal ?? 0,
            achieved: d.achieved?.ordinal ?? 0,
            desirable: d.desirable?.ordinal ?? 0,
          }))}
        />
      ) : null}
      {hasDesirable ? (
        <Text as="p" size="2" mb="3">
          {workingTowards.length === 0
            ? `${self ? 'You have' : `${viewer.personName} has`} reached every desirable level ${self ? 'your' : 'the'} role sets.`
            : `Working towards (desirable, not a gap): ${workingTowards
                .map((d) => `${d.name} at ${d.desirable!.name}`)
                .join('; ')}. Only the essential levels count as gaps.`}
        </Text>
      ) : null}
      <div className="table-scroll" role="region" aria-label={`${framework.frameworkName} by domain`} tabIndex={0}>
        <Table.Root variant="surface" size="2" id={tableId} aria-describedby={`${tableId}-caption`}>
          <caption id={`${tableId}-caption`} className="visually-hidden">
            {self
              ? `${framework.frameworkName}: for each domain, the level your role needs (essential)${hasDesirable ? ' and the level it works towards (desirable)' : ''}${selfMapping ? ', the level you map yourself at' : ''}, the level signed off, the evidence you have mapped and your latest request`
              : `${framework.frameworkName}: for each domain, the level ${viewer.personName}'s role needs (essential)${hasDesirable ? ' and the level it works towards (desirable)' : ''}${selfMapping ? ', the level they map themselves at' : ''}, the level signed off, the evidence mapped and the latest request`}
          </caption>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell scope="col">Domain</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col">
                {needsLabel}
                {hasDesirable ? ' (essential)' : ''}
              </Table.ColumnHeaderCell>
              {selfMapping ? <Table.ColumnHeaderCell scope="col">Self-mapped</Table.ColumnHeaderCell> : null}
              <Table.ColumnHeaderCell scope="col">Signed off</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col">Standing</Table.ColumnHeaderCell>
              {hasDesirable ? (
                <Table.ColumnHeaderCell scope="col">Working towards (desirable)</Table.ColumnHeaderCell>
              ) : null}
              <Table.ColumnHeaderCell scope="col">Evidence mapped</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col">Sign-off</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {framework.domains.map((domain) => (
              <Table.Row key={domain.id}>
                <Table.RowHeaderCell>
                  <Text weight="bold">{domain.name}</Text>
                </Table.RowHeaderCell>
                <Table.Cell>
                  {domain.required ? (
                    <>
                      {domain.required.name}
                      {domain.required.provisional ? (
                        <Text as="span" size="1" color="gray" highContrast>
                          {' '}
                          (provisional)
                        </Text>
                      ) : null}
                    </>
                  ) : (
                    'Not set'
                  )}
                </Table.Cell>
                {selfMapping ? (
                  <Table.Cell>
                    <SelfMappedCell
                      mapping={selfMapping.mappings[domain.id]}
                      signedOff={domain.achieved?.ordinal ?? null}
                    />
                  </Table.Cell>
                ) : null}
                <Table.Cell>
                  {domain.achieved ? (
                    <>
                      <Link to={`/signoffs/${domain.achieved.requestId}`}>{domain.achieved.name}</Link>
                      <Text as="span" size="1" color="gray" highContrast>
                        {' '}
                        on {formatUkDate(todayInLondon(new Date(domain.achieved.decidedAt)))}
                        {domain.achieved.carriedFromVersion
                          ? `, carried forward from version ${domain.achieved.carriedFromVersion}`
                          : ''}
                      </Text>
                    </>
                  ) : (
                    'None yet'
                  )}
                </Table.Cell>
                <Table.Cell>
                  <StandingBadge standing={domain.standing} />
                </Table.Cell>
                {hasDesirable ? (
                  <Table.Cell>
                    <DesirableLevel level={domain.desirable} standing={domain.desirableStanding} />
                  </Table.Cell>
                ) : null}
                <Table.Cell>{domain.evidenceCount === 1 ? '1 entry' : `${domain.evidenceCount} entries`}</Table.Cell>
                <Table.Cell>
                  <Flex direction="column" gap="1" align="start">
                    {domain.latest && domain.latest.status !== 'approved' ? (
                      <Link to={`/signoffs/${domain.latest.id}`} className="target-24">
                        <SignoffStatusBadge status={domain.latest.status} wasApproved={domain.latest.wasApproved} />{' '}
                        {domain.latest.levelName}
                      </Link>
                    ) : null}
                    {/* Only the person asks for their own sign-off, so only they are offered the next step. */}
                    {!self ? (
                      domain.latest && domain.latest.status !== 'approved' ? null : (
                        <Text size="2">No open request</Text>
                      )
                    ) : domain.latest?.status === 'pending' ? null : domain.evidenceCount > 0 ? (
                      <Link to={requestLink(framework, domain.id)} className="target-24">
                        Ask for sign-off<span className="visually-hidden"> of {domain.name}</span>
                      </Link>
                    ) : (
                      <Link to="/evidence/new" className="target-24">
                        Map evidence first<span className="visually-hidden"> to {domain.name}</span>
                      </Link>
                    )}
                  </Flex>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </div>
      {selfMapping?.form ? (
        <SelfMappingForms framework={framework} mappings={selfMapping.mappings} {...selfMapping.form} />
      ) : selfMapping ? (
        <SelfMappingReadOnly
          framework={framework}
          mappings={selfMapping.mappings}
          personName={viewer.kind === 'other' ? viewer.personName : null}
        />
      ) : null}
    </section>
  )
}

/** The wheel's text alternative: every figure it draws, pillar by pillar. */
function wheelLabel(framework: ProfileFramework, self: boolean, mappings: Record<string, DomainSelfMapping>) {
  const hasDesirable = framework.domains.some((d) => d.desirable)
  const pillars = framework.domains.map(
    (d) =>
      `${d.name}: self-mapped ${mappings[d.id]?.current.ordinal ?? 'none'}, signed off ${d.achieved?.ordinal ?? 'none'}, needs ${d.required?.ordinal ?? 'none'}${hasDesirable ? `, working towards ${d.desirable?.ordinal ?? 'none'}` : ''}`,
  )
  return `Career development wheel for ${framework.frameworkName}: for each pillar, the level ${self ? 'you map yourself' : 'the person maps themselves'} at, the level signed off and the level ${self ? 'your' : 'the'} role needs${hasDesirable ? ', with the level it works towards' : ''}. ${pillars.join('; ')}.`
}

function SelfMappedCell({ mapping, signedOff }: { mapping: DomainSelfMapping | undefined; signedOff: number | null }) {
  if (!mapping) return <>Not mapped yet</>
  return (
    <>
      {mapping.current.levelName}
      <Text as="span" size="1" color="gray" highContrast>
        {' '}
        on {formatUkDate(mapping.current.mappedOn)},{' '}
        {COMPARISON_LABELS[compareSelfMapping(mapping.current.ordinal, signedOff)]}
      </Text>
    </>
  )
}
