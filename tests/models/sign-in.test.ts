import { describe, expect, it } from 'vitest'
import { signIn } from '#app/auth/sign-in.server'
import { createLucia } from '#app/auth/session.server'
import { recordLoginAttempt } from '#app/auth/login-attempts.server'
import { TEST_PASSWORD, makeUser, uniqueEmail } from '#tests/support/builders'
import { testEnv } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const lucia = createLucia(db, { idleMinutes: 60, absoluteHours: 12, secureCookies: false })
const env = { ...testEnv, LOGIN_MAX_FAILURES_PER_ACCOUNT: 3, LOGIN_MAX_FAILURES_PER_ADDRESS: 5, LOGIN_LOCK_MINUTES: 15 }
let address = 0
const nextIp = () => `198.51.100.${++address}`

describe('signing in', () => {
  it('starts a session for the right password, whatever the email case', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const result = await signIn(db, lucia, {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
      ip: nextIp(),
      env,
    })
    expect(result).toMatchObject({ ok: true, userId: user.id })
  })

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const wrong = await signIn(db, lucia, { email: user.email, password: 'not the password', ip: nextIp(), env })
    const unknown = await signIn(db, lucia, {
      email: uniqueEmail('nobody'),
      password: TEST_PASSWORD,
      ip: nextIp(),
      env,
    })
    expect(wrong).toEqual({ ok: false, reason: 'incorrect' })
    expect(unknown).toEqual(wrong)
  })

  it('refuses an account that has no password yet', async () => {
    const user = await makeUser(db, { password: null })
    expect(await signIn(db, lucia, { email: user.email, password: '', ip: nextIp(), env })).toEqual({
      ok: false,
      reason: 'incorrect',
    })
  })

  it('issues a new session id and ends the one the browser had', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const before = await lucia.createSession(user.id, {})
    const result = await signIn(db, lucia, {
      email: user.email,
      password: TEST_PASSWORD,
      ip: nextIp(),
      env,
      previousSessionId: before.id,
    })
    if (!result.ok) throw new Error('expected success')
    expect(result.setCookie).not.toContain(before.id)
    expect((await lucia.validateSession(before.id)).session).toBeNull()
  })

  it('locks an account after repeated failures and says when to try again', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    for (let i = 0; i < 3; i++) await signIn(db, lucia, { email: user.email, password: 'wrong', ip: nextIp(), env })
    const locked = await signIn(db, lucia, { email: user.email, password: TEST_PASSWORD, ip: nextIp(), env })
    expect(locked).toEqual({ ok: false, reason: 'throttled', retryAfterMinutes: 15 })
  })

  it('lifts the account lock once the failures are older than the window', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const longAgo = new Date(Date.now() - 16 * 60_000)
    for (let i = 0; i < 3; i++)
      await recordLoginAttempt(db, { email: user.email, ip: nextIp(), succeeded: false, at: longAgo })
    expect(await signIn(db, lucia, { email: user.email, password: TEST_PASSWORD, ip: nextIp(), env })).toMatchObject({
      ok: true,
    })
  })

  it('limits one address trying many accounts', async () => {
    const ip = nextIp()
    for (let i = 0; i < 5; i++) await signIn(db, lucia, { email: uniqueEmail('spray'), password: 'guess', ip, env })
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const result = await signIn(db, lucia, { email: user.email, password: TEST_PASSWORD, ip, env })
    expect(result).toMatchObject({ ok: false, reason: 'throttled' })
    expect(await signIn(db, lucia, { email: user.email, password: TEST_PASSWORD, ip: nextIp(), env })).toMatchObject({
      ok: true,
    })
  })

  it('checks at most the account limit of 30 wrong passwords sent at once, and refuses the rest', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const results = await Promise.all(
      Array.from({ length: 30 }, () => signIn(db, lucia, { email: user.email, password: 'guess', ip: nextIp(), env })),
    )
    const checked = results.filter((result) => !result.ok && result.reason === 'incorrect')
    expect(checked).toHaveLength(env.LOGIN_MAX_FAILURES_PER_ACCOUNT)
    expect(results.filter((result) => !result.ok && result.reason === 'throttled')).toHaveLength(
      30 - env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    )
    const recorded = await db
      .selectFrom('login_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email_key', '=', user.email.toLowerCase())
      .executeTakeFirstOrThrow()
    expect(Number(recorded.n)).toBe(env.LOGIN_MAX_FAILURES_PER_ACCOUNT)
  })

  it('checks at most the address limit of 30 guesses at different accounts sent at once from one address', async () => {
    const ip = nextIp()
    const results = await Promise.all(
      Array.from({ length: 30 }, () => signIn(db, lucia, { email: uniqueEmail('race'), password: 'guess', ip, env })),
    )
    const checked = results.filter((result) => !result.ok && result.reason === 'incorrect')
    expect(checked).toHaveLength(env.LOGIN_MAX_FAILURES_PER_ADDRESS)
  })

  it('still lets the right password in when it arrives among wrong ones below the limit', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const attempts = [TEST_PASSWORD, 'guess', 'guess'].map((password) =>
      signIn(db, lucia, { email: user.email, password, ip: nextIp(), env }),
    )
    const results = await Promise.all(attempts)
    expect(results[0]).toMatchObject({ ok: true })
    const after = await signIn(db, lucia, { email: user.email, password: TEST_PASSWORD, ip: nextIp(), env })
    expect(after).toMatchObject({ ok: true })
  })

  it('records successful sign-ins in the audit trail', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    await signIn(db, lucia, { email: user.email, password: TEST_PASSWORD, ip: nextIp(), env })
    const events = await db.selectFrom('audit_event').select('action').where('subject_id', '=', user.id).execute()
    expect(events.map((e) => e.action)).toContain('user.signed_in')
  })
})
