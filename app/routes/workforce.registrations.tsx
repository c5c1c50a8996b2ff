import { Button, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Table, TableFrame } from '#app/components/report-table'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize, authorizeVisible, requirePermission } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { SelectField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { ExpiryTimeline } from '#app/components/registration/expiry-timeline'
import { RegistrationStatusBadge } from '#app/components/registration/status-badge'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { safeRedirectPath, readForm } from '#app/lib/http.server'
import {
  expiryTimeline,
  listStatuses,
  matchesRegistrationFilter,
  readRegistrationFilter,
  statusLabel,
} from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { listRegistrations, markRegistrationChecked } from '#app/models/registration/registration.server'
import { getPersonSubject } from '#app/models/people/users.server'
import { Pager } from '#app/components/pager'
import { openableRecords } from '#app/models/people/record.server'
import { LIST_PAGE_SIZE, pageOf, readPageNumber } from '#app/lib/paging'

export const meta: MetaFunction = () => [{ title: 'HCPC registrations – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'workforce.registrations.view')
  const today = todayInLondon()
  const rules = hcpcRules()
  const url = new URL(request.url)
  const filter = readRegistrationFilter(rules, url.searchParams.get('status'))
  const all = await listRegistrations(context.db, user, today)
  const shown = pageOf(
    all.filter((row) => matchesRegistrationFilter(row.standing, filter)),
    readPageNumber(url),
  )
  return {
    today,
    filter,
    search: url.search,
    total: all.length,
    needingAction: all.filter((row) => row.standing.needsAction).length,
    statuses: listStatuses(rules).map((status) => ({ status, label: statusLabel(status) })),
    timeline: expiryTimeline(
      rules,
      all.flatMap((row) =>
        row.record
          ? [
              {
                expiresOn: row.record.expiresOn,
                professionCode: row.record.professionCode,
                lapsed: row.standing.status === 'lapsed',
              },
            ]
          : [],
      ),
      today,
    ),
    paging: { page: shown.page, pageCount: shown.pageCount, total: shown.total },
    // Administrators see registrations but not professional records, so the policy decides which names link.
    openRecords: [
      ...(await openableRecords(
        context.db,
        user,
        shown.items.map((row) => row.id),
        today,
      )),
    ],
    rows: shown.items.map((row) => ({
      id: row.id,
      name: row.name,
      teamName: row.teamName,
      jobRoleTitle: row.jobRoleTitle,
      number: row.record?.number ?? null,
      expiresOn: row.record?.expiresOn ?? null,
      lastCheckedOn: row.record?.lastCheckedOn ?? null,
      lastCheckedByName: row.record?.lastCheckedByName ?? null,
      status: row.standing.status,
      label: row.standing.label,
      daysLeft: row.standing.daysLeft,
      windowOpen: row.standing.windowOpen,
      checkDue: row.standing.checkDue,
      needsAction: row.standing.needsAction,
      canCheck:
        row.record !== null &&
        can(user, 'registration.check', { kind: 'person', id: row.id, currentSupervisorIds: [] }),
    })),
  }
}

const checkSchema = z.object({ intent: z.literal('check'), personId: z.uuid(), back: z.string().optional() })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'workforce.registrations.view')
  const parsed = checkSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return data({ error: 'Choose whose registration you checked' }, 400)
  const subject = await getPersonSubject(context.db, parsed.data.personId)
  authorizeVisible(user, 'registration.read', subject)
  authorize(user, 'registration.check', subject)
  const back = safeRedirectPath(parsed.data.back, '/workforce/registrations')
  const today = todayInLondon()
  if (!(await markRegistrationChecked(context.db, { personId: subject.id, actorId: user.id, today }))) {
    return data({ error: 'There is no registration recorded to check' }, 400)
  }
  return redirectWithFlash(context.env, back, {
    message: `Marked as checked on the HCPC register on ${formatUkDate(today)}.`,
    kind: 'success',
  })
}

function days(daysLeft: number | null): string {
  if (daysLeft === null) return ''
  if (daysLeft < 0) return `${-daysLeft} ${daysLeft === -1 ? 'day' : 'days'} ago`
  if (daysLeft === 0) return 'today'
  return `in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`
}

