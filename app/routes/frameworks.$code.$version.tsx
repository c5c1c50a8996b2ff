import { Button, Callout, Card, Flex, Heading, Link as ThemeLink, Table, Text, TextField } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireVisibleVersion } from '#app/auth/framework-access.server'
import { can } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { CapabilityText } from '#app/components/frameworks/capability-text'
import { FrameworkGridTable } from '#app/components/frameworks/framework-grid'
import { FrameworkTreeView } from '#app/components/frameworks/framework-tree'
import { VersionStatusBadge } from '#app/components/frameworks/status-badge'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, formatUkDateTime } from '#app/lib/dates'
import { plainText } from '#app/lib/text'
import { TIER_LABELS } from '#app/models/frameworks/requirement-tiers.rules'
import { buildFrameworkView, describeSource } from '#app/models/frameworks/view.rules'
import { countEvidenceByCapability } from '#app/models/evidence/log.server'
import { achievedLevels } from '#app/models/signoffs/achieved-levels.server'
import { getVersionContent, listRoleRequirements } from '#app/models/frameworks/frameworks.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.header.frameworkName}, ${data.header.label} – OT Capability Portal` : 'Framework' },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, header } = await requireVisibleVersion(context, request, params)
  const query = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200)
  const [content, requirements, evidenceCounts, signedOff] = await Promise.all([
    getVersionContent(context.db, header.id),
    can(user, 'frameworks.requirements.view') ? listRoleRequirements(context.db, header.id) : null,
    can(user, 'evidence.create')
      ? countEvidenceByCapability(context.db, { ownerId: user.id, versionId: header.id })
      : null,
    can(user, 'capabilities.view') && header.status !== 'draft'
      ? achievedLevels(context.db, { personIds: [user.id], versionIds: [header.id] })
      : null,
  ])
  const domainName = new Map(content.domains.map((d) => [d.id, d.name]))
  return {
    header: { ...header, frameworkDescription: plainText(header.frameworkDescription, 1) },
    view: buildFrameworkView(content, query),
    counts: {
      levels: content.levels.length,
      domains: content.domains.length,
      capabilities: content.capabilities.length,
    },
    requirements,
    evidenceCounts,
    signedOff: signedOff?.map((a) => ({
      domainName: domainName.get(a.domainId) ?? '',
      levelName: a.levelName,
      requestId: a.requestId,
      carriedFromVersion: a.carriedFromVersion,
    })),
    query,
  }
}

