import { Badge, Button, Callout, Flex, Link as ThemeLink, Text } from '@radix-ui/themes'
import { TeamSelect } from '#app/components/team-select'
import { Table, TableFrame } from '#app/components/report-table'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { visibility } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { withPageDetails } from '#app/models/supervision/overview.server'
import { readSupervisionOverview } from '#app/models/supervision/overview-filter.server'
import { Pager } from '#app/components/pager'
import { openableRecords } from '#app/models/people/record.server'
import { LIST_PAGE_SIZE, pageOf, readPageNumber } from '#app/lib/paging'
import { RegistrationStatusBadge } from '#app/components/registration/status-badge'

export const meta: MetaFunction = () => [{ title: 'Supervision – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'supervision.list')
  const today = todayInLondon()
  const url = new URL(request.url)
  const { rows: all, teams, team, notices } = await readSupervisionOverview(context.db, user, url.searchParams, today)
  const shown = pageOf(all, readPageNumber(url))
  const [rows, openable] = await Promise.all([
    withPageDetails(context.db, shown.items, today),
    openableRecords(
      context.db,
      user,
      shown.items.map((row) => row.personId),
      today,
    ),
  ])
  return {
    rows,
    // Names link to a person's whole record only where the policy lets this viewer open it.
    openRecords: [...openable],
    overdue: all.filter((row) => row.due.overdue).length,
    paging: { page: shown.page, pageCount: shown.pageCount, total: shown.total, search: url.search },
    everyone: visibility(user) === 'all',
    viewerId: user.id,
    filter: { teams, team, notices },
  }
}

export default function SupervisionPage() {
  const { rows, overdue, paging, everyone, viewerId, openRecords, filter } = useLoaderData<typeof loader>()
  const csvHref = `/supervision.csv${filter.team ? `?team=${encodeURIComponent(filter.team)}` : ''}`
  const openable = new Set(openRecords)
  const show = {
    signoffs: rows.some((row) => row.pendingSignoffs !== undefined),
    hcpc: rows.some((row) => row.hcpcStatus !== undefined),
    gaps: rows.some((row) => row.gaps !== undefined),
  }
  return (
    <>
      <PageHeader
        title="Supervision"
        lead={
          everyone
            ? 'Everyone supervised today, by supervisor. Overdue sessions come first.'
            : 'The people you supervise today. Overdue sessions come first.'
        }
      />
      {filter.teams.length > 1 ? (
        <Form method="get" className="filter-bar" aria-label="Filter supervisees">
          <Flex gap="3" align="end" wrap="wrap">
            <TeamSelect teams={filter.teams} value={filter.team} />
            <Button type="submit" size="3">
              Show
            </Button>
          </Flex>
        </Form>
      ) : null}
      {filter.notices.map((notice) => (
        <Callout.Root key={notice} color="amber" mb="3" highContrast>
          <Callout.Text>{notice}</Callout.Text>
        </Callout.Root>
      ))}
      {rows.length === 0 ? (
        filter.team ? (
          <EmptyState title="Nobody in this team">
            Nobody in this team has a current supervisor. Choose another team, or all teams.
          </EmptyState>
        ) : (
          <EmptyState title="Nobody to show">
            When an administrator links people to you as their supervisor, they will be listed here with their sessions.
          </EmptyState>
        )
      ) : (
        <>
          <Text as="p" size="3" mb="3">
            {overdue === 0
              ? 'Nobody is overdue for supervision.'
              : `${overdue} ${overdue === 1 ? 'person is' : 'people are'} overdue for supervision.`}{' '}
            <ThemeLink asChild>
              <a href={csvHref} download className="target-24">
                Download as CSV
              </a>
            </ThemeLink>
          </Text>
          <TableFrame label="Supervisees, with sessions held against those expected">
            <Table.Root variant="surface">
              <caption className="table-caption">Supervisees, with sessions held against those expected</caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                  {everyone ? <Table.ColumnHeaderCell>Supervisor</Table.ColumnHeaderCell> : null}
                  <Table.ColumnHeaderCell>Job role</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Last session</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Next due</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Held of expected</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell justify="end">Open actions</Table.ColumnHeaderCell>
                  {show.signoffs ? (
                    <Table.ColumnHeaderCell justify="end">Sign-offs waiting</Table.ColumnHeaderCell>
                  ) : null}
                  {show.hcpc ? <Table.ColumnHeaderCell>HCPC</Table.ColumnHeaderCell> : null}
                  {show.gaps ? <Table.ColumnHeaderCell justify="end">Capability gaps</Table.ColumnHeaderCell> : null}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {rows.map((row) => (
                  <Table.Row key={`${row.personId}-${row.supervisorId}`}>
                    <Table.RowHeaderCell>
                      {openable.has(row.personId) ? (
                        <ThemeLink asChild>
                          <Link to={`/people/${row.personId}`} className="target-24">
                            {row.name}
                          </Link>
                        </ThemeLink>
                      ) : (
                        row.name
                      )}
                      <Text as="div" size="1">
                        <Link to={`/supervision/${row.personId}`} className="target-24">
                          Sessions<span className="visually-hidden"> with {row.name}</span>
                        </Link>
                      </Text>
                    </Table.RowHeaderCell>
                    {everyone ? (
                      <Table.Cell>{row.supervisorId === viewerId ? 'You' : row.supervisorName}</Table.Cell>
                    ) : null}
                    <Table.Cell>{row.jobRoleTitle ?? 'Not set'}</Table.Cell>
                    <Table.Cell>{row.lastHeldOn ? formatUkDate(row.lastHeldOn) : 'None recorded'}</Table.Cell>
                    <Table.Cell>
                      {formatUkDate(row.due.dueOn)}{' '}
                      {row.due.overdue ? (
                        <Badge color="red" highContrast>
                          Overdue {row.due.daysOverdue} {row.due.daysOverdue === 1 ? 'day' : 'days'}
                        </Badge>
                      ) : null}
                    </Table.Cell>
                    <Table.Cell>
                      {row.compliance.held} of {row.compliance.expected}{' '}
                      <Text size="1" color="gray" highContrast>
                        since {formatUkDate(row.compliance.from)}
                      </Text>
                    </Table.Cell>
                    <Table.Cell justify="end">{row.openActions}</Table.Cell>
                    {show.signoffs ? <Table.Cell justify="end">{row.pendingSignoffs ?? ''}</Table.Cell> : null}
                    {show.hcpc ? (
                      <Table.Cell>
                        {row.hcpcStatus ? (
                          <RegistrationStatusBadge status={row.hcpcStatus.status} label={row.hcpcStatus.label} />
                        ) : null}
                      </Table.Cell>
                    ) : null}
                    {show.gaps ? (
                      <Table.Cell justify="end">
                        {row.gaps && openable.has(row.personId) ? (
                          <Link to={`/people/${row.personId}#capabilities`} className="target-24">
                            {row.gaps}
                            <span className="visually-hidden"> capability gaps for {row.name}</span>
                          </Link>
                        ) : (
                          (row.gaps ?? '')
                        )}
                      </Table.Cell>
                    ) : null}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </TableFrame>
          <Pager label="Pages of supervisees" size={LIST_PAGE_SIZE} {...paging} />
        </>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
