import { Badge, Card, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '#app/auth/guard.server'
import { isConfirmedForm } from '#app/components/confirm-form'
import { AccessSection, ResetSection } from '#app/components/people/account-actions'
import { PersonForm, echoedPerson } from '#app/components/people/person-form'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { formValues, parseForm } from '#app/lib/forms'
import { invariantFound, readForm, replyToRuleError } from '#app/lib/http.server'
import { isUuid } from '#app/lib/ids'
import { PERSON_FIELD_LABELS, personSchema } from '#app/models/people/admin.schema'
import { listJobRoles } from '#app/models/people/job-roles.server'
import { deactivatePerson, getPersonForEdit, reactivatePerson, updatePerson } from '#app/models/people/manage.server'
import { issuePasswordReset, passwordResetPath } from '#app/models/people/password-reset.server'
import { listAssignableTeams } from '#app/models/people/teams.server'
import { emailConfigured } from '#app/models/outbox/delivery.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? 'Person'} – OT Capability Portal` },
]

async function findPerson(context: LoaderFunctionArgs['context'], id: string | undefined) {
  return invariantFound(isUuid(id) ? await getPersonForEdit(context.db, id) : undefined, 'No such person')
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'admin.users.manage')
  const person = await findPerson(context, params.id)
  const [jobRoles, teams] = await Promise.all([
    listJobRoles(context.db),
    listAssignableTeams(context.db, person.teamId),
  ])
  return {
    person,
    jobRoles,
    teams,
    today: todayInLondon(),
    isSelf: person.id === user.id,
    emailConfigured: emailConfigured(context.env),
    resetHours: context.env.PASSWORD_RESET_HOURS,
  }
}

const intentSchema = z.enum(['save', 'deactivate', 'reactivate', 'issue-reset'])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'admin.users.manage')
  const person = await findPerson(context, params.id)
  const form = await readForm(request)
  const asked = intentSchema.safeParse(form.get('intent'))
  if (!asked.success) {
    return data({ intent: null, fieldErrors: { form: 'Choose what to do' }, values: {} }, { status: 400 })
  }
  const intent = asked.data
  const here = `/admin/users/${person.id}`
  const done = (message: string) => redirectWithFlash(context.env, here, { message, kind: 'success' })
  try {
    switch (intent) {
      case 'save': {
        const parsed = parseForm(form, personSchema(todayInLondon()))
        if (!parsed.ok) {
          return data({ intent, fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 })
        }
        const changed = invariantFound(
          await updatePerson(context.db, { personId: person.id, form: parsed.data, actorId: user.id }),
        )
        if (changed.length === 0) return await done('Nothing had changed, so nothing was saved.')
        const names = changed.map((field) => PERSON_FIELD_LABELS[field]?.toLowerCase() ?? field)
        return await done(`Saved ${parsed.data.name}’s ${names.join(', ')}.`)
      }
      case 'deactivate': {
        // Deactivating asks first; without JavaScript the page asks in place.
        if (!isConfirmedForm(form)) {
          return data({ intent, fieldErrors: {}, values: {}, confirm: true }, { status: 409 })
        }
        await deactivatePerson(context.db, { personId: person.id, actorId: user.id })
        return await done(`${person.name} is deactivated and signed out everywhere. Their records are kept.`)
      }
      case 'reactivate':
        await reactivatePerson(context.db, { personId: person.id, actorId: user.id })
        return await done(`${person.name} can sign in again.`)
      case 'issue-reset': {
        const origin = new URL(request.url).origin
        const sendEmail = emailConfigured(context.env)
        const issued = invariantFound(
          await issuePasswordReset(context.db, {
            personId: person.id,
            actorId: user.id,
            hours: context.env.PASSWORD_RESET_HOURS,
            origin,
            sendEmail,
          }),
        )
        if (issued.emailed) {
          return await done(`A password reset link is on its way to ${person.email}. Any earlier link no longer works.`)
        }
        // Shown once, in this answer only: the portal keeps no copy of the link it could show again.
        return data({
          intent,
          fieldErrors: {},
          values: {},
          resetLink: `${origin}${passwordResetPath(issued.token)}`,
          expiresAt: issued.expiresAt.toISOString(),
        })
      }
    }
  } catch (error) {
    return replyToRuleError(error, formValues(form), { intent })
  }
}

export default function EditPersonPage() {
  const { person, jobRoles, teams, today, isSelf, emailConfigured, resetHours } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const saveResult = result?.intent === 'save' ? result : undefined
  const values = saveResult
    ? echoedPerson(saveResult.values)
    : {
        name: person.name,
        email: person.email,
        employeeNumber: person.employeeNumber ?? '',
        jobRoleCode: person.jobRoleCode ?? '',
        teamId: person.teamId ?? '',
        roles: person.roles,
        startsOn: person.startsOn ?? '',
        leavesOn: person.leavesOn ?? '',
        qualifiedOn: person.qualifiedOn ?? '',
      }
  const resetLink = result && 'resetLink' in result ? { link: result.resetLink, expiresAt: result.expiresAt } : null
  const resetError = result?.intent === 'issue-reset' ? result.fieldErrors.reset : undefined
  const accessError =
    result?.intent === 'deactivate' || result?.intent === 'reactivate' ? result.fieldErrors.form : undefined
  return (
    <>
      <PageHeader
        title={person.name}
        lead={
          <Flex gap="2" align="center" wrap="wrap" asChild>
            <span>
              {person.email}
              {person.active ? null : <Badge color="gray">Inactive</Badge>}
              {person.teamArchived ? <Badge color="amber">Team archived</Badge> : null}
            </span>
          </Flex>
        }
      />
      <div className="totals-grid">
        <Card size="3" asChild>
          <section aria-labelledby="details-title">
            <Heading as="h2" size="5" mb="3" id="details-title">
              Details and access
            </Heading>
            <PersonForm
              key={saveResult ? 'echo' : 'saved'}
              values={values}
              errors={saveResult?.fieldErrors ?? {}}
              jobRoles={jobRoles}
              teams={teams}
              today={today}
              submitLabel="Save changes"
            />
          </section>
        </Card>
        <div className="form-stack">
          <ResetSection
            active={person.active}
            email={person.email}
            emailConfigured={emailConfigured}
            hours={resetHours}
            issued={resetLink}
            error={resetError}
          />
          <AccessSection
            personId={person.id}
            name={person.name}
            active={person.active}
            isSelf={isSelf}
            asked={result?.intent === 'deactivate' && 'confirm' in result && result.confirm === true}
            error={accessError}
          />
        </div>
      </div>
      <Text as="p" size="2" mt="4">
        {/* A subject access request: everything the portal holds about the person, as one zip (audited). */}
        <ThemeLink asChild>
          <a href={`/admin/users/${person.id}/data.zip`} download>
            Download everything held about {person.name} (zip)
          </a>
        </ThemeLink>
      </Text>
      <Text as="p" size="2" mt="2">
        <ThemeLink asChild>
          <Link to="/admin/users">Back to people</Link>
        </ThemeLink>
      </Text>
    </>
  )
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      messages={{ 404: { title: 'No such person', body: 'There is no account at this address.' } }}
      backTo={{ to: '/admin/users', label: 'Go to the list of people' }}
    />
  )
}
