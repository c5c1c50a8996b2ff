import { Button, Flex, Heading, Text } from '@radix-ui/themes'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { SelectField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { StandingBadge } from '#app/components/signoffs/standing-badge'
import { Pager } from '#app/components/pager'
import { LIST_PAGE_SIZE, pageOf, readPageNumber } from '#app/lib/paging'
import { getCapabilityMatrix, readMatrixFilters } from '#app/models/workforce/capability-matrix.server'

export const meta: MetaFunction = () => [{ title: 'Workforce capability – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'workforce.view')
  const { frameworks, teams, framework, team } = await readMatrixFilters(context.db, {
    framework: new URL(request.url).searchParams.get('framework'),
    team: new URL(request.url).searchParams.get('team'),
  })
  const matrix = framework
    ? await getCapabilityMatrix(context.db, { frameworkCode: framework, teamId: team?.id ?? null })
    : undefined
  const url = new URL(request.url)
  const shown = matrix ? pageOf(matrix.people, readPageNumber(url)) : null
  return {
    frameworks,
    teams,
    framework,
    teamCode: team?.code ?? '',
    matrix: matrix && shown ? { ...matrix, people: shown.items } : null,
    paging: shown ? { page: shown.page, pageCount: shown.pageCount, total: shown.total, search: url.search } : null,
  }
}

export default function WorkforceCapabilityPage() {
  const { frameworks, teams, framework, teamCode, matrix, paging } = useLoaderData<typeof loader>()
  const csv = `/workforce/capability.csv?framework=${encodeURIComponent(framework ?? '')}${teamCode ? `&team=${encodeURIComponent(teamCode)}` : ''}`
  return (
    <>
      <PageHeader
        title="Workforce capability"
        lead="Each person's signed-off level in each domain against what their role needs. Only sign-offs whose evidence is unchanged count."
      />
      <Form method="get" className="filter-bar">
        <Flex gap="3" align="end" wrap="wrap">
          <SelectField name="framework" label="Framework" defaultValue={framework ?? ''}>
            {frameworks.map((f) => (
              <option key={f.code} value={f.code}>
                {f.name}
              </option>
            ))}
          </SelectField>
          <SelectField name="team" label="Team" defaultValue={teamCode}>
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <Button type="submit" size="3">
            Show
          </Button>
        </Flex>
      </Form>
      {!matrix ? (
        <EmptyState title="No framework is published yet">
          An administrator publishes the capability frameworks; the matrix appears once they do.
        </EmptyState>
      ) : !paging || paging.total === 0 ? (
        <EmptyState title="Nobody in this team yet">Choose another team, or all teams.</EmptyState>
      ) : (
        <section aria-labelledby="matrix-title" className="home-section">
          <Flex justify="between" align="end" gap="3" wrap="wrap" mb="3">
            <div>
              <Heading as="h2" size="5" id="matrix-title">
                {matrix.framework.name}
              </Heading>
              <Text as="p" size="2" color="gray" highContrast>
                {matrix.framework.versionLabel} · {paging.total} {paging.total === 1 ? 'person' : 'people'}
              </Text>
            </div>
            <a href={csv} className="target-24" download>
              Download as CSV
            </a>
          </Flex>
          <div className="table-scroll" role="region" aria-labelledby="matrix-title" tabIndex={0}>
            <table className="matrix-table">
              <caption className="visually-hidden">
                People by domain: the level signed off and how it stands against what the role needs
              </caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  {matrix.domains.map((domain) => (
                    <th scope="col" key={domain.id}>
                      {domain.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {matrix.people.map((person) => (
                  <tr key={person.id}>
                    <th scope="row">
                      <Link to={`/supervision/${person.id}`}>{person.name}</Link>
                      <Text as="span" size="1" color="gray" highContrast className="matrix-role">
                        {[person.jobRoleTitle, person.teamName].filter(Boolean).join(', ')}
                      </Text>
                    </th>
                    {person.cells.map((cell) => (
                      <td key={cell.domainId} data-standing={cell.standing}>
                        <StandingBadge standing={cell.standing} />
                        <Text as="span" size="1" className="matrix-level">
                          {cell.achieved ? cell.achieved.name : 'None'}
                          {cell.required ? ` / needs ${cell.required.name}` : ''}
                        </Text>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Met or above (everyone listed)</th>
                  {matrix.domains.map((domain) => (
                    <td key={domain.id}>
                      {domain.required === 0 ? 'No requirement' : `${domain.metOrAbove} of ${domain.required}`}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <Pager label="Pages of people" size={LIST_PAGE_SIZE} {...paging} />
        </section>
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
