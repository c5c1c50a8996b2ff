import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { type ThrottleDecision, type ThrottlePolicy, decideThrottle } from './login-throttle.rules'
import { normaliseEmail } from '#app/models/people/users.schema'

export interface LoginThrottleSettings {
  maxFailuresPerAccount: number
  maxFailuresPerAddress: number
  lockMinutes: number
}

export type LoginAttemptStart = { allowed: true; attemptId: number } | { allowed: false; retryAfterMinutes: number }

/**
 * Starts a password check for an account from an address, or refuses it. Attempts are limited per account
 * (failures since the last success) and per address (all failures), counted in the database so that every app
 * instance sees the same counts. The count and the new attempt are written in one transaction holding a lock per
 * account and per address, so attempts sent at the same moment are counted one after another: at most the limit
 * are ever checked. The attempt counts as a failure until `finishLoginAttempt` says otherwise.
 */
export async function beginLoginAttempt(
  db: Kysely<DB>,
  input: { email: string; ip: string; settings: LoginThrottleSettings; now?: Date },
): Promise<LoginAttemptStart> {
  const emailKey = normaliseEmail(input.email)
  return db.transaction().execute(async (trx) => {
    // Always the account first, then the address, so two attempts never each hold a lock the other is waiting for.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`login-account:${emailKey}`}, 0))`.execute(trx)
    await sql`select pg_advisory_xact_lock(hashtextextended(${`login-address:${input.ip}`}, 0))`.execute(trx)
    const decision = await decideLoginThrottle(trx, { ...input, emailKey })
    if (!decision.allowed) return decision
    const { id } = await trx
      .insertInto('login_attempt')
      .values({ email_key: emailKey, ip: input.ip, succeeded: false, at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { allowed: true, attemptId: id }
  })
}

/** Records how a started attempt ended; one whose password was never checked (the server was busy) is forgotten. */
export async function finishLoginAttempt(
  db: Kysely<DB>,
  attemptId: number,
  outcome: 'succeeded' | 'failed' | 'not-checked',
): Promise<void> {
  if (outcome === 'succeeded') {
    await db.updateTable('login_attempt').set({ succeeded: true }).where('id', '=', attemptId).execute()
  } else if (outcome === 'not-checked') {
    await db.deleteFrom('login_attempt').where('id', '=', attemptId).execute()
  }
}

async function decideLoginThrottle(
  db: Kysely<DB>,
  input: { emailKey: string; ip: string; settings: LoginThrottleSettings; now?: Date },
): Promise<ThrottleDecision> {
  const now = input.now ?? new Date()
  const since = new Date(now.getTime() - input.settings.lockMinutes * 60_000)
  const lastSuccess = db
    .selectFrom('login_attempt')
    .select(sql<Date>`max(at)`.as('at'))
    .where('email_key', '=', input.emailKey)
    .where('succeeded', '=', true)
  const accountFailures = await db
    .selectFrom('login_attempt')
    .select('at')
    .where('email_key', '=', input.emailKey)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
    .orderBy('at', 'desc')
    .limit(input.settings.maxFailuresPerAccount)
    .execute()
  const addressFailures = await db
    .selectFrom('login_attempt')
    .select('at')
    .where('ip', '=', input.ip)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(input.settings.maxFailuresPerAddress)
    .execute()
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

/** Deletes sign-in attempts made before the given time; returns how many. */
export async function deleteLoginAttemptsBefore(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db.deleteFrom('login_attempt').where('at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
