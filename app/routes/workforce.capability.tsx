import { Button, Callout, Flex, Heading, Text } from '@radix-ui/themes'
import { TeamSelect } from '#app/components/team-select'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { SelectField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { Pager } from '#app/components/pager'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { PeopleTable, RollUpTable } from '#app/components/workforce/capability-tables'
import { LIST_PAGE_SIZE, pageOf, readPageNumber } from '#app/lib/paging'
import { MATRIX_SORTS, MATRIX_SORT_LABELS, matrixQuery } from '#app/models/workforce/capability-matrix.rules'
import { loadCapabilityMatrix } from '#app/models/workforce/capability-matrix.server'

export const meta: MetaFunction = () => [{ title: 'Workforce capability – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'workforce.view')
  const url = new URL(request.url)
  const { filters, view, matrix } = await loadCapabilityMatrix(context.db, url.searchParams)
  // The whole list is sorted and rolled up first; only then is the page cut.
  const shown = matrix ? pageOf(matrix.people, readPageNumber(url)) : null
  return {
    frameworks: filters.frameworks,
    teams: filters.teams,
    jobRoles: filters.jobRoles,
    notices: filters.notices,
    view,
    matrix: matrix && shown ? { ...matrix, people: shown.items } : null,
    paging:
      shown && view
        ? { page: shown.page, pageCount: shown.pageCount, total: shown.total, search: matrixQuery(view) }
        : null,
  }
}

export default function WorkforceCapabilityPage() {
  const { frameworks, teams, jobRoles, notices, view, matrix, paging } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title="Workforce capability"
        lead="Each person's signed-off level in each domain against what their role needs. Only sign-offs whose evidence is unchanged count."
      />
      {notices.map((notice) => (
        <Callout.Root key={notice} color="amber" mb="4" highContrast>
          <Callout.Text>{notice}</Callout.Text>
        </Callout.Root>
      ))}
      <Form method="get" className="filter-bar">
        <Flex gap="3" align="end" wrap="wrap">
          <SelectField name="framework" label="Framework" defaultValue={view?.framework ?? ''}>
            {frameworks.map((f) => (
              <option key={f.code} value={f.code}>
                {f.name}
              </option>
            ))}
          </SelectField>
          <TeamSelect teams={teams} value={view?.team ?? ''} />
          <SelectField name="role" label="Job role" defaultValue={view?.role ?? ''}>
            <option value="">All job roles</option>
            {jobRoles.map((r) => (
              <option key={r.code} value={r.code}>
                {r.title}
              </option>
            ))}
          </SelectField>
          <SelectField name="sort" label="Sort by" defaultValue={view?.sort ?? 'team'}>
            {MATRIX_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {sort === 'team' ? 'Team, then job role and name' : MATRIX_SORT_LABELS[sort]}
              </option>
            ))}
          </SelectField>
          <SelectField name="dir" label="Order" defaultValue={view?.dir ?? 'asc'}>
            <option value="asc">Ascending (A to Z, fewest gaps first)</option>
            <option value="desc">Descending (Z to A, most gaps first)</option>
          </SelectField>
          <div className="form-field">
            <Text as="label" size="2" className="target-24">
              <input type="checkbox" name="gaps" value="1" defaultChecked={view?.gapsOnly ?? false} /> Only people with
              a gap
            </Text>
          </div>
          <Button type="submit" size="3">
            Show
          </Button>
        </Flex>
      </Form>
      {!matrix || !view ? (
        <EmptyState title="No framework is published yet">
          An administrator publishes the capability frameworks; the matrix appears once they do.
        </EmptyState>
      ) : !paging || paging.total === 0 ? (
        <EmptyState title="Nobody matches these filters">
          Choose another team or job role, or include people without a gap.
        </EmptyState>
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
            <a href={`/workforce/capability.csv${matrixQuery(view)}`} className="target-24" download>
              Download as CSV
            </a>
          </Flex>
          <RollUpTable domains={matrix.domains} rollUp={matrix.rollUp} />
          <PeopleTable domains={matrix.domains} people={matrix.people} view={view} />
          <Pager label="Pages of people" size={LIST_PAGE_SIZE} {...paging} />
        </section>
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
