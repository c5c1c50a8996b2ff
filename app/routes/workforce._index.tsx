import { Callout, Heading, Text } from '@radix-ui/themes'
import { Table, TableFrame } from '#app/components/report-table'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { ExpiryTimeline } from '#app/components/registration/expiry-timeline'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { CoverageHeatmap } from '#app/components/workforce/coverage-heatmap'
import { ComplianceChart, CountChart, CpdChart } from '#app/components/workforce/dashboard-charts'
import {
  CsvLink,
  DashboardFilters,
  DashboardSection,
  FigureList,
  PeopleList,
} from '#app/components/workforce/dashboard-parts'
import { TrendsSection } from '#app/components/workforce/trends-section'
import { formatUkDate, formatUkMonth, todayInLondon } from '#app/lib/dates'
import { formatHours } from '#app/lib/hours'
import { loadDashboard } from '#app/models/workforce/dashboard.server'
import {
  DECISION_MONTHS,
  NO_RECENT_CPD_MONTHS,
  ROWS_SHOWN,
  lowestShareFirst,
} from '#app/models/workforce/dashboard.rules'

export const meta: MetaFunction = () => [{ title: 'Workforce – OT Capability Portal' }]

/** How many names a list on the dashboard shows before pointing to the full list. */
const NAMES_SHOWN = 25

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'workforce.view')
  const today = todayInLondon()
  const { filters, coverage, compliance, backlog, registrations, unsupervised, cpd, pipeline, trend } =
    await loadDashboard(context.db, new URL(request.url).searchParams, today)
  // The checked filters only, so that a link from this page never carries a value that was refused.
  const query = new URLSearchParams()
  if (filters.framework) query.set('framework', filters.framework)
  if (filters.team) query.set('team', filters.team.code)
  if (filters.role) query.set('role', filters.role.code)
  query.set('from', filters.range.from.slice(0, 7))
  query.set('to', filters.range.to.slice(0, 7))
  return {
    today,
    query: query.toString(),
    canLinkSupervisors: can(user, 'admin.supervision.manage'),
    filters: {
      frameworks: filters.frameworks,
      teams: filters.teams.map((t) => ({ code: t.code, name: t.name })),
      jobRoles: filters.jobRoles.map((r) => ({ code: r.code, title: r.title })),
      framework: filters.framework,
      versionLabel: filters.version ? `${filters.version.frameworkName}, ${filters.version.label}` : null,
      team: filters.team?.code ?? '',
      role: filters.role?.code ?? '',
      range: filters.range,
      notices: filters.notices,
    },
    coverage,
    // The long per-person tables show those most in need of attention; the CSV links have every row.
    compliance: { ...compliance, bySupervisor: lowestShareFirst(compliance.bySupervisor).slice(0, ROWS_SHOWN) },
    supervisorCount: compliance.bySupervisor.length,
    backlog: { ...backlog, reviewers: backlog.reviewers.slice(0, ROWS_SHOWN) },
    reviewerCount: backlog.reviewers.length,
    registrations: { ...registrations, lapsedActive: registrations.lapsedActive.slice(0, NAMES_SHOWN) },
    lapsedCount: registrations.lapsedActive.length,
    unsupervised: unsupervised.slice(0, NAMES_SHOWN),
    unsupervisedCount: unsupervised.length,
    pipeline: {
      ...pipeline,
      behindOnHours: pipeline.behindOnHours.slice(0, NAMES_SHOWN).map(({ shortfallMinutes, ...p }) => ({
        ...p,
        note: `${formatHours(shortfallMinutes)} hours of off-the-job training behind`,
      })),
      reviewOverdue: pipeline.reviewOverdue.slice(0, NAMES_SHOWN).map(({ reviewDaysOverdue, ...p }) => ({
        ...p,
        note: `progress review ${reviewDaysOverdue} ${reviewDaysOverdue === 1 ? 'day' : 'days'} overdue`,
      })),
    },
    behindCount: pipeline.behindOnHours.length,
    reviewOverdueCount: pipeline.reviewOverdue.length,
    cpd: { ...cpd, quiet: cpd.quiet.slice(0, NAMES_SHOWN) },
    quietCount: cpd.quiet.length,
    trend,
  }
}

