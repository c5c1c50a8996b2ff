import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { hashSessionId } from '#app/auth/lucia-adapter.server'
import { createLucia } from '#app/auth/session.server'
import { signIn } from '#app/auth/sign-in.server'
import { purgeSignInRecords } from '#app/auth/sign-in-records.server'
import { recordLoginAttempt } from '#app/auth/login-attempts.server'
import { saveSsoLoginRequest } from '#app/models/people/sso.server'
import { TEST_PASSWORD, makeUser, uniqueEmail } from '#tests/support/builders'
import { testEnv } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const lucia = createLucia(db, { idleMinutes: 60, absoluteHours: 12, secureCookies: false })
const settings = { absoluteHours: 12, lockMinutes: 15 }
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000)

async function sessionExists(sessionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_session')
    .select('id')
    .where('id', '=', hashSessionId(sessionId))
    .executeTakeFirst()
  return row !== undefined
}

async function attemptsFor(email: string): Promise<number> {
  const row = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email_key', '=', email.toLowerCase())
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('purging sign-in records', () => {
  it('removes sessions past their idle expiry or their absolute limit, and keeps live ones', async () => {
    const user = await makeUser(db)
    const idle = await lucia.createSession(user.id, {})
    const old = await lucia.createSession(user.id, {})
    const live = await lucia.createSession(user.id, {})
    // Sessions only reach these states with time; the test writes the times directly.
    await db
      .updateTable('user_session')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('id', '=', hashSessionId(idle.id))
      .execute()
    await db
      .updateTable('user_session')
      .set({ created_at: sql<Date>`now() - interval '13 hours'` } as never)
      .where('id', '=', hashSessionId(old.id))
      .execute()

    const removed = await purgeSignInRecords(db, settings)

    expect(removed.sessions).toBeGreaterThanOrEqual(2)
    expect(await sessionExists(idle.id)).toBe(false)
    expect(await sessionExists(old.id)).toBe(false)
    expect(await sessionExists(live.id)).toBe(true)
    expect((await lucia.validateSession(live.id)).session).not.toBeNull()
  })

  it('removes sign-in attempts a day older than the lock window and keeps the recent ones', async () => {
    const email = uniqueEmail('attempts')
    for (const at of [hoursAgo(30), hoursAgo(24.5), hoursAgo(23), hoursAgo(0.1)]) {
      await recordLoginAttempt(db, { email, ip: '192.0.2.50', succeeded: false, at })
    }
    const removed = await purgeSignInRecords(db, settings)
    expect(removed.attempts).toBeGreaterThanOrEqual(2)
    expect(await attemptsFor(email)).toBe(2)
  })

  it('removes single sign-ons started more than ten minutes ago and never finished, and keeps newer ones', async () => {
    const request = { nonce: 'n', codeVerifier: 'v'.repeat(43), redirectTo: '/' }
    await saveSsoLoginRequest(db, { ...request, state: 'abandoned-state' })
    await saveSsoLoginRequest(db, { ...request, state: 'recent-state' })
    // Only time makes a request stale; the test writes the time directly.
    await db
      .updateTable('sso_login_request')
      .set({ created_at: sql<Date>`now() - interval '11 minutes'` } as never)
      .where('state', '=', 'abandoned-state')
      .execute()
    const removed = await purgeSignInRecords(db, settings)
    expect(removed.ssoRequests).toBe(1)
    const left = await db.selectFrom('sso_login_request').select('state').execute()
    expect(left.map((row) => row.state)).toEqual(['recent-state'])
  })

  it('leaves an account that is locked out locked', async () => {
    const env = { ...testEnv, LOGIN_MAX_FAILURES_PER_ACCOUNT: 3 }
    const user = await makeUser(db, { password: TEST_PASSWORD })
    for (let i = 0; i < 3; i++) {
      await signIn(db, lucia, { email: user.email, password: 'wrong', ip: `192.0.2.${60 + i}`, env })
    }
    await purgeSignInRecords(db, settings)
    const result = await signIn(db, lucia, { email: user.email, password: TEST_PASSWORD, ip: '192.0.2.70', env })
    expect(result).toMatchObject({ ok: false, reason: 'throttled' })
  })
})
