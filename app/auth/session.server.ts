import type { Kysely } from 'kysely'
import { Lucia, type Session, TimeSpan, type User } from 'lucia'
import type { DB } from '#db/schema'
import { KyselySessionAdapter, type SessionUserAttributes } from './lucia-adapter.server'

export const SESSION_COOKIE_NAME = 'otp_session'

export interface AuthOptions {
  idleMinutes: number
  absoluteHours: number
  secureCookies: boolean
}

export function createLucia(db: Kysely<DB>, options: AuthOptions) {
  return new Lucia(new KyselySessionAdapter(db, options.absoluteHours), {
    sessionExpiresIn: new TimeSpan(options.idleMinutes, 'm'),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      // HttpOnly, SameSite=Lax, Path=/; the cookie lasts as long as the idle limit and is renewed with the session.
      attributes: { secure: options.secureCookies, sameSite: 'lax' },
    },
    getUserAttributes: (attributes) => attributes,
  })
}

export type AppLucia = ReturnType<typeof createLucia>
export type SessionUser = User
export type AppSession = Session
export interface AuthState {
  user: SessionUser
  session: AppSession
}

declare module 'lucia' {
  interface Register {
    Lucia: AppLucia
    DatabaseUserAttributes: SessionUserAttributes
  }
}

/**
 * The session cookie's value, read here rather than by lucia's reader: that one decodes every cookie in the header
 * and throws on a malformed percent-escape in any of them, so a cookie another site on the domain set (or any
 * client) made every page a server error. A session id is lower-case base32, never escaped, so it is taken as sent.
 */
export function readSessionId(cookieHeader: string | undefined): string | null {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const at = pair.indexOf('=')
    if (at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE_NAME) return pair.slice(at + 1).trim() || null
  }
  return null
}

/** Validates the cookie once per request; returns the cookie to set, if the session was refreshed or is gone. */
export async function validateRequestSession(
  lucia: AppLucia,
  cookieHeader: string | undefined,
): Promise<{ auth: AuthState | null; setCookie: string | null }> {
  const sessionId = readSessionId(cookieHeader)
  if (!sessionId) return { auth: null, setCookie: null }
  const { session, user } = await lucia.validateSession(sessionId)
  if (!session) return { auth: null, setCookie: lucia.createBlankSessionCookie().serialize() }
  const setCookie = session.fresh ? lucia.createSessionCookie(session.id).serialize() : null
  return { auth: { user, session }, setCookie }
}
