import { Badge, Button, Card, Heading, Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/guard.server'
import { ConfirmForm, isConfirmedForm } from '#app/components/confirm-form'
import { EmptyState } from '#app/components/empty-state'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField } from '#app/components/form-field'
import { FormTokenInput } from '#app/components/form-token-input'
import { PageHeader } from '#app/components/page-header'
import { TableFrame } from '#app/components/report-table'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { formValues, parseForm } from '#app/lib/forms'
import { notFound, readForm, replyToRuleError } from '#app/lib/http.server'
import { isUuid } from '#app/lib/ids'
import {
  TEAM_FIELD_LABELS,
  TEAM_NAME_MAX,
  newTeamSchema,
  renameTeamSchema,
  teamIdSchema,
} from '#app/models/people/admin.schema'
import { createTeam, listTeamsWithCounts, renameTeam, setTeamArchived } from '#app/models/people/teams.server'
import { submitOnce } from '#app/models/shared/form-submission.server'

export const meta: MetaFunction = () => [{ title: 'Teams – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'admin.users.manage')
  const chosen = new URL(request.url).searchParams.get('rename')
  const teams = await listTeamsWithCounts(context.db)
  const renaming = isUuid(chosen) ? (teams.find((team) => team.id === chosen.toLowerCase()) ?? null) : null
  return { teams, renaming: renaming ? { id: renaming.id, name: renaming.name } : null, formToken: newFormToken() }
}

const intentSchema = z.enum(['create', 'rename', 'archive', 'unarchive'])

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'admin.users.manage')
  const form = await readForm(request)
  const asked = intentSchema.safeParse(form.get('intent'))
  if (!asked.success) {
    return data({ intent: null, fieldErrors: { form: 'Choose what to do' }, values: {} }, { status: 400 })
  }
  const intent = asked.data
  const refuse = (fieldErrors: Record<string, string>) =>
    data({ intent, fieldErrors, values: formValues(form) }, { status: 400 })
  const done = (message: string) => redirectWithFlash(context.env, '/admin/teams', { message, kind: 'success' })
  try {
    switch (intent) {
      case 'create': {
        const parsed = parseForm(form, newTeamSchema)
        const token = readFormToken(form)
        if (!token.ok || !parsed.ok) return refuse(withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors))
        await submitOnce(context.db, { token: token.token, userId: user.id, kind: 'team' }, (trx) =>
          createTeam(trx, { name: parsed.data.name, actorId: user.id }),
        )
        return await done(`Team ${parsed.data.name} added.`)
      }
      case 'rename': {
        const parsed = parseForm(form, renameTeamSchema)
        if (!parsed.ok) return refuse(parsed.fieldErrors)
        if (!(await renameTeam(context.db, { ...parsed.data, actorId: user.id }))) throw notFound('No such team')
        return await done(`Team renamed to ${parsed.data.name}.`)
      }
      case 'archive':
      case 'unarchive': {
        const parsed = parseForm(form, teamIdSchema)
        if (!parsed.ok) return refuse(parsed.fieldErrors)
        // Archiving asks first; without JavaScript the page asks in place.
        if (intent === 'archive' && !isConfirmedForm(form)) {
          return data({ intent, fieldErrors: {}, values: formValues(form), confirm: true }, { status: 409 })
        }
        const archived = intent === 'archive'
        const found = await setTeamArchived(context.db, { teamId: parsed.data.teamId, archived, actorId: user.id })
        if (!found) throw notFound('No such team')
        return await done(
          archived
            ? 'Team archived. Its people and history are kept; it is no longer offered for new assignments.'
            : 'Team restored. It is offered for new assignments again.',
        )
      }
    }
  } catch (error) {
    return replyToRuleError(error, formValues(form), { intent })
  }
}

