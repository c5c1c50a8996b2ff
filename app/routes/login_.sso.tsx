import { type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SsoUnavailableError, startSsoSignIn } from '#app/auth/sso.server'
import { serializeSsoState } from '#app/auth/sso-cookie.server'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { SsoRefusal } from '#app/components/sign-in/sso-refusal'
import { ssoSettings } from '#app/lib/env.server'
import { notFound, safeRedirectPath } from '#app/lib/http.server'

export const meta: MetaFunction = () => [{ title: 'Sign in with Microsoft – OT Capability Portal' }]

// Public: this starts a sign-in. It changes nothing but a short-lived row and cookie, so a link (GET) starts it.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = ssoSettings(context.env)
  if (!settings) throw notFound('Single sign-on is not set up')
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
  if (context.auth) throw redirect(redirectTo)
  let started: { url: string; state: string }
  try {
    started = await startSsoSignIn(context.db, settings, redirectTo)
  } catch (error) {
    if (!(error instanceof SsoUnavailableError)) throw error
    return data({ reason: 'unavailable' as const }, { status: 503, headers: { 'Retry-After': '60' } })
  }
  throw redirect(started.url, {
    headers: { 'Set-Cookie': await serializeSsoState(started.state, context.env.COOKIE_SECURE) },
  })
}

export default function SsoStartPage() {
  const { reason } = useLoaderData<typeof loader>()
  return <SsoRefusal reason={reason} />
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/login', label: 'Back to sign in' }} />
}
