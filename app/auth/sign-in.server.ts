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
  input: { email: string; password: string; ip: string; env: ThrottleEnv; previousSessionId?: string },
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

  if (input.previousSessionId) await lucia.invalidateSession(input.previousSessionId)
  const session = await lucia.createSession(candidate.id, {})
  await recordAudit(db, {
    actorId: candidate.id,
    action: 'user.signed_in',
    subjectKind: 'person',
    subjectId: candidate.id,
  })
  return { ok: true, userId: candidate.id, setCookie: lucia.createSessionCookie(session.id).serialize() }
}
