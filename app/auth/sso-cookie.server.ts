import { createCookie } from '@remix-run/node'
import { SSO_REQUEST_MINUTES } from '#app/models/people/sso.server'

/**
 * Ties a started single sign-on to the browser that started it: the callback's state must match this cookie, so
 * someone else's callback link cannot sign a victim into the sender's account. SameSite=Lax still sends it when
 * the provider redirects the browser back; it is sent to the sign-in routes only.
 */
function stateCookie(secure: boolean) {
  return createCookie('otp_sso_state', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/login/sso',
    maxAge: SSO_REQUEST_MINUTES * 60,
  })
}

export function serializeSsoState(state: string, secure: boolean): Promise<string> {
  return stateCookie(secure).serialize(state)
}

export function clearSsoState(secure: boolean): Promise<string> {
  return stateCookie(secure).serialize('', { maxAge: 0 })
}

export async function readSsoState(cookieHeader: string | null, secure: boolean): Promise<string | null> {
  try {
    const value: unknown = await stateCookie(secure).parse(cookieHeader)
    return typeof value === 'string' && value ? value : null
  } catch {
    return null
  }
}
