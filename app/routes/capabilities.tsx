import { Button, Callout, Flex, Heading, Table, Text } from '@radix-ui/themes'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { CapabilityWheel } from '#app/components/signoffs/capability-wheel'
import { StandingBadge } from '#app/components/signoffs/standing-badge'
import { SignoffStatusBadge } from '#app/components/signoffs/status-badge'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { invariantFound } from '#app/lib/http.server'
import { type ProfileFramework, getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { inSentence, withArticle } from '#app/lib/wording'

export const meta: MetaFunction = () => [{ title: 'My capabilities – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'capabilities.view')
  const profile = invariantFound(await getCapabilityProfile(context.db, user.id))
  return { profile }
}

function requestLink(framework: ProfileFramework, domainId: string) {
  return `/signoffs/new?version=${framework.versionId}&domain=${domainId}`
}

function FrameworkSection({ framework }: { framework: ProfileFramework }) {
  const titleId = `framework-${framework.frameworkCode}`
  const tableId = `${titleId}-table`
  const hasRequirements = framework.domains.some((d) => d.required)
  const maxLevel = framework.levels.length
  return (
    <section aria-labelledby={titleId} className="home-section">
      <Heading as="h2" size="5" mb="1" id={titleId}>
        {framework.frameworkName}
      </Heading>
      <Text as="p" size="2" color="gray" highContrast mb="3">
        {framework.versionLabel} ·{' '}
        <Link to={`/frameworks/${encodeURIComponent(framework.frameworkCode)}/${framework.versionNumber}`}>
          Read the framework
        </Link>
      </Text>
      {!hasRequirements ? (
        <Text as="p" size="2" mb="3">
          Your role has no levels set in this framework. You can still ask for sign-off to show your development.
        </Text>
      ) : null}
      {framework.frameworkCode === 'rcot-cdf' && framework.domains.length >= 3 ? (
        <CapabilityWheel
          tableId={tableId}
          maxLevel={maxLevel}
          label={`Career development wheel for ${framework.frameworkName}: for each pillar, the level your role needs and the level signed off. ${framework.domains
            .map(
              (d) => `${d.name}: needs ${d.required?.ordinal ?? 'none'}, signed off ${d.achieved?.ordinal ?? 'none'}`,
            )
            .join('; ')}.`}
          spokes={framework.domains.map((d) => ({
            name: d.name,
            required: d.required?.ordinal ?? 0,
            achieved: d.achieved?.ordinal ?? 0,
          }))}
        />
      ) : null}
      <Table.Root variant="surface" size="2" id={tableId} aria-describedby={`${tableId}-caption`}>
        <caption id={`${tableId}-caption`} className="visually-hidden">
          {framework.frameworkName}: for each domain, the level your role needs, the level signed off, the evidence you
          have mapped and your latest request
        </caption>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell scope="col">Domain</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Your role needs</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Signed off</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Standing</Table.ColumnHeaderCell>
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
              <Table.Cell>{domain.evidenceCount === 1 ? '1 entry' : `${domain.evidenceCount} entries`}</Table.Cell>
              <Table.Cell>
                <Flex direction="column" gap="1" align="start">
                  {domain.latest && domain.latest.status !== 'approved' ? (
                    <Link to={`/signoffs/${domain.latest.id}`} className="target-24">
                      <SignoffStatusBadge status={domain.latest.status} wasApproved={domain.latest.wasApproved} />{' '}
                      {domain.latest.levelName}
                    </Link>
                  ) : null}
                  {domain.latest?.status === 'pending' ? null : domain.evidenceCount > 0 ? (
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
    </section>
  )
}

export default function CapabilitiesPage() {
  const { profile } = useLoaderData<typeof loader>()
  const needsReReview = profile.frameworks.flatMap((f) =>
    f.domains.filter((d) => d.latest?.status === 'invalidated' && d.latest.wasApproved),
  )
  return (
    <>
      <PageHeader
        title="My capabilities"
        lead={
          profile.jobRoleTitle
            ? `Measured against what ${withArticle(inSentence(profile.jobRoleTitle))} needs. Levels count once a supervisor signs them off.`
            : 'Levels count once a supervisor signs them off.'
        }
        actions={
          <Button asChild size="3" variant="soft">
            <Link to="/signoffs">My requests</Link>
          </Button>
        }
      />
      {needsReReview.length > 0 ? (
        <Callout.Root color="red" mb="4" highContrast>
          <Callout.Text>
            Evidence behind {needsReReview.length === 1 ? 'a sign-off' : `${needsReReview.length} sign-offs`} changed
            after it was approved, so{' '}
            {needsReReview.map((d, i) => (
              <span key={d.id}>
                {i > 0 ? ', ' : ''}
                <Link to={`/signoffs/${d.latest!.id}`}>{d.name}</Link>
              </span>
            ))}{' '}
            no longer {needsReReview.length === 1 ? 'counts' : 'count'} until re-reviewed.
          </Callout.Text>
        </Callout.Root>
      ) : null}
      {profile.frameworks.length === 0 ? (
        <EmptyState title="No framework is published yet">
          An administrator publishes the capability frameworks; your profile appears here once they do.
        </EmptyState>
      ) : (
        profile.frameworks.map((framework) => <FrameworkSection key={framework.versionId} framework={framework} />)
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
