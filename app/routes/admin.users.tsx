import { Badge, Button, Flex, Link as ThemeLink, Table, Text, TextField } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { ROLE_LABELS } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { searchText } from '#app/lib/forms'
import { PEOPLE_PAGE_SIZE, listPeople } from '#app/models/people/users.server'

export const meta: MetaFunction = () => [{ title: 'People – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'admin.users.manage')
  const params = new URL(request.url).searchParams
  const query = searchText(params.get('q'))
  const withoutSupervisor = params.get('supervisor') === 'none'
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const { people, total } = await listPeople(context.db, { query, withoutSupervisor, page })
  return { people, total, query, withoutSupervisor, page, pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)) }
}

export default function PeoplePage() {
  const { people, total, query, withoutSupervisor, page, pages } = useLoaderData<typeof loader>()
  const pageLink = (to: number) =>
    `?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(withoutSupervisor ? { supervisor: 'none' } : {}), page: String(to) })}`
  return (
    <>
      <PageHeader
        title="People"
        lead={withoutSupervisor ? 'Staff with no supervisor linked today.' : 'Everyone with an account in the portal.'}
        actions={
          <>
            <Button asChild size="3">
              <Link to="/admin/users/new">Add a person</Link>
            </Button>
            <Button asChild size="3" variant="soft">
              <Link to="/admin/teams">Teams</Link>
            </Button>
            <Button asChild size="3" variant="soft">
              <Link to="/admin/import">Import staff from HR</Link>
            </Button>
          </>
        }
      />
      <Form method="get" role="search" aria-label="People">
        <Flex gap="3" align="end" wrap="wrap" mb="4">
          <div className="form-field">
            <Text as="label" htmlFor="people-search" size="2" weight="bold">
              Search by name or email
            </Text>
            <TextField.Root id="people-search" name="q" type="search" defaultValue={query} size="3" maxLength={200} />
          </div>
          {withoutSupervisor ? <input type="hidden" name="supervisor" value="none" /> : null}
          <Button type="submit" size="3">
            Search
          </Button>
          {query || withoutSupervisor ? (
            <Button asChild variant="soft" size="3">
              <Link to="/admin/users">Show everyone</Link>
            </Button>
          ) : null}
        </Flex>
      </Form>
      <Text as="p" size="2" mb="3" aria-live="polite">
        {total} {total === 1 ? 'person' : 'people'}
        {pages > 1 ? `, page ${page} of ${pages}` : ''}
      </Text>
      {people.length === 0 ? (
        <EmptyState title="No one matches">Try a shorter search, or show everyone.</EmptyState>
      ) : (
        <TableFrame label="Accounts">
          <Table.Root variant="surface">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Job role and team</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Access</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Supervisor</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {people.map((person) => (
                <Table.Row key={person.id}>
                  <Table.RowHeaderCell>
                    <Text as="div" weight="bold">
                      <ThemeLink asChild>
                        <Link to={`/admin/users/${person.id}`}>{person.name}</Link>
                      </ThemeLink>
                    </Text>
                    <Text as="div" size="2">
                      {person.email}
                    </Text>
                    {person.active ? null : <Badge color="gray">Inactive</Badge>}
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    <Text as="div">{person.jobRoleTitle ?? 'No job role'}</Text>
                    <Text as="div" size="2">
                      {person.teamName ?? 'No team'}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>{person.roles.map((role) => ROLE_LABELS[role]).join(', ')}</Table.Cell>
                  <Table.Cell>
                    {person.supervisorNames.length > 0 ? person.supervisorNames.join(', ') : 'None'}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </TableFrame>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages">
          <Flex gap="3" mt="4">
            {page > 1 ? <Link to={pageLink(page - 1)}>Previous page</Link> : null}
            {page < pages ? <Link to={pageLink(page + 1)}>Next page</Link> : null}
          </Flex>
        </nav>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
