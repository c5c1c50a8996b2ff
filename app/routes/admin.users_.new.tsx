import { Card, Link as ThemeLink, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EMPTY_PERSON, PersonForm, echoedPerson } from '#app/components/people/person-form'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { formValues, parseForm } from '#app/lib/forms'
import { readForm, replyToRuleError } from '#app/lib/http.server'
import { personSchema } from '#app/models/people/admin.schema'
import { listJobRoles } from '#app/models/people/job-roles.server'
import { createPerson } from '#app/models/people/manage.server'
import { listAssignableTeams } from '#app/models/people/teams.server'
import { submitOnce } from '#app/models/shared/form-submission.server'

export const meta: MetaFunction = () => [{ title: 'Add a person – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'admin.users.manage')
  const [jobRoles, teams] = await Promise.all([listJobRoles(context.db), listAssignableTeams(context.db)])
  return { jobRoles, teams, today: todayInLondon(), formToken: newFormToken() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'admin.users.manage')
  const form = await readForm(request)
  const parsed = parseForm(form, personSchema(todayInLondon()))
  const token = readFormToken(form)
  if (!token.ok || !parsed.ok) {
    const fieldErrors = withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors)
    return data({ fieldErrors, values: formValues(form) }, { status: 400 })
  }
  let personId: string
  try {
    const made = await submitOnce(context.db, { token: token.token, userId: user.id, kind: 'person' }, (trx) =>
      createPerson(trx, { form: parsed.data, actorId: user.id }),
    )
    personId = made.result
  } catch (error) {
    return replyToRuleError(error, formValues(form))
  }
  return redirectWithFlash(context.env, `/admin/users/${personId}`, {
    message: `${parsed.data.name} added. Issue a password reset link so they can set a password and sign in.`,
    kind: 'success',
  })
}

export default function NewPersonPage() {
  const { jobRoles, teams, today, formToken } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title="Add a person"
        lead="Their account, job role, team and access. Once they are added, issue a reset link so they can set a password."
      />
      <Card size="3">
        <PersonForm
          key={formToken}
          values={result ? echoedPerson(result.values) : EMPTY_PERSON}
          errors={result?.fieldErrors ?? {}}
          jobRoles={jobRoles}
          teams={teams}
          today={today}
          submitLabel="Add person"
          formToken={formToken}
        />
      </Card>
      <Text as="p" size="2" mt="4">
        <ThemeLink asChild>
          <Link to="/admin/users">Back to people</Link>
        </ThemeLink>
      </Text>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
