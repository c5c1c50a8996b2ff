import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { type ThrottleDecision, type ThrottlePolicy, decideThrottle } from './login-throttle.rules'
import { normaliseEmail } from '#app/models/people/users.schema'

export interface LoginThrottleSettings {
  maxFailuresPerAccount: number
  maxFailuresPerAddress: number
  lockMinutes: number
}

/**
 * Sign-in attempts are limited per account (failures since the last success) and per address (all
 * failures), both in the database so that every app instance sees the same counts.
 */
export async function checkLoginThrottle(
  db: Kysely<DB>,
  input: { email: string; ip: string; settings: LoginThrottleSettings; now?: Date },
): Promise<ThrottleDecision> {
  const now = input.now ?? new Date()
  const since = new Date(now.getTime() - input.settings.lockMinutes * 60_000)
  const emailKey = normaliseEmail(input.email)
  const lastSuccess = db
    .selectFrom('login_attempt')
    .select(sql<Date>`max(at)`.as('at'))
    .where('email_key', '=', emailKey)
    .where('succeeded', '=', true)
  const [accountFailures, addressFailures] = await Promise.all([
    db
      .selectFrom('login_attempt')
      .select('at')
      .where('email_key', '=', emailKey)
      .where('succeeded', '=', false)
      .where('at', '>', since)
      .where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
      .orderBy('at', 'desc')
      .limit(input.settings.maxFailuresPerAccount)
      .execute(),
    db
      .selectFrom('login_attempt')
      .select('at')
      .where('ip', '=', input.ip)
      .where('succeeded', '=', false)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(input.settings.maxFailuresPerAddress)
      .execute(),
  ])
  const window = input.settings.lockMinutes
  const byAccount: ThrottlePolicy = { maxFailures: input.settings.maxFailuresPerAccount, windowMinutes: window }
  const byAddress: ThrottlePolicy = { maxFailures: input.settings.maxFailuresPerAddress, windowMinutes: window }
  const decisions = [
    decideThrottle(
      accountFailures.map((row) => new Date(row.at)),
      now,
      byAccount,
    ),
    decideThrottle(
      addressFailures.map((row) => new Date(row.at)),
      now,
      byAddress,
    ),
  ]
  const refusals = decisions.filter((decision) => !decision.allowed)
  if (refusals.length === 0) return { allowed: true }
  return { allowed: false, retryAfterMinutes: Math.max(...refusals.map((decision) => decision.retryAfterMinutes)) }
}

export async function recordLoginAttempt(
  db: Kysely<DB>,
  input: { email: string; ip: string; succeeded: boolean; at?: Date },
): Promise<void> {
  await db
    .insertInto('login_attempt')
    .values({ email_key: normaliseEmail(input.email), ip: input.ip, succeeded: input.succeeded, at: input.at })
    .execute()
}
