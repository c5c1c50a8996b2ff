import { Button, Card, Heading, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { changeOwnPassword } from '#app/auth/password-change.server'
import { PASSWORD_CHECK_BUSY_MESSAGE } from '#app/lib/password.server'
import { ROLE_LABELS } from '#app/auth/policy'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField } from '#app/components/form-field'
import { NewPasswordFields } from '#app/components/people/new-password-fields'
import { PageHeader } from '#app/components/page-header'
import { ProfileDetails } from '#app/components/profile-details'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm } from '#app/lib/forms'
import { invariantFound, readForm } from '#app/lib/http.server'
import { describePasswordCheckRetry } from '#app/auth/login-throttle.rules'
import { PASSWORD_MAX, changePasswordSchema } from '#app/models/people/users.schema'
import { getPersonProfile } from '#app/models/people/users.server'

export const meta: MetaFunction = () => [{ title: 'Your account – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'account.manage')
  const profile = invariantFound(await getPersonProfile(context.db, user.id))
  return { profile: { ...profile, roleLabels: profile.roles.map((role) => ROLE_LABELS[role]) } }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'account.manage')
  const parsed = parseForm(await readForm(request), changePasswordSchema)
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await changeOwnPassword(context.db, {
    user,
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
    ip: context.clientAddress,
    env: context.env,
  })
  if (!result.ok) {
    switch (result.reason) {
      case 'incorrect':
        return data({ fieldErrors: { currentPassword: result.message } }, { status: 400 })
      case 'throttled':
        return data(
          { fieldErrors: { currentPassword: describePasswordCheckRetry(result.retryAfterMinutes) } },
          { status: 429 },
        )
      case 'busy':
        return data(
          { fieldErrors: { form: PASSWORD_CHECK_BUSY_MESSAGE } },
          { status: 503, headers: { 'Retry-After': '5' } },
        )
    }
  }
  return redirectWithFlash(context.env, '/account', {
    message: 'Your password has been changed. Any other sessions you had open have been signed out.',
    kind: 'success',
  })
}

export default function AccountPage() {
  const { profile } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <PageHeader title="Your account" lead={profile.name} />
      <Card size="3" mb="6">
        <Heading as="h2" size="5" mb="3">
          Your details
        </Heading>
        <ProfileDetails {...profile} />
        <Text as="p" size="2" color="gray" highContrast mt="3">
          Something wrong? Your administrator keeps these details up to date.
        </Text>
        <Text as="p" size="2" mt="2">
          <Link to="/account/data">Download all your data</Link> held by the portal, as one zip file.
        </Text>
      </Card>
      <Card size="3">
        <Heading as="h2" size="5" mb="3" id="change-password">
          Change your password
        </Heading>
        <ErrorSummary
          errors={errors}
          labels={{
            currentPassword: 'Current password',
            newPassword: 'New password',
            confirmPassword: 'Confirm new password',
          }}
        />
        <Form method="post" className="form-stack" aria-labelledby="change-password" noValidate>
          <FormField
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            maxLength={PASSWORD_MAX}
            error={errors.currentPassword}
            required
          />
          <NewPasswordFields errors={errors} />
          <div>
            <Button type="submit" size="3" disabled={navigation.state === 'submitting'}>
              Change password
            </Button>
          </div>
        </Form>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
