import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { beginLoginAttempt, finishLoginAttempt } from './login-attempts.server'
import { WrongPasswordError, changePassword } from '#app/models/people/users.server'
import { hashSessionId } from './lucia-adapter.server'
import { PasswordHashingBusyError } from '#app/lib/password.server'
import { type ThrottleEnv, loginThrottleSettings } from './sign-in.server'

export type PasswordChangeResult =
  | { ok: true }
  | { ok: false; reason: 'incorrect'; message: string }
  | { ok: false; reason: 'throttled'; retryAfterMinutes: number }
  | { ok: false; reason: 'busy' }

/**
 * A signed-in person's own password change. Checking the current password is a password guess like a sign-in,
 * so it is limited and counted with the account's sign-in attempts: a session left open cannot be used to find
 * the password.
 */
export async function changeOwnPassword(
  db: Kysely<DB>,
  input: {
    user: { id: string; email: string; sessionId: string }
    currentPassword: string
    newPassword: string
    ip: string
    env: ThrottleEnv
  },
): Promise<PasswordChangeResult> {
  const attempt = await beginLoginAttempt(db, {
    email: input.user.email,
    ip: input.ip,
    settings: loginThrottleSettings(input.env),
  })
  if (!attempt.allowed) return { ok: false, reason: 'throttled', retryAfterMinutes: attempt.retryAfterMinutes }
  try {
    await changePassword(db, {
      userId: input.user.id,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      keepSessionHash: hashSessionId(input.user.sessionId),
    })
  } catch (error) {
    if (error instanceof WrongPasswordError) {
      await finishLoginAttempt(db, attempt.attemptId, 'failed')
      return { ok: false, reason: 'incorrect', message: error.message }
    }
    if (error instanceof PasswordHashingBusyError) {
      await finishLoginAttempt(db, attempt.attemptId, 'not-checked')
      return { ok: false, reason: 'busy' }
    }
    throw error
  }
  await finishLoginAttempt(db, attempt.attemptId, 'succeeded')
  return { ok: true }
}
