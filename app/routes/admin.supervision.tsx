import { Badge, Button, Heading, Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { FormField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import {
  AddLinkForm,
  EndOrHandOverForms,
  type LinkFormEcho,
  QualifiedOnForm,
} from '#app/components/supervision/link-forms'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { isConfirmedForm } from '#app/components/confirm-form'
import { parseForm, formValues, searchText } from '#app/lib/forms'
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
  changeSupervisorSchema,
  endLinkSchema,
  qualifiedOnSchema,
  startLinkSchema,
} from '#app/models/supervision/supervision.schema'
import { replyToRuleError, readForm } from '#app/lib/http.server'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { submitOnce } from '#app/models/shared/form-submission.server'

export const meta: MetaFunction = () => [{ title: 'Supervision links – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'admin.supervision.manage')
  const url = new URL(request.url)
  const q = searchText(url.searchParams.get('q'))
  const [links, people] = await Promise.all([listSupervisionLinks(context.db, { q }), listPeopleForLinks(context.db)])
  return {
    links,
    people,
    q,
    chosenLink: url.searchParams.get('link') ?? '',
    today: todayInLondon(),
    formToken: newFormToken(),
  }
}

const linkIntent = z.enum(['start-link', 'end-link', 'change-supervisor', 'set-qualified'])
type Intent = z.infer<typeof linkIntent>

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'admin.supervision.manage')
  const form = await readForm(request)
  const asked = linkIntent.safeParse(form.get('intent'))
  if (!asked.success)
    return data({ intent: null, fieldErrors: { form: 'Choose what to do' }, values: {} }, { status: 400 })
  const intent = asked.data
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
    case 'start-link': {
      // Adding a link is the one create form here: its one-time token makes a resend add nothing more.
      const token = readFormToken(form)
      if (!token.ok) {
        const parsed = parseForm(form, startLinkSchema)
        return refuse(withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors), formValues(form))
      }
      return run(
        startLinkSchema,
        (input) =>
          submitOnce(context.db, { token: token.token, userId: user.id, kind: 'supervision-link' }, (trx) =>
            startSupervisionLink(trx, { ...input, actorId: user.id }),
          ),
        'Link added.',
      )
    }
    case 'end-link': {
      // Ending a link asks first; without JavaScript the page asks, once the fields are valid.
      const checked = parseForm(form, endLinkSchema)
      if (checked.ok && !isConfirmedForm(form)) {
        return data({ intent, fieldErrors: {}, values: formValues(form), confirm: true }, { status: 409 })
      }
      return run(
        endLinkSchema,
        (input) =>
          endSupervisionLink(context.db, { linkId: input.endLinkId, endsOn: input.lastDay, actorId: user.id }, today),
        'Link ended. It stays in the history.',
      )
    }
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
  }
}

const STATUS = {
  current: { label: 'Current', color: 'green' },
  ended: { label: 'Ended', color: 'gray' },
  future: { label: 'Starts later', color: 'blue' },
} as const

export default function AdminSupervisionPage() {
  const { links, people, q, chosenLink, today, formToken } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const echoFor = (intent: Intent): LinkFormEcho =>
    result?.intent === intent
      ? { errors: result.fieldErrors, values: result.values, asked: 'confirm' in result && result.confirm === true }
      : { errors: {}, values: {} }
  const open = links.filter((link) => link.status !== 'ended')
  const linkLabel = (l: (typeof links)[number]) =>
    `${l.superviseeName}, supervised by ${l.supervisorName} from ${formatUkDate(l.startsOn)}`
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
          <TableFrame label="Supervision links, by supervisee">
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
          </TableFrame>
        )}
        {links.length === LINKS_PAGE_SIZE ? (
          <Text as="p" size="2" mt="2">
            Showing the first {LINKS_PAGE_SIZE} links: search by name to find others.
          </Text>
        ) : null}
      </section>

      <div className="totals-grid">
        <AddLinkForm key={formToken} formToken={formToken} people={people} today={today} echo={echoFor('start-link')} />
        <EndOrHandOverForms
          links={open.map((l) => ({ id: l.id, label: linkLabel(l) }))}
          people={people}
          today={today}
          chosenLink={chosenLink}
          end={echoFor('end-link')}
          handOver={echoFor('change-supervisor')}
        />
        <QualifiedOnForm people={people} today={today} echo={echoFor('set-qualified')} />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