export default function TeamsPage() {
  const { teams, renaming, formToken } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errorsFor = (intent: string) => (result?.intent === intent ? result.fieldErrors : {})
  const valuesFor = (intent: string): Record<string, string> => (result?.intent === intent ? result.values : {})
  const askedFor =
    result?.intent === 'archive' && 'confirm' in result && result.confirm === true ? result.values.teamId : null
  const renameTarget =
    renaming ?? (result?.intent === 'rename' ? (teams.find((team) => team.id === result.values.teamId) ?? null) : null)
  return (
    <>
      <PageHeader
        title="Teams"
        lead="The teams people work in. Archiving a team keeps its people and history, and stops it being offered for new assignments."
      />
      {result?.fieldErrors.form ? (
        <Text as="p" size="2" color="red" role="alert" mb="3">
          {result.fieldErrors.form}
        </Text>
      ) : null}
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">Add the first team with the form below.</EmptyState>
      ) : (
        <TableFrame label="Teams">
          <Table.Root variant="surface">
            <caption className="visually-hidden">Teams, active first</caption>
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Team</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>People</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Change</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {teams.map((team) => (
                <Table.Row key={team.id}>
                  <Table.RowHeaderCell>{team.name}</Table.RowHeaderCell>
                  <Table.Cell>
                    {team.activePeople}
                    {team.people > team.activePeople ? ` (and ${team.people - team.activePeople} inactive)` : ''}
                  </Table.Cell>
                  <Table.Cell>
                    {team.archivedAt ? (
                      <Badge color="gray" highContrast>
                        Archived {formatUkDate(todayInLondon(new Date(team.archivedAt)))}
                      </Badge>
                    ) : (
                      <Badge color="green" highContrast>
                        Active
                      </Badge>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <div className="form-stack">
                      <ThemeLink asChild className="target-24">
                        <Link to={`?rename=${team.id}#rename-title`}>
                          Rename<span className="visually-hidden"> {team.name}</span>
                        </Link>
                      </ThemeLink>
                      {team.archivedAt ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="unarchive" />
                          <input type="hidden" name="teamId" value={team.id} />
                          <Button type="submit" variant="soft" size="1" aria-label={`Restore ${team.name}`}>
                            Restore
                          </Button>
                        </Form>
                      ) : (
                        <ConfirmForm
                          hidden={{ intent: 'archive', teamId: team.id }}
                          triggerLabel="Archive"
                          triggerAriaLabel={`Archive ${team.name}`}
                          title={`Archive ${team.name}?`}
                          description={
                            <p>
                              Its {team.activePeople} {team.activePeople === 1 ? 'person stays' : 'people stay'} in it
                              and its history is kept, but nobody new can be put in it. You can restore it later.
                            </p>
                          }
                          confirmLabel="Yes, archive"
                          asked={askedFor === team.id}
                          cancelTo="/admin/teams"
                          size="1"
                        />
                      )}
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </TableFrame>
      )}
      <div className="totals-grid" style={{ marginTop: 'var(--space-5)' }}>
        <Card size="3" asChild>
          <section aria-labelledby="add-team-title">
            <Heading as="h2" size="4" mb="3" id="add-team-title">
              Add a team
            </Heading>
            <ErrorSummary errors={errorsFor('create')} labels={TEAM_FIELD_LABELS} />
            <Form method="post" className="form-stack" key={formToken}>
              <input type="hidden" name="intent" value="create" />
              <FormTokenInput token={formToken} error={errorsFor('create').formToken} />
              <FormField
                name="name"
                label={TEAM_FIELD_LABELS.name}
                maxLength={TEAM_NAME_MAX}
                defaultValue={valuesFor('create').name ?? ''}
                error={errorsFor('create').name}
              />
              <div>
                <Button type="submit">Add team</Button>
              </div>
            </Form>
          </section>
        </Card>
        {renameTarget ? (
          <Card size="3" asChild>
            <section aria-labelledby="rename-title">
              <Heading as="h2" size="4" mb="3" id="rename-title">
                Rename {renameTarget.name}
              </Heading>
              <ErrorSummary errors={errorsFor('rename')} labels={TEAM_FIELD_LABELS} fieldIdPrefix="rename" />
              <Form method="post" className="form-stack">
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="teamId" value={renameTarget.id} />
                <FormField
                  name="name"
                  fieldId="rename-name"
                  label="New name"
                  maxLength={TEAM_NAME_MAX}
                  defaultValue={valuesFor('rename').name ?? renameTarget.name}
                  error={errorsFor('rename').name}
                />
                <div>
                  <Button type="submit">Rename team</Button>
                </div>
              </Form>
            </section>
          </Card>
        ) : null}
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/admin/teams', label: 'Go to the list of teams' }} />
}
