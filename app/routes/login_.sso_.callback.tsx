import { type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { finishSsoSignIn } from '#app/auth/sso.server'
import { clearSsoState, readSsoState } from '#app/auth/sso-cookie.server'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { SsoRefusal } from '#app/components/sign-in/sso-refusal'
import { ssoSettings } from '#app/lib/env.server'
import { notFound, safeRedirectPath } from '#app/lib/http.server'

export const meta: MetaFunction = () => [{ title: 'Signing in – OT Capability Portal' }]

// Public: the provider sends the browser here with a code; everything it carries is checked before anyone is let in.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = ssoSettings(context.env)
  if (!settings) throw notFound('Single sign-on is not set up')
  const secure = context.env.COOKIE_SECURE
  const headers = new Headers({ 'Set-Cookie': await clearSsoState(secure) })
  const result = await finishSsoSignIn(context.db, context.lucia, settings, {
    params: new URL(request.url).searchParams,
    stateCookie: await readSsoState(request.headers.get('Cookie'), secure),
    previousSessionId: context.auth?.session.id,
  })
  if (!result.ok) {
    const status = result.reason === 'unavailable' ? 503 : result.reason === 'state' ? 400 : 403
    return data({ reason: result.reason }, { status, headers })
  }
  headers.append('Set-Cookie', result.setCookie)
  throw redirect(safeRedirectPath(result.redirectTo), { headers })
}

export default function SsoCallbackPage() {
  const { reason } = useLoaderData<typeof loader>()
  return <SsoRefusal reason={reason} />
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/login', label: 'Back to sign in' }} />
}
