import { Button, Card, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { NewPasswordFields } from '#app/components/people/new-password-fields'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDateTime } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm } from '#app/lib/forms'
import { readForm } from '#app/lib/http.server'
import { PASSWORD_CHECK_BUSY_MESSAGE, PasswordHashingBusyError } from '#app/lib/password.server'
import { checkResetToken, redeemPasswordReset } from '#app/models/people/password-reset.server'
import { resetPasswordSchema } from '#app/models/people/users.schema'

// Public: whoever holds the link may use it once, signed in or not; the token in the address is the credential.

export const meta: MetaFunction = () => [{ title: 'Set a new password – OT Capability Portal' }]

/** The link must not travel on in a Referer header, nor stay in a cache. */
const PRIVATE_HEADERS = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' }

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const merged = new Headers(PRIVATE_HEADERS)
  for (const source of [loaderHeaders, actionHeaders]) source.forEach((value, key) => merged.set(key, value))
  return merged
}

type Unusable = 'expired' | 'used' | 'unknown'
const STATUS: Record<Unusable, number> = { expired: 410, used: 410, unknown: 404 }

function unusable(state: Unusable) {
  return data({ state, fieldErrors: {} as Record<string, string> }, { status: STATUS[state], headers: PRIVATE_HEADERS })
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const checked = await checkResetToken(context.db, params.token ?? '')
  if (checked.state !== 'valid') return unusable(checked.state)
  return data(
    { state: 'valid' as const, name: checked.personName, expiresAt: checked.expiresAt.toISOString() },
    { headers: PRIVATE_HEADERS },
  )
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? ''
  const parsed = parseForm(await readForm(request), resetPasswordSchema)
  if (!parsed.ok) {
    const checked = await checkResetToken(context.db, token)
    if (checked.state !== 'valid') return unusable(checked.state)
    return data({ state: 'valid' as const, fieldErrors: parsed.fieldErrors }, { status: 400, headers: PRIVATE_HEADERS })
  }
  let result: Awaited<ReturnType<typeof redeemPasswordReset>>
  try {
    result = await redeemPasswordReset(context.db, { token, newPassword: parsed.data.newPassword })
  } catch (error) {
    if (!(error instanceof PasswordHashingBusyError)) throw error
    return data(
      { state: 'valid' as const, fieldErrors: { form: PASSWORD_CHECK_BUSY_MESSAGE } },
      { status: 503, headers: { ...PRIVATE_HEADERS, 'Retry-After': '5' } },
    )
  }
  if (!result.ok) return unusable(result.state)
  return redirectWithFlash(context.env, '/login', {
    message: 'Your new password is set, and any sessions you had open have been signed out. Sign in with it now.',
    kind: 'success',
  })
}

const UNUSABLE_TEXT: Record<Unusable, { title: string; body: string }> = {
  expired: {
    title: 'This link has expired',
    body: 'Reset links work for a limited time. Ask your administrator for a new one.',
  },
  used: {
    title: 'This link has already been used',
    body: 'Each reset link works once. If you did not set your password with it, ask your administrator for a new one.',
  },
  unknown: {
    title: 'This link does not work',
    body: 'It may have been copied incompletely, or replaced by a newer link. Ask your administrator for a new one.',
  },
}

export default function ResetPasswordPage() {
  const loaded = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const state: 'valid' | Unusable = result?.state ?? loaded.state
  if (state !== 'valid') {
    const text = UNUSABLE_TEXT[state]
    return (
      <Card size="4" style={{ maxWidth: '34rem' }}>
        <Heading as="h1" size="7" mb="3">
          {text.title}
        </Heading>
        <Text as="p" mb="4">
          {text.body}
        </Text>
        <ThemeLink asChild>
          <Link to="/login">Go to sign in</Link>
        </ThemeLink>
      </Card>
    )
  }
  const errors: Record<string, string> = result?.fieldErrors ?? {}
  return (
    <Card size="4" style={{ maxWidth: '34rem' }}>
      <Heading as="h1" size="7" mb="2">
        Set a new password
      </Heading>
      {'name' in loaded ? (
        <Text as="p" mb="4" color="gray" highContrast>
          For {loaded.name}. This link works once, until {formatUkDateTime(loaded.expiresAt)}.
        </Text>
      ) : null}
      <ErrorSummary
        errors={errors}
        labels={{ newPassword: 'New password', confirmPassword: 'Confirm new password', form: 'Form' }}
      />
      <Form method="post" className="form-stack" aria-label="Set a new password" noValidate>
        <NewPasswordFields errors={errors} />
        <div>
          <Button type="submit" size="3">
            Set password
          </Button>
        </div>
      </Form>
    </Card>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/login', label: 'Go to sign in' }} />
}