export default function WorkforceDashboard() {
  const data = useLoaderData<typeof loader>()
  const { filters, coverage, compliance, backlog, registrations, cpd, pipeline, query } = data
  const matrixLink = (teamCode: string | null) => {
    const params = new URLSearchParams(query)
    params.delete('from')
    params.delete('to')
    if (teamCode) params.set('team', teamCode)
    params.set('gaps', '1')
    return `/workforce/capability?${params}`
  }
  return (
    <>
      <PageHeader
        title="Workforce"
        lead="Whether your people are capable for the roles they hold, supervised, registered and keeping up their CPD. Every figure is current as you open the page and follows the same rules as each person's own pages."
      />
      {filters.notices.map((notice) => (
        <Callout.Root key={notice} color="amber" mb="4" highContrast role="status">
          <Callout.Text>{notice}</Callout.Text>
        </Callout.Root>
      ))}
      <DashboardFilters filters={filters} />

      <DashboardSection id="coverage" title="Capability coverage">
        {coverage && coverage.domains.length > 0 ? (
          <>
            <Text as="p" mb="3">
              {filters.versionLabel}. Each cell is the share of people whose role needs an essential level in that
              domain who have it signed off, on evidence that is unchanged, and below it the share reaching the
              desirable level their role works towards. Only essential levels make gaps. Choose a cell to see who has a
              gap.
            </Text>
            <CoverageHeatmap
              domains={coverage.domains}
              teams={coverage.teams}
              everyone={coverage.everyone}
              drillDown={matrixLink}
            />
            <Text as="p" size="2" mt="2">
              <CsvLink query={query} section="coverage">
                Download the coverage figures
              </CsvLink>
            </Text>
          </>
        ) : (
          <EmptyState title="No framework is published yet">
            An administrator publishes the capability frameworks; coverage appears once they do.
          </EmptyState>
        )}
      </DashboardSection>

      <DashboardSection id="compliance" title="Supervision compliance">
        <Text as="p" mb="3">
          People who held at least the sessions their schedule asked for over the last {compliance.months} months,
          counted as on each person&rsquo;s supervision page.
        </Text>
        <FigureList
          figures={[
            { label: 'On schedule', value: compliance.percent === null ? '–' : `${compliance.percent}%` },
            { label: 'People supervised today', value: compliance.people },
            { label: 'Overdue a session today', value: compliance.overdue },
          ]}
        />
        {compliance.people > 0 ? (
          <>
            <ComplianceChart
              id="compliance-team-caption"
              caption="Supervision on schedule, by team"
              groupLabel="Team"
              groups={compliance.byTeam}
            />
            <Heading as="h3" size="4" mt="4" mb="2">
              By supervisor
            </Heading>
            <ComplianceChart
              id="compliance-supervisor-caption"
              caption={
                data.supervisorCount > compliance.bySupervisor.length
                  ? `Supervision on schedule, by supervisor: the ${compliance.bySupervisor.length} of ${data.supervisorCount} with the lowest share (every supervisor is in the CSV)`
                  : 'Supervision on schedule, by supervisor, lowest share first'
              }
              groupLabel="Supervisor"
              groups={compliance.bySupervisor}
              chart={false}
            />
          </>
        ) : (
          <Text as="p">Nobody shown has a supervisor today.</Text>
        )}
        <Text as="p" size="2" mt="2">
          <Link to="/supervision">Open the supervision overview</Link> ·{' '}
          <CsvLink query={query} section="compliance">
            Download compliance by team and supervisor
          </CsvLink>
        </Text>
      </DashboardSection>

      <DashboardSection id="supervision" title="Nobody supervising them">
        <PeopleList
          people={data.unsupervised}
          total={data.unsupervisedCount}
          label="People with no current supervisor"
          empty="Everyone shown has a current supervisor."
        />
        <Text as="p" size="2" mt="2">
          {data.unsupervisedCount > 0 ? (
            data.canLinkSupervisors ? (
              <>
                Link their supervisors on <Link to="/admin/supervision">Supervision links</Link>.{' '}
              </>
            ) : (
              <>An administrator links supervisors to people. </>
            )
          ) : null}
          <CsvLink query={query} section="unsupervised">
            Download the list
          </CsvLink>
        </Text>
      </DashboardSection>

      <DashboardSection id="backlog" title="Sign-off backlog">
        <FigureList
          figures={[
            { label: 'Waiting for a decision', value: backlog.waiting },
            { label: 'Signed off, evidence since changed, not yet asked again', value: backlog.awaitingReReview },
            { label: <>Reviewers deciding in the last {DECISION_MONTHS} months</>, value: data.reviewerCount },
          ]}
        />
        {backlog.waiting > 0 ? (
          <CountChart
            id="backlog-caption"
            caption="Requests waiting, by how long they have waited"
            valueLabel="Requests"
            rows={backlog.bands}
          />
        ) : (
          <Text as="p">Nothing is waiting for a decision.</Text>
        )}
        <Heading as="h3" size="4" mt="4" mb="2">
          Days to decide, by reviewer
        </Heading>
        {backlog.reviewers.length > 0 ? (
          <TableFrame label="Median days to decision, by reviewer">
            <Table.Root variant="surface" size="1">
              <caption className="table-caption">
                Median days from request to decision, last {DECISION_MONTHS} months, slowest first
                {data.reviewerCount > backlog.reviewers.length
                  ? `: the ${backlog.reviewers.length} slowest of ${data.reviewerCount} reviewers (every reviewer is in the CSV)`
                  : ''}
              </caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Reviewer</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell justify="end">Decisions</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell justify="end">Median days</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {backlog.reviewers.map((r) => (
                  <Table.Row key={r.reviewerId}>
                    <Table.RowHeaderCell>{r.reviewerName}</Table.RowHeaderCell>
                    <Table.Cell justify="end">{r.decisions}</Table.Cell>
                    <Table.Cell justify="end">{r.medianDays ?? '–'}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </TableFrame>
        ) : (
          <Text as="p">No decisions in the last {DECISION_MONTHS} months.</Text>
        )}
        <Text as="p" size="2" mt="2">
          <Link to="/signoffs">Open the sign-off inbox</Link> ·{' '}
          <CsvLink query={query} section="reviewers">
            Download reviewer figures
          </CsvLink>
        </Text>
      </DashboardSection>

      <DashboardSection id="registration" title="HCPC registration">
        {data.lapsedCount > 0 ? (
          <Callout.Root color="red" mb="3" highContrast>
            <Callout.Text>
              <strong>
                {data.lapsedCount} {data.lapsedCount === 1 ? 'person has' : 'people have'} a lapsed registration and an
                active account.
              </strong>{' '}
              They may not use the title occupational therapist until they are registered again.
            </Callout.Text>
          </Callout.Root>
        ) : null}
        <PeopleList
          people={registrations.lapsedActive.map((p) => ({
            ...p,
            note: p.expiresOn ? `ended ${formatUkDate(p.expiresOn)}` : undefined,
          }))}
          total={data.lapsedCount}
          label="Lapsed registrations with an active account"
          empty="Nobody shown has a lapsed registration."
        />
        <Text as="p" my="3">
          {registrations.within90Days} end within 90 days; {registrations.toRecord} still to be recorded; of{' '}
          {registrations.registrants} people who register.
        </Text>
        {registrations.registrants > 0 ? <ExpiryTimeline buckets={registrations.timeline} /> : null}
        <Text as="p" size="2" mt="2">
          <Link to="/workforce/registrations">Open the registrations list</Link> ·{' '}
          <CsvLink query={query} section="registrations">
            Download registrations by month
          </CsvLink>
        </Text>
      </DashboardSection>

      <DashboardSection id="pipeline" title="Apprenticeship pipeline">
        <Text as="p" mb="3">
          From adult social care worker to registered occupational therapist: where each person stands today.
        </Text>
        <CountChart
          id="pipeline-caption"
          caption="People at each step of the pipeline"
          valueLabel="People"
          bandLabel="Step"
          horizontal
          rows={pipeline.stages}
        />
        <Heading as="h3" size="4" mt="4" mb="2">
          Expected completions by year
        </Heading>
        {pipeline.expectedCompletions.length > 0 ? (
          <CountChart
            id="completions-caption"
            caption="Open apprenticeships by the year they are planned to end"
            valueLabel="Apprentices"
            bandLabel="Year"
            rows={pipeline.expectedCompletions}
          />
        ) : (
          <Text as="p">Nobody shown is on a programme.</Text>
        )}
        <Heading as="h3" size="4" mt="4" mb="2">
          Behind on off-the-job training
        </Heading>
        <PeopleList
          people={pipeline.behindOnHours}
          total={data.behindCount}
          label="Apprentices behind on off-the-job training"
          empty="Every apprentice shown is on pace."
        />
        <Heading as="h3" size="4" mt="4" mb="2">
          Overdue a progress review
        </Heading>
        <PeopleList
          people={pipeline.reviewOverdue}
          total={data.reviewOverdueCount}
          label="Apprentices overdue a progress review"
          empty="No apprentice shown is overdue a review."
        />
        <Text as="p" size="2" mt="2">
          <Link to="/apprenticeships">Open the apprenticeships list</Link> ·{' '}
          <CsvLink query={query} section="pipeline">
            Download the pipeline
          </CsvLink>
        </Text>
      </DashboardSection>

      <DashboardSection id="cpd" title="CPD activity">
        <Text as="p" mb="3">
          Hours recorded from {formatUkMonth(filters.range.from)} to {formatUkMonth(filters.range.to)}, by HCPC activity
          type.
        </Text>
        {cpd.byTeam.length > 0 ? <CpdChart teams={cpd.byTeam} /> : <Text as="p">Nobody is shown.</Text>}
        <Heading as="h3" size="4" mt="4" mb="2">
          No CPD recorded for {NO_RECENT_CPD_MONTHS} months or more
        </Heading>
        <PeopleList
          people={cpd.quiet}
          total={data.quietCount}
          label={`People with no CPD dated since ${formatUkDate(cpd.recentFrom)}`}
          empty={`Everyone shown has CPD dated since ${formatUkDate(cpd.recentFrom)}.`}
        />
        <Text as="p" size="2" mt="2">
          <CsvLink query={query} section="cpd">
            Download hours by team
          </CsvLink>{' '}
          ·{' '}
          <CsvLink query={query} section="quiet">
            Download the people with no recent CPD
          </CsvLink>
        </Text>
      </DashboardSection>

      <TrendsSection
        trend={data.trend}
        scopeName={filters.teams.find((t) => t.code === filters.team)?.name ?? 'Everyone'}
        versionLabel={filters.versionLabel}
        query={query}
      />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
