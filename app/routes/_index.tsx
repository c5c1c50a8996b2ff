import { Card, Heading, Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { ROLE_LABELS, can } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { TaskList } from '#app/components/home/task-list'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { invariantFound } from '#app/lib/http.server'
import { getOwnApprenticeshipId } from '#app/models/apprenticeship/queries.server'
import { getHomeFacts } from '#app/models/home/tasks.server'
import { listHomeTasks } from '#app/models/home/tasks.rules'
import { getAccountSummary } from '#app/models/people/accounts.server'
import { getPersonProfile } from '#app/models/people/users.server'
import { listCurrentSupervisees } from '#app/models/supervision/links.server'
import { pivotHeadcount } from '#app/models/workforce/headcount.rules'
import { listHeadcountByTeam } from '#app/models/workforce/headcount.server'

export const meta: MetaFunction = () => [{ title: 'Home – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'home.view')
  const db = context.db
  const today = todayInLondon()
  const [profile, facts, supervisees, headcount, accounts, apprenticeshipId] = await Promise.all([
    getPersonProfile(db, user.id),
    getHomeFacts(db, user, today),
    can(user, 'supervisees.list') ? listCurrentSupervisees(db, user.id) : null,
    can(user, 'workforce.view') ? listHeadcountByTeam(db) : null,
    can(user, 'admin.users.manage') ? getAccountSummary(db) : null,
    getOwnApprenticeshipId(db, user.id),
  ])
  const me = invariantFound(profile)
  return {
    firstName: me.name.split(' ')[0],
    jobRoleTitle: me.jobRoleTitle,
    tasks: listHomeTasks(user, facts, today),
    supervisees,
    headcount: headcount ? pivotHeadcount(headcount) : null,
    accounts,
    apprenticeshipId: apprenticeshipId ?? null,
  }
}

export default function HomePage() {
  const { firstName, jobRoleTitle, tasks, supervisees, headcount, accounts, apprenticeshipId } =
    useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={`Hello, ${firstName}`} lead={jobRoleTitle ?? undefined} />
      <section aria-labelledby="tasks-title" className="home-section">
        <Heading as="h2" size="5" mb="3" id="tasks-title">
          Your tasks
        </Heading>
        {tasks.length === 0 ? (
          <EmptyState title="Nothing needs your attention">You are up to date. New tasks will appear here.</EmptyState>
        ) : (
          <TaskList tasks={tasks} />
        )}
      </section>

      {apprenticeshipId ? (
        <section aria-labelledby="apprenticeship-title" className="home-section">
          <Heading as="h2" size="5" mb="3" id="apprenticeship-title">
            Your apprenticeship
          </Heading>
          <Text as="p" size="3">
            <ThemeLink asChild underline="always">
              <Link to={`/apprenticeships/${apprenticeshipId}`}>My apprenticeship</Link>
            </ThemeLink>
            : off-the-job hours, progress reviews, placement hours and gateway.
          </Text>
        </section>
      ) : null}

      {supervisees ? (
        <section aria-labelledby="supervisees-title" className="home-section">
          <Heading as="h2" size="5" mb="3" id="supervisees-title">
            People you supervise
          </Heading>
          {supervisees.length === 0 ? (
            <EmptyState title="No supervisees linked">
              When your administrator links people to you as their supervisor, they will be listed here.
            </EmptyState>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="supervisees-title">
              <Table.Root variant="surface">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Job role</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Team</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Supervised since</Table.ColumnHeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {supervisees.map((person) => (
                    <Table.Row key={person.id}>
                      <Table.RowHeaderCell>{person.name}</Table.RowHeaderCell>
                      <Table.Cell>{person.jobRoleTitle ?? 'Not set'}</Table.Cell>
                      <Table.Cell>{person.teamName ?? 'Not set'}</Table.Cell>
                      <Table.Cell>{formatUkDate(person.since)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </div>
          )}
        </section>
      ) : null}

      {headcount ? (
        <section aria-labelledby="workforce-title" className="home-section">
          <Heading as="h2" size="5" mb="3" id="workforce-title">
            Your workforce
          </Heading>
          {headcount.rows.length === 0 ? (
            <EmptyState title="No staff yet">
              Staff appear here once your administrator has added them to a team.
            </EmptyState>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="workforce-caption">
              <Table.Root variant="surface">
                <caption id="workforce-caption" className="visually-hidden">
                  Active staff by job role and team
                </caption>
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeaderCell>Job role</Table.ColumnHeaderCell>
                    {headcount.teams.map((team) => (
                      <Table.ColumnHeaderCell key={team} justify="end">
                        {team}
                      </Table.ColumnHeaderCell>
                    ))}
                    <Table.ColumnHeaderCell justify="end">All teams</Table.ColumnHeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {headcount.rows.map((row) => (
                    <Table.Row key={row.jobRoleTitle}>
                      <Table.RowHeaderCell>{row.jobRoleTitle}</Table.RowHeaderCell>
                      {row.counts.map((count, i) => (
                        <Table.Cell key={headcount.teams[i]} justify="end">
                          {count}
                        </Table.Cell>
                      ))}
                      <Table.Cell justify="end">
                        <strong>{row.total}</strong>
                      </Table.Cell>
                    </Table.Row>
                  ))}
                  <Table.Row>
                    <Table.RowHeaderCell>
                      <strong>All job roles</strong>
                    </Table.RowHeaderCell>
                    {headcount.teamTotals.map((count, i) => (
                      <Table.Cell key={headcount.teams[i]} justify="end">
                        <strong>{count}</strong>
                      </Table.Cell>
                    ))}
                    <Table.Cell justify="end">
                      <strong>{headcount.total}</strong>
                    </Table.Cell>
                  </Table.Row>
                </Table.Body>
              </Table.Root>
            </div>
          )}
        </section>
      ) : null}

      {accounts ? (
        <section aria-labelledby="accounts-title" className="home-section">
          <Heading as="h2" size="5" mb="3" id="accounts-title">
            Accounts
          </Heading>
          <div className="card-grid">
            <Card size="2">
              <Text as="p" size="2">
                Active accounts
              </Text>
              <p className="stat">{accounts.active}</p>
              <ThemeLink asChild size="2">
                <Link to="/admin/users">Manage people</Link>
              </ThemeLink>
            </Card>
            {(Object.keys(accounts.byRole) as (keyof typeof accounts.byRole)[]).map((role) => (
              <Card size="2" key={role}>
                <Text as="p" size="2">
                  {ROLE_LABELS[role]}
                </Text>
                <p className="stat">{accounts.byRole[role]}</p>
              </Card>
            ))}
          </div>
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
