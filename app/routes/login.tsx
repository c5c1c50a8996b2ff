import { Button, Card, Heading, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { PASSWORD_CHECK_BUSY_MESSAGE } from '#app/lib/password.server'
import { signIn } from '#app/auth/sign-in.server'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField } from '#app/components/form-field'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { parseForm } from '#app/lib/forms'
import { ssoSettings } from '#app/lib/env.server'
import { safeRedirectPath, readForm } from '#app/lib/http.server'
import { describeRetry } from '#app/auth/login-throttle.rules'
import { EMAIL_MAX, PASSWORD_MAX, loginSchema } from '#app/models/people/users.schema'

const PASSWORD_OFF_MESSAGE = 'Password sign-in is turned off. Use Sign in with Microsoft.'
const ADMINS_ONLY_MESSAGE = 'Only administrators sign in with a password here. Use Sign in with Microsoft.'

export const meta: MetaFunction = () => [{ title: 'Sign in – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
  if (context.auth) throw redirect(redirectTo)
  return { redirectTo, sso: ssoSettings(context.env) !== null, passwordSignIn: context.env.PASSWORD_SIGN_IN }
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.env.PASSWORD_SIGN_IN === 'off') {
    return data({ fieldErrors: { form: PASSWORD_OFF_MESSAGE }, values: { email: '' } }, { status: 403 })
  }
  const parsed = parseForm(await readForm(request), loginSchema)
  // Only the email is given back: nothing else the post carried is shown again.
  if (!parsed.ok)
    return data({ fieldErrors: parsed.fieldErrors, values: { email: parsed.values.email ?? '' } }, { status: 400 })
  const { email, password, redirectTo } = parsed.data
  const result = await signIn(context.db, context.lucia, {
    email,
    password,
    ip: context.clientAddress,
    env: context.env,
    previousSessionId: context.auth?.session.id,
    adminsOnly: context.env.PASSWORD_SIGN_IN === 'admins-only',
  })
  if (result.ok) return redirect(safeRedirectPath(redirectTo), { headers: { 'Set-Cookie': result.setCookie } })
  const values = { email }
  switch (result.reason) {
    case 'throttled':
      return data({ fieldErrors: { form: describeRetry(result.retryAfterMinutes) }, values }, { status: 429 })
    case 'busy':
      return data(
        { fieldErrors: { form: PASSWORD_CHECK_BUSY_MESSAGE }, values },
        { status: 503, headers: { 'Retry-After': '5' } },
      )
    case 'password-not-allowed':
      return data({ fieldErrors: { form: ADMINS_ONLY_MESSAGE }, values }, { status: 403 })
    case 'incorrect':
      return data({ fieldErrors: { form: 'Email or password is incorrect' }, values }, { status: 400 })
  }
}

export default function LoginPage() {
  const { redirectTo, sso, passwordSignIn } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  return (
    <Card size="4" style={{ maxWidth: '30rem' }}>
      <Heading as="h1" size="7" mb="2">
        Sign in
      </Heading>
      <Text as="p" size="2" color="gray" highContrast mb="4">
        Use the email address your organisation gave you.
      </Text>
      <ErrorSummary errors={errors} labels={{ email: 'Email address', password: 'Password' }} />
      {sso ? (
        <div>
          <Button asChild size="3">
            <a href={`/login/sso?${new URLSearchParams({ redirectTo })}`}>Sign in with Microsoft</a>
          </Button>
        </div>
      ) : null}
      {passwordSignIn === 'off' ? null : (
        <>
          {sso ? (
            <Text as="p" size="2" color="gray" highContrast mt="4" mb="2">
              {passwordSignIn === 'admins-only'
                ? 'Administrators can also sign in with a password.'
                : 'Or sign in with a password.'}
            </Text>
          ) : null}
          <Form method="post" className="form-stack" noValidate>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <FormField
              name="email"
              label="Email address"
              type="email"
              autoComplete="username"
              spellCheck={false}
              maxLength={EMAIL_MAX}
              defaultValue={values.email ?? ''}
              error={errors.email}
              required
            />
            <FormField
              name="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              maxLength={PASSWORD_MAX}
              error={errors.password}
              required
            />
            <div>
              <Button type="submit" size="3" disabled={navigation.state === 'submitting'}>
                {navigation.state === 'submitting' ? 'Signing in…' : 'Sign in'}
              </Button>
            </div>
          </Form>
        </>
      )}
    </Card>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
