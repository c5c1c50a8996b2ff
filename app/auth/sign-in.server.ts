import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import type { Env } from '#app/lib/env.server'
import { recordAudit } from '#app/models/shared/audit.server'
import { type LoginThrottleSettings, beginLoginAttempt, finishLoginAttempt } from './login-attempts.server'
import { getLoginCandidate } from '#app/models/people/users.server'
import { PasswordHashingBusyError, verifyPassword } from '#app/lib/password.server'
import type { AppLucia } from './session.server'

export type SignInResult =
  | { ok: true; userId: string; setCookie: string }
  | { ok: false; reason: 'incorrect' }
  | { ok: false; reason: 'throttled'; retryAfterMinutes: number }
  | { ok: false; reason: 'busy' }
  | { ok: false; reason: 'password-not-allowed' }

export type ThrottleEnv = Pick<
  Env,
  'LOGIN_MAX_FAILURES_PER_ACCOUNT' | 'LOGIN_MAX_FAILURES_PER_ADDRESS' | 'LOGIN_LOCK_MINUTES'
>

export function loginThrottleSettings(env: ThrottleEnv): LoginThrottleSettings {
  return {
    maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
    lockMinutes: env.LOGIN_LOCK_MINUTES,
  }
}

/**
 * Checks the password (the same answer for an unknown email and a wrong password) and starts a new
 * session; the old session, if any, ends so that a session id never survives a sign-in.
 */
export async function signIn(
  db: Kysely<DB>,
  lucia: AppLucia,
  input: {
    email: string
    password: string
    ip: string
    env: ThrottleEnv
    previousSessionId?: string
    /** PASSWORD_SIGN_IN=admins-only: everyone else signs in through single sign-on. */
    adminsOnly?: boolean
  },
): Promise<SignInResult> {
  const attempt = await beginLoginAttempt(db, {
    email: input.email,
    ip: input.ip,
    settings: loginThrottleSettings(input.env),
  })
  if (!attempt.allowed) return { ok: false, reason: 'throttled', retryAfterMinutes: attempt.retryAfterMinutes }

  const candidate = await getLoginCandidate(db, input.email)
  let matches: boolean
  try {
    matches = await verifyPassword(candidate?.passwordHash, input.password)
  } catch (error) {
    if (!(error instanceof PasswordHashingBusyError)) throw error
    await finishLoginAttempt(db, attempt.attemptId, 'not-checked')
    return { ok: false, reason: 'busy' }
  }
  await finishLoginAttempt(db, attempt.attemptId, candidate && matches ? 'succeeded' : 'failed')
  if (!candidate || !matches) return { ok: false, reason: 'incorrect' }
  // Said only to someone who gave the right password, so it tells a stranger nothing about the account.
  if (input.adminsOnly && !candidate.isAdmin) return { ok: false, reason: 'password-not-allowed' }

  const setCookie = await startSession(db, lucia, {
    userId: candidate.id,
    previousSessionId: input.previousSessionId,
    method: 'password',
  })
  return { ok: true, userId: candidate.id, setCookie }
}

/**
 * Starts a session for someone whose identity is settled (by password or single sign-on): the old session, if
 * any, ends, the sign-in is audited, and the session cookie to set comes back.
 */
export async function startSession(
  db: Kysely<DB>,
  lucia: AppLucia,
  input: { userId: string; previousSessionId?: string; method: 'password' | 'sso' },
): Promise<string> {
  if (input.previousSessionId) await lucia.invalidateSession(input.previousSessionId)
  const session = await lucia.createSession(input.userId, {})
  await recordAudit(db, {
    actorId: input.userId,
    action: 'user.signed_in',
    subjectKind: 'person',
    subjectId: input.userId,
    ...(input.method === 'sso' ? { data: { method: 'sso' } } : {}),
  })
  return lucia.createSessionCookie(session.id).serialize()
}
