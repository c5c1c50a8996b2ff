import { Badge, Button, Card, Heading, Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField, SelectField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm, formText, formValues } from '#app/lib/forms'
import {
  LINKS_PAGE_SIZE,
  changeSupervisor,
  endSupervisionLink,
  listPeopleForLinks,
  listSupervisionLinks,
  setQualifiedOn,
  startSupervisionLink,
} from '#app/models/supervision/admin.server'
import {
  LINK_FIELD_LABELS,
  changeSupervisorSchema,
  endLinkSchema,
  qualifiedOnSchema,
  startLinkSchema,
} from '#app/models/supervision/supervision.schema'
import { replyToRuleError } from '#app/lib/http.server'

export const meta: MetaFunction = () => [{ title: 'Supervision links – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'admin.supervision.manage')
  const url = new URL(request.url)
  const q = url.searchParams.get('q') ?? ''
  const [links, people] = await Promise.all([listSupervisionLinks(context.db, { q }), listPeopleForLinks(context.db)])
  return { links, people, q, chosenLink: url.searchParams.get('link') ?? '', today: todayInLondon() }
}

type Intent = 'start-link' | 'end-link' | 'change-supervisor' | 'set-qualified'

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'admin.supervision.manage')
  const form = await request.formData()
  const intent = formText(form.get('intent')) as Intent
  const today = todayInLondon()
  const refuse = (fieldErrors: Record<string, string>, values: Record<string, string>) =>
    data({ intent, fieldErrors, values }, { status: 400 })
  const run = async <S extends z.ZodType>(schema: S, write: (input: z.infer<S>) => Promise<unknown>, done: string) => {
    const parsed = parseForm(form, schema)
    if (!parsed.ok) return refuse(parsed.fieldErrors, parsed.values)
    try {
      await write(parsed.data)
    } catch (error) {
      return replyToRuleError(error, formValues(form), { intent })
    }
    return redirectWithFlash(context.env, '/admin/supervision', { message: done, kind: 'success' })
  }
  switch (intent) {
    case 'start-link':
      return run(
        startLinkSchema,
        (input) => startSupervisionLink(context.db, { ...input, actorId: user.id }),
        'Link added.',
      )
    case 'end-link':
      return run(
        endLinkSchema,
        (input) =>
          endSupervisionLink(context.db, { linkId: input.endLinkId, endsOn: input.lastDay, actorId: user.id }, today),
        'Link ended. It stays in the history.',
      )
    case 'change-supervisor':
      return run(
        changeSupervisorSchema,
        (input) =>
          changeSupervisor(
            context.db,
            {
              linkId: input.changeLinkId,
              newSupervisorId: input.newSupervisorId,
              changeOn: input.changeOn,
              actorId: user.id,
            },
            today,
          ),
        'Supervisor changed. The earlier link stays in the history.',
      )
    case 'set-qualified':
      return run(
        qualifiedOnSchema(today),
        (input) => setQualifiedOn(context.db, { ...input, actorId: user.id }),
        'Qualification date saved.',
      )
    default:
      return data({ intent, fieldErrors: { form: 'Choose what to do' }, values: {} }, { status: 400 })
  }
}

const STATUS = {
  current: { label: 'Current', color: 'green' },
  ended: { label: 'Ended', color: 'gray' },
  future: { label: 'Starts later', color: 'blue' },
} as const

