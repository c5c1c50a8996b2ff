import { Button, Card, Flex, Heading, Link as ThemeLink, Text, TextField } from '@radix-ui/themes'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { HoursTable } from '#app/components/evidence/hours-table'
import { EvidenceStatusBadge } from '#app/components/evidence/status-badge'
import { SelectField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate } from '#app/lib/dates'
import { EVIDENCE_PAGE_SIZE, listEvidenceLog } from '#app/models/evidence/log.server'
import { hasActiveFilters, readLogFilters } from '#app/models/evidence/log.schema'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'
import { describeHours } from '#app/lib/hours'
import { listFrameworks } from '#app/models/frameworks/frameworks.server'

export const meta: MetaFunction = () => [{ title: 'Your CPD log – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'evidence.create')
  const url = new URL(request.url)
  const { filters, page } = readLogFilters(url.searchParams)
  const [log, frameworks] = await Promise.all([
    listEvidenceLog(context.db, { ownerId: user.id, filters, page }),
    listFrameworks(context.db),
  ])
  return {
    log,
    filters,
    page,
    pages: Math.max(1, Math.ceil(log.total / EVIDENCE_PAGE_SIZE)),
    filtered: hasActiveFilters(filters),
    search: url.search,
    frameworks: frameworks.map((f) => ({ code: f.code, name: f.name })),
  }
}

function csvSearch(search: string): string {
  const params = new URLSearchParams(search)
  params.delete('page')
  const query = params.toString()
  return query ? `?${query}` : ''
}

function pageLink(search: string, page: number): string {
  const params = new URLSearchParams(search)
  params.set('page', String(page))
  return `?${params}`
}

export default function EvidenceLogPage() {
  const { log, filters, page, pages, filtered, search, frameworks } = useLoaderData<typeof loader>()
  const typeLabel = (code: string | null) =>
    code ? ACTIVITY_TYPES[code as keyof typeof ACTIVITY_TYPES] : 'Type not set'
  return (
    <>
      <PageHeader
        title="Your CPD log"
        lead="Everything you have learned and done, ready for supervision and for an HCPC audit."
        actions={
          <Button asChild size="3">
            <Link to="/evidence/new">Add an entry</Link>
          </Button>
        }
      />
      <Form method="get" role="search" aria-label="Filter your CPD log" className="filters">
        <div className="form-field">
          <Text as="label" htmlFor="log-q" size="2" weight="bold">
            Search words
          </Text>
          <TextField.Root
            id="log-q"
            name="q"
            type="search"
            size="3"
            defaultValue={filters.query ?? ''}
            maxLength={200}
          />
        </div>
        <SelectField name="type" label="Activity type" defaultValue={filters.activityType ?? ''}>
          <option value="">Any type</option>
          {Object.entries(ACTIVITY_TYPES).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <div className="form-field">
          <Text as="label" htmlFor="log-from" size="2" weight="bold">
            From
          </Text>
          <TextField.Root id="log-from" name="from" type="date" size="3" defaultValue={filters.from ?? ''} />
        </div>
        <div className="form-field">
          <Text as="label" htmlFor="log-to" size="2" weight="bold">
            To
          </Text>
          <TextField.Root id="log-to" name="to" type="date" size="3" defaultValue={filters.to ?? ''} />
        </div>
        <SelectField name="framework" label="Mapped to" defaultValue={filters.frameworkCode ?? ''}>
          <option value="">Any framework, or none</option>
          {frameworks.map((f) => (
            <option key={f.code} value={f.code}>
              {f.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="files"
          label="Attachments"
          defaultValue={filters.attachments === null ? '' : filters.attachments ? 'yes' : 'no'}
        >
          <option value="">With or without</option>
          <option value="yes">With attachments</option>
          <option value="no">Without attachments</option>
        </SelectField>
        <SelectField name="status" label="Show" defaultValue={filters.status}>
          <option value="active">Drafts and complete entries</option>
          <option value="complete">Complete entries</option>
          <option value="draft">Drafts</option>
          <option value="withdrawn">Withdrawn entries</option>
        </SelectField>
        {filters.capabilityCode ? <input type="hidden" name="capability" value={filters.capabilityCode} /> : null}
        <Flex gap="3" align="center">
          <Button type="submit" size="3">
            Show entries
          </Button>
          {filtered ? <Link to="/evidence">Clear</Link> : null}
        </Flex>
      </Form>

      {filters.capabilityCode ? (
        <Text as="p" size="3" mb="3">
          Showing entries mapped to capability <strong>{filters.capabilityCode}</strong>.{' '}
          <Link to="/evidence">Show all entries</Link>
        </Text>
      ) : null}
      {log.total === 0 ? (
        filtered ? (
          <EmptyState title="No entries match">Try fewer filters, or clear them to see your whole log.</EmptyState>
        ) : (
          <EmptyState
            title="No evidence yet"
            action={
              <Button asChild>
                <Link to="/evidence/new">Add your first entry</Link>
              </Button>
            }
          >
            Add what you learn and do as it happens: a title is enough to start, and you can finish it later.
          </EmptyState>
        )
      ) : (
        <>
          <Flex justify="between" align="center" gap="3" wrap="wrap" mb="3">
            <Text as="p" size="2" aria-live="polite">
              {log.total} {log.total === 1 ? 'entry' : 'entries'}, {describeHours(log.totals.minutes)}
              {pages > 1 ? ` · page ${page} of ${pages}` : ''}
            </Text>
            <ThemeLink asChild size="2">
              <a href={`/evidence.csv${csvSearch(search)}`} download>
                Download {filtered ? 'these entries' : 'your log'} as CSV
              </a>
            </ThemeLink>
          </Flex>
          <ul className="evidence-list">
            {log.items.map((item) => (
              <li key={item.id}>
                <Card size="2">
                  <Flex justify="between" gap="3" wrap="wrap">
                    <div>
                      <Heading as="h2" size="3" mb="1">
                        <Link to={`/evidence/${item.id}`}>{item.title}</Link>
                      </Heading>
                      <Text as="p" size="2" color="gray" highContrast>
                        {item.startsOn ? formatUkDate(item.startsOn) : 'No date yet'}
                        {item.endsOn && item.endsOn !== item.startsOn ? ` to ${formatUkDate(item.endsOn)}` : ''} ·{' '}
                        {typeLabel(item.activityType)} · {item.minutes ? describeHours(item.minutes) : 'hours not set'}{' '}
                        · {item.mappingCount} {item.mappingCount === 1 ? 'capability' : 'capabilities'}
                      </Text>
                    </div>
                    <EvidenceStatusBadge withdrawn={item.withdrawn} status={item.status} />
                  </Flex>
                </Card>
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav aria-label="Pages of your log">
              <Flex gap="4" mb="5">
                {page > 1 ? (
                  <ThemeLink asChild>
                    <Link to={pageLink(search, page - 1)}>Previous page</Link>
                  </ThemeLink>
                ) : null}
                {page < pages ? (
                  <ThemeLink asChild>
                    <Link to={pageLink(search, page + 1)}>Next page</Link>
                  </ThemeLink>
                ) : null}
              </Flex>
            </nav>
          ) : null}
          <div className="totals-grid">
            <HoursTable
              caption="Hours by activity type"
              rows={log.totals.byType.map((row) => ({
                label: typeLabel(row.activityType),
                minutes: row.minutes,
                entries: row.entries,
              }))}
            />
            <HoursTable
              caption="Hours by year"
              rows={log.totals.byYear.map((row) => ({
                label: row.year ? String(row.year) : 'No date yet',
                minutes: row.minutes,
                entries: row.entries,
              }))}
            />
          </div>
        </>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