export default function WorkforceRegistrationsPage() {
  const { filter, search, total, needingAction, statuses, timeline, rows, paging, openRecords } =
    useLoaderData<typeof loader>()
  const openable = new Set(openRecords)
  const back = `/workforce/registrations${search}`
  return (
    <>
      <PageHeader
        title="HCPC registrations"
        lead={`${needingAction} of ${total} ${total === 1 ? 'person needs' : 'people need'} action today: lapsed, to record, ending soon, or due a check on the HCPC register.`}
      />
      <Form method="get" role="search" aria-label="Filter registrations" className="filters">
        <SelectField name="status" label="Show" defaultValue={filter}>
          <option value="all">Everyone</option>
          <option value="needs-action">Everyone who needs action</option>
          <option value="check-due">Due a check on the HCPC register</option>
          {statuses.map((s) => (
            <option key={s.status} value={s.status}>
              {s.label}
            </option>
          ))}
        </SelectField>
        <Flex gap="3" align="center">
          <Button type="submit" size="3">
            Show
          </Button>
          {filter !== 'all' ? <Link to="/workforce/registrations">Clear</Link> : null}
        </Flex>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title={total === 0 ? 'Nobody to show yet' : 'Nobody matches'}>
          {total === 0
            ? 'People you supervise, or everyone in the service if you are the principal OT, appear here once they have accounts.'
            : 'Nobody is in that state today. Choose “Everyone” to see the whole list.'}
        </EmptyState>
      ) : (
        <>
          <Flex justify="between" align="center" gap="3" wrap="wrap" mb="3">
            <Text as="p" size="2">
              {paging.total} {paging.total === 1 ? 'person' : 'people'}, most urgent first
            </Text>
            <ThemeLink asChild size="2">
              <a href={`/workforce/registrations.csv${search}`} download className="target-24">
                Download this list as CSV
              </a>
            </ThemeLink>
          </Flex>
          <TableFrame label="Registrations">
            <Table.Root variant="surface" size="1">
              <caption className="table-caption">Registrations</caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Number</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Ends</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Last checked on the register</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Team and role</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {rows.map((row) => (
                  <Table.Row key={row.id}>
                    <Table.RowHeaderCell>
                      {openable.has(row.id) ? (
                        <ThemeLink asChild>
                          <Link to={`/people/${row.id}`} className="target-24">
                            {row.name}
                          </Link>
                        </ThemeLink>
                      ) : (
                        row.name
                      )}
                    </Table.RowHeaderCell>
                    <Table.Cell>
                      <Flex direction="column" gap="1" align="start">
                        <RegistrationStatusBadge status={row.status} label={row.label} />
                        {row.windowOpen && row.status !== 'window-open' ? (
                          <Text size="1">Renewal window open</Text>
                        ) : null}
                      </Flex>
                    </Table.Cell>
                    <Table.Cell>{row.number ?? '—'}</Table.Cell>
                    <Table.Cell>
                      {row.expiresOn ? (
                        <>
                          {formatUkDate(row.expiresOn)}
                          <Text as="div" size="1">
                            {days(row.daysLeft)}
                          </Text>
                        </>
                      ) : (
                        '—'
                      )}
                    </Table.Cell>
                    <Table.Cell>
                      {row.lastCheckedOn
                        ? `${formatUkDate(row.lastCheckedOn)} (${row.lastCheckedByName ?? 'unknown'})`
                        : 'Never'}
                      {row.checkDue ? (
                        <Text as="div" size="1" weight="bold">
                          Check due
                        </Text>
                      ) : null}
                      {row.canCheck ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="personId" value={row.id} />
                          <input type="hidden" name="back" value={back} />
                          <Button type="submit" name="intent" value="check" size="1" variant="soft" mt="1">
                            Mark checked today<span className="visually-hidden"> for {row.name}</span>
                          </Button>
                        </Form>
                      ) : null}
                    </Table.Cell>
                    <Table.Cell>{[row.teamName, row.jobRoleTitle].filter(Boolean).join(' · ') || '—'}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </TableFrame>
          <Pager label="Pages of registrations" search={search} size={LIST_PAGE_SIZE} {...paging} />
        </>
      )}
      <section aria-labelledby="timeline-title" className="timeline-section">
        <Heading as="h2" size="5" mt="6" mb="2" id="timeline-title">
          When registrations end
        </Heading>
        <ExpiryTimeline buckets={timeline} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