export default function FrameworkVersionPage() {
  const { header, view, counts, requirements, evidenceCounts, signedOff, query } = useLoaderData<typeof loader>()
  const base = `/frameworks/${encodeURIComponent(header.frameworkCode)}/${header.number}`
  const evidenceFor = evidenceCounts
    ? (code: string) => ({
        count: evidenceCounts[code] ?? 0,
        href: `/evidence?${new URLSearchParams({ framework: header.frameworkCode, capability: code })}`,
      })
    : undefined
  return (
    <>
      <Text as="p" size="2" mb="2">
        <ThemeLink asChild>
          <Link to="/frameworks">All frameworks</Link>
        </ThemeLink>
      </Text>
      <PageHeader
        title={header.frameworkName}
        lead={
          <>
            {header.label} <VersionStatusBadge status={header.status} />
          </>
        }
      />
      {header.frameworkDescription ? (
        <Text as="p" size="3" mb="4" className="capability-description" style={{ maxWidth: '50rem' }}>
          {header.frameworkDescription}
        </Text>
      ) : null}
      {header.status === 'draft' ? (
        <Callout.Root color="amber" mb="4" highContrast>
          <Callout.Text>
            This is a draft. Nobody can map evidence to it until an administrator publishes it from{' '}
            <Link to="/admin/frameworks">Manage frameworks</Link>.
          </Callout.Text>
        </Callout.Root>
      ) : null}
      {header.status === 'retired' ? (
        <Callout.Root color="gray" mb="4" highContrast>
          <Callout.Text>This version has been retired. Records that point at it are kept.</Callout.Text>
        </Callout.Root>
      ) : null}
      {header.provisional.length > 0 ? (
        <Callout.Root color="amber" variant="outline" mb="4" role="note" highContrast>
          <Callout.Text>
            <strong>Provisional.</strong> Treat these points as unconfirmed until your organisation has checked them:
          </Callout.Text>
          <ul className="provisional-list">
            {header.provisional.map((note) => (
              <li key={note}>
                <Text size="2">{note}</Text>
              </li>
            ))}
          </ul>
        </Callout.Root>
      ) : null}

      <Card size="2" mb="5">
        <Flex gap="5" wrap="wrap">
          <Text size="2">
            <strong>{counts.levels}</strong> levels, <strong>{counts.domains}</strong> domains,{' '}
            <strong>{counts.capabilities}</strong> capabilities
          </Text>
          {header.publishedAt ? <Text size="2">Published {formatUkDateTime(header.publishedAt)}</Text> : null}
          {header.sourceDate ? <Text size="2">Source dated {formatUkDate(header.sourceDate)}</Text> : null}
          <Text size="2">
            Download:{' '}
            <ThemeLink asChild>
              <a href={`${base}/moodle.csv`}>Moodle CSV</a>
            </ThemeLink>
            {' · '}
            <ThemeLink asChild>
              <a href={`${base}/document.json`}>JSON</a>
            </ThemeLink>
          </Text>
        </Flex>
        <Text as="p" size="1" color="gray" highContrast mt="2">
          Source: {describeSource(header.source)}
        </Text>
      </Card>

      {signedOff ? (
        <Card size="2" mb="5">
          <Heading as="h2" size="3" mb="1">
            Your sign-offs in this version
          </Heading>
          {signedOff.length === 0 ? (
            <Text as="p" size="2">
              None yet. Map evidence to its capabilities, then ask for sign-off from{' '}
              <Link to="/capabilities">My capabilities</Link>.
            </Text>
          ) : (
            <ul className="provisional-list">
              {signedOff.map((s) => (
                <li key={s.requestId + s.domainName}>
                  <Text size="2">
                    {s.domainName}: <Link to={`/signoffs/${s.requestId}`}>{s.levelName}</Link>
                    {s.carriedFromVersion ? ` (carried forward from version ${s.carriedFromVersion})` : ''}
                  </Text>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}

      <Form method="get" role="search" aria-label="Capabilities in this framework">
        <Flex gap="3" align="end" wrap="wrap" mb="4">
          <div className="form-field">
            <Text as="label" htmlFor="capability-search" size="2" weight="bold">
              Search capabilities
            </Text>
            <TextField.Root
              id="capability-search"
              name="q"
              type="search"
              size="3"
              defaultValue={query}
              maxLength={200}
            />
          </div>
          <Button type="submit" size="3">
            Search
          </Button>
          {query ? (
            <Button asChild variant="soft" size="3">
              <Link to={base}>Show the whole framework</Link>
            </Button>
          ) : null}
        </Flex>
      </Form>

      {view.kind === 'search' ? (
        <section aria-labelledby="results-title">
          <Heading as="h2" size="5" mb="3" id="results-title">
            {view.matches.length} {view.matches.length === 1 ? 'capability matches' : 'capabilities match'} “
            {view.query}”
          </Heading>
          {view.matches.length === 0 ? (
            <EmptyState title="No matches">Try a shorter word, or show the whole framework.</EmptyState>
          ) : (
            <ul className="version-list">
              {view.matches.map((match) => (
                <li key={match.id}>
                  <Card size="1">
                    <Text as="p" size="1" color="gray" highContrast>
                      {match.domainName}
                      {match.levelName ? ` · ${match.levelName}` : ''}
                    </Text>
                    <CapabilityText capability={match} evidence={evidenceFor?.(match.code)} />
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : view.kind === 'grid' ? (
        <FrameworkGridTable
          grid={view}
          caption={`${header.frameworkName}: capabilities by domain and level`}
          evidenceFor={evidenceFor}
        />
      ) : (
        <FrameworkTreeView tree={view} />
      )}

      {requirements ? (
        <section aria-labelledby="requirements-title" className="home-section" style={{ marginTop: '2.5rem' }}>
          <Heading as="h2" size="5" mb="3" id="requirements-title">
            What each role needs
          </Heading>
          {requirements.length === 0 ? (
            <EmptyState title="No role requirements for this version">
              Role requirements are set in framework-data/role-requirements.json and loaded with npm run
              frameworks:load.
            </EmptyState>
          ) : (
            <TableFrame label="Job roles and the levels they need">
              <Table.Root variant="surface">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeaderCell>Job role</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Domain</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Tier</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Minimum level</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Note</Table.ColumnHeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {requirements.map((r) => (
                    <Table.Row key={`${r.jobRoleCode}-${r.domainCode ?? 'all'}-${r.tier}`}>
                      <Table.RowHeaderCell>{r.jobRoleTitle}</Table.RowHeaderCell>
                      <Table.Cell>{r.domainName ?? 'Every domain'}</Table.Cell>
                      <Table.Cell>{TIER_LABELS[r.tier]}</Table.Cell>
                      <Table.Cell>
                        {r.levelName}
                        {r.provisional ? ' (provisional)' : ''}
                      </Table.Cell>
                      <Table.Cell>{r.note}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </TableFrame>
          )}
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/frameworks', label: 'See all frameworks' }} />
}