export default function AdminSupervisionPage() {
  const { links, people, q, chosenLink, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errorsFor = (intent: Intent) => (result?.intent === intent ? result.fieldErrors : {})
  const valuesFor = (intent: Intent): Record<string, string> => (result?.intent === intent ? result.values : {})
  const supervisors = people.filter((p) => p.isSupervisor)
  const open = links.filter((link) => link.status !== 'ended')
  const linkLabel = (l: (typeof links)[number]) =>
    `${l.superviseeName}, supervised by ${l.supervisorName} from ${formatUkDate(l.startsOn)}`
  const personOptions = (list: typeof people) =>
    list.map((p) => (
      <option key={p.id} value={p.id}>
        {p.name}
      </option>
    ))
  const linkOptions = open.map((l) => (
    <option key={l.id} value={l.id}>
      {linkLabel(l)}
    </option>
  ))
  return (
    <>
      <PageHeader
        title="Supervision links"
        lead="Who supervises whom, from when to when. Ending a link or changing a supervisor keeps the history."
      />
      <Form method="get" className="filters" role="search" aria-label="Links">
        <FormField name="q" label="Search by name" defaultValue={q} />
        <div>
          <Button type="submit" variant="soft">
            Search
          </Button>
        </div>
      </Form>
      <section aria-labelledby="links-title" className="home-section">
        <Heading as="h2" size="5" mb="3" id="links-title">
          Links and history
        </Heading>
        {links.length === 0 ? (
          <EmptyState title={q ? 'No links match that name' : 'No supervision links yet'}>
            {q ? 'Try another name, or clear the search.' : 'Add the first link with the form below.'}
          </EmptyState>
        ) : (
          <div className="table-scroll">
            <Table.Root variant="surface">
              <caption className="visually-hidden">Supervision links, by supervisee</caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Supervisee</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Supervisor</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>From</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>To</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Qualified</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Change</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {links.map((link) => (
                  <Table.Row key={link.id}>
                    <Table.RowHeaderCell>{link.superviseeName}</Table.RowHeaderCell>
                    <Table.Cell>{link.supervisorName}</Table.Cell>
                    <Table.Cell>{formatUkDate(link.startsOn)}</Table.Cell>
                    <Table.Cell>{link.endsOn ? formatUkDate(link.endsOn) : 'No end date'}</Table.Cell>
                    <Table.Cell>
                      <Badge color={STATUS[link.status].color} highContrast>
                        {STATUS[link.status].label}
                      </Badge>
                    </Table.Cell>
                    <Table.Cell>{link.qualifiedOn ? formatUkDate(link.qualifiedOn) : 'Not recorded'}</Table.Cell>
                    <Table.Cell>
                      {link.status === 'ended' ? null : (
                        <ThemeLink asChild className="target-24">
                          <Link to={`?link=${link.id}#change-title`}>
                            End or hand over<span className="visually-hidden">: {linkLabel(link)}</span>
                          </Link>
                        </ThemeLink>
                      )}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </div>
        )}
        {links.length === LINKS_PAGE_SIZE ? (
          <Text as="p" size="2" mt="2">
            Showing the first {LINKS_PAGE_SIZE} links: search by name to find others.
          </Text>
        ) : null}
      </section>

      <div className="totals-grid">
        <Card size="3" asChild>
          <section aria-labelledby="start-title">
            <Heading as="h2" size="4" mb="3" id="start-title">
              Add a link
            </Heading>
            <ErrorSummary errors={errorsFor('start-link')} labels={LINK_FIELD_LABELS} />
            <Form method="post" className="form-stack">
              <input type="hidden" name="intent" value="start-link" />
              <SelectField
                name="supervisorId"
                label={LINK_FIELD_LABELS.supervisorId}
                hint="Only people with the supervisor role are listed"
                defaultValue={valuesFor('start-link').supervisorId ?? ''}
                error={errorsFor('start-link').supervisorId}
              >
                <option value="">Choose a supervisor</option>
                {personOptions(supervisors)}
              </SelectField>
              <SelectField
                name="superviseeId"
                label={LINK_FIELD_LABELS.superviseeId}
                defaultValue={valuesFor('start-link').superviseeId ?? ''}
                error={errorsFor('start-link').superviseeId}
              >
                <option value="">Choose a person</option>
                {personOptions(people)}
              </SelectField>
              <FormField
                name="startsOn"
                type="date"
                label={LINK_FIELD_LABELS.startsOn}
                defaultValue={valuesFor('start-link').startsOn ?? today}
                error={errorsFor('start-link').startsOn}
              />
              <FormField
                name="endsOn"
                type="date"
                label={`${LINK_FIELD_LABELS.endsOn} (optional)`}
                hint="The last day of supervision, if it is already known"
                defaultValue={valuesFor('start-link').endsOn ?? ''}
                error={errorsFor('start-link').endsOn}
              />
              <div>
                <Button type="submit">Add link</Button>
              </div>
            </Form>
          </section>
        </Card>

        <Card size="3" asChild>
          <section aria-labelledby="change-title">
            <Heading as="h2" size="4" mb="3" id="change-title">
              End a link or hand over
            </Heading>
            {open.length === 0 ? (
              <Text as="p" size="2">
                There are no current links to change.
              </Text>
            ) : (
              <>
                <ErrorSummary
                  errors={{ ...errorsFor('end-link'), ...errorsFor('change-supervisor') }}
                  labels={LINK_FIELD_LABELS}
                />
                <Form method="post" className="form-stack" aria-labelledby="end-legend">
                  <Heading as="h3" size="3" id="end-legend">
                    End a link
                  </Heading>
                  <input type="hidden" name="intent" value="end-link" />
                  <SelectField
                    name="endLinkId"
                    label={LINK_FIELD_LABELS.endLinkId}
                    defaultValue={valuesFor('end-link').endLinkId ?? chosenLink}
                    error={errorsFor('end-link').endLinkId}
                  >
                    <option value="">Choose a link</option>
                    {linkOptions}
                  </SelectField>
                  <FormField
                    name="lastDay"
                    type="date"
                    label={LINK_FIELD_LABELS.lastDay}
                    defaultValue={valuesFor('end-link').lastDay ?? today}
                    error={errorsFor('end-link').lastDay}
                  />
                  <div>
                    <Button type="submit" variant="soft" color="red">
                      End link
                    </Button>
                  </div>
                </Form>
                <Form method="post" className="form-stack" aria-labelledby="handover-legend">
                  <Heading as="h3" size="3" id="handover-legend" mt="5">
                    Change supervisor
                  </Heading>
                  <input type="hidden" name="intent" value="change-supervisor" />
                  <SelectField
                    name="changeLinkId"
                    label={LINK_FIELD_LABELS.changeLinkId}
                    defaultValue={valuesFor('change-supervisor').changeLinkId ?? chosenLink}
                    error={errorsFor('change-supervisor').changeLinkId}
                  >
                    <option value="">Choose a link</option>
                    {linkOptions}
                  </SelectField>
                  <SelectField
                    name="newSupervisorId"
                    label={LINK_FIELD_LABELS.newSupervisorId}
                    defaultValue={valuesFor('change-supervisor').newSupervisorId ?? ''}
                    error={errorsFor('change-supervisor').newSupervisorId}
                  >
                    <option value="">Choose a supervisor</option>
                    {personOptions(supervisors)}
                  </SelectField>
                  <FormField
                    name="changeOn"
                    type="date"
                    label={LINK_FIELD_LABELS.changeOn}
                    hint="The old link ends the day before"
                    defaultValue={valuesFor('change-supervisor').changeOn ?? today}
                    error={errorsFor('change-supervisor').changeOn}
                  />
                  <div>
                    <Button type="submit">Change supervisor</Button>
                  </div>
                </Form>
              </>
            )}
          </section>
        </Card>

        <Card size="3" asChild>
          <section aria-labelledby="qualified-title">
            <Heading as="h2" size="4" mb="3" id="qualified-title">
              Qualification date
            </Heading>
            <Text as="p" size="2" mb="3">
              A newly qualified OT is supervised more often for the first six months after qualifying or first
              registering. Record the date so the schedule follows it.
            </Text>
            <ErrorSummary errors={errorsFor('set-qualified')} labels={LINK_FIELD_LABELS} />
            <Form method="post" className="form-stack">
              <input type="hidden" name="intent" value="set-qualified" />
              <SelectField
                name="personId"
                label={LINK_FIELD_LABELS.personId}
                defaultValue={valuesFor('set-qualified').personId ?? ''}
                error={errorsFor('set-qualified').personId}
              >
                <option value="">Choose a person</option>
                {personOptions(people)}
              </SelectField>
              <FormField
                name="qualifiedOn"
                type="date"
                label={LINK_FIELD_LABELS.qualifiedOn}
                max={today}
                defaultValue={valuesFor('set-qualified').qualifiedOn ?? ''}
                error={errorsFor('set-qualified').qualifiedOn}
              />
              <div>
                <Button type="submit">Save date</Button>
              </div>
            </Form>
          </section>
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
