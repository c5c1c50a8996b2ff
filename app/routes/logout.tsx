import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { requireUser } from '#app/auth/guard.server'
import { redirectWithFlash } from '#app/lib/flash.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request)
  // Signing out changes state, so it is a POST (from the header's button); a GET just goes home.
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  await context.lucia.invalidateSession(user.sessionId)
  return redirectWithFlash(
    context.env,
    '/login',
    { message: 'You have signed out.', kind: 'info' },
    { headers: { 'Set-Cookie': context.lucia.createBlankSessionCookie().serialize() } },
  )
}
