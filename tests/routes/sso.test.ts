import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SESSION_COOKIE_NAME } from '#app/auth/session.server'
import { parseEnv } from '#app/lib/env.server'
import * as login from '#app/routes/login'
import * as start from '#app/routes/login_.sso'
import * as callback from '#app/routes/login_.sso_.callback'
import { TEST_PASSWORD, makeUser, uniqueEmail } from '#tests/support/builders'
import { type TestProvider, signInAtProvider, startTestProvider } from '#tests/support/oidc-provider'
import { TEST_ORIGIN, contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
let provider: TestProvider
let ssoEnv: ReturnType<typeof parseEnv>
let address = 0

beforeAll(async () => {
  provider = await startTestProvider({ redirectUri: `${TEST_ORIGIN}/login/sso/callback` })
  ssoEnv = envWith(provider.env)
})
afterAll(() => provider.close())

function envWith(extra: Record<string, string>) {
  return parseEnv({ NODE_ENV: 'test', FLASH_SECRET: 'test-flash-secret-that-is-long-enough-0123', ...extra })
}

async function visitor(env = ssoEnv) {
  const context = await contextFor(database, null, { clientAddress: `198.51.100.${++address}` })
  return { ...context, env }
}

function sessionCookieIn(headers: Headers): string | undefined {
  return headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .find((pair) => pair.startsWith(`${SESSION_COOKIE_NAME}=`) && pair.length > SESSION_COOKIE_NAME.length + 1)
}

/** The provider knows this person by a subject of their own, with the given claims. */
function atProvider(claims: { email?: string; email_verified?: boolean }) {
  const subject = `sub-${crypto.randomUUID()}`
  provider.accounts.set(subject, { name: 'Test person', ...claims })
  return subject
}

/** From the portal's Sign in with Microsoft link through the provider and back to the callback. */
async function signInWithSso(subject: string, options: { beforeProvider?: (state: string) => Promise<void> } = {}) {
  const context = await visitor()
  const started = await run(start.loader, getRequest('/login/sso?redirectTo=%2Fevidence%3Fq%3Da'), context)
  expect(started.status).toBe(302)
  const stateCookie = started.headers.getSetCookie()[0].split(';')[0]
  const state = new URL(started.location!).searchParams.get('state')!
  await options.beforeProvider?.(state)
  const back = await signInAtProvider(provider, started.location!, subject)
  const request = () => getRequest(`${back.pathname}${back.search}`, { Cookie: stateCookie })
  const outcome = await run(callback.loader, request(), context)
  return { outcome, context, replay: () => run(callback.loader, request(), context) }
}

async function sessionsOf(userId: string) {
  return db.selectFrom('user_session').select('id').where('user_id', '=', userId).execute()
}

async function expectRefused(
  result: Awaited<ReturnType<typeof signInWithSso>>,
  reason: string,
  userId?: string,
  status = 403,
) {
  expect(result.outcome.status).toBe(status)
  expect(result.outcome.data).toEqual({ reason })
  expect(sessionCookieIn(result.outcome.headers)).toBeUndefined()
  if (userId) expect(await sessionsOf(userId)).toEqual([])
}

describe('the sign-in page with single sign-on', () => {
  it('offers Sign in with Microsoft only when single sign-on is set up', async () => {
    const withSso = await run(login.loader, getRequest('/login'), await visitor())
    expect(withSso.data).toMatchObject({ sso: true, passwordSignIn: 'on' })
    const without = await run(login.loader, getRequest('/login'), await visitor(envWith({})))
    expect(without.data).toMatchObject({ sso: false })
  })

  it('has no single sign-on routes when it is not set up', async () => {
    const context = await visitor(envWith({}))
    expect((await run(start.loader, getRequest('/login/sso'), context)).status).toBe(404)
    expect((await run(callback.loader, getRequest('/login/sso/callback?code=x&state=y'), context)).status).toBe(404)
  })

  it('sends someone already signed in straight on', async () => {
    const user = await makeUser(db)
    const context = { ...(await contextFor(database, user)), env: ssoEnv }
    const outcome = await run(start.loader, getRequest('/login/sso?redirectTo=/evidence'), context)
    expect(outcome).toMatchObject({ status: 302, location: '/evidence' })
  })

  it('says single sign-on is unavailable, with no error page, when the provider cannot be reached', async () => {
    const env = envWith({ ...provider.env, OIDC_ISSUER: 'http://127.0.0.1:9/unreachable' })
    const outcome = await run(start.loader, getRequest('/login/sso'), await visitor(env))
    expect(outcome.status).toBe(503)
    expect(outcome.data).toEqual({ reason: 'unavailable' })
  })
})

describe('signing in with Microsoft', () => {
  it('signs in a person whose verified work email matches, links them and starts a session as a password does', async () => {
    const user = await makeUser(db)
    const subject = atProvider({ email: user.email.toUpperCase(), email_verified: true })
    const { outcome, context } = await signInWithSso(subject)
    expect(outcome).toMatchObject({ status: 302, location: '/evidence?q=a' })
    const cookie = sessionCookieIn(outcome.headers)!
    const validated = await context.lucia.validateSession(cookie.split('=')[1])
    expect(validated.user?.id).toBe(user.id)
    // The state cookie is cleared whatever the outcome.
    expect(outcome.headers.getSetCookie().some((line) => /^otp_sso_state=;.*Max-Age=0/i.test(line))).toBe(true)
    const link = await db.selectFrom('sso_identity').selectAll().where('user_id', '=', user.id).execute()
    expect(link).toMatchObject([{ issuer: provider.issuer, subject }])
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'data'])
      .where('subject_id', '=', user.id)
      .where('action', 'in', ['user.signed_in', 'user.sso_linked'])
      .orderBy('id')
      .execute()
    expect(audit).toEqual([
      { action: 'user.sso_linked', data: { issuer: provider.issuer } },
      { action: 'user.signed_in', data: { method: 'sso' } },
    ])
  })

  it('finds a linked person by their subject later, even after their email address changed', async () => {
    const user = await makeUser(db)
    const subject = atProvider({ email: user.email, email_verified: true })
    expect((await signInWithSso(subject)).outcome.status).toBe(302)
    const renamed = uniqueEmail('renamed')
    await db.updateTable('app_user').set({ email: renamed }).where('id', '=', user.id).execute()
    // The provider now sends an address the portal does not know, and does not say it is verified.
    provider.accounts.set(subject, { email: 'someone.else@example.org', email_verified: false })
    const { outcome, context } = await signInWithSso(subject)
    expect(outcome.status).toBe(302)
    const validated = await context.lucia.validateSession(sessionCookieIn(outcome.headers)!.split('=')[1])
    expect(validated.user?.id).toBe(user.id)
  })

  it('refuses a person with no portal account', async () => {
    const subject = atProvider({ email: uniqueEmail('stranger'), email_verified: true })
    await expectRefused(await signInWithSso(subject), 'unknown')
  })

  it('refuses a deactivated person, whether matched by email or already linked', async () => {
    const byEmail = await makeUser(db)
    await db.updateTable('app_user').set({ active: false }).where('id', '=', byEmail.id).execute()
    await expectRefused(
      await signInWithSso(atProvider({ email: byEmail.email, email_verified: true })),
      'deactivated',
      byEmail.id,
    )

    const linked = await makeUser(db)
    const subject = atProvider({ email: linked.email, email_verified: true })
    expect((await signInWithSso(subject)).outcome.status).toBe(302)
    await db.deleteFrom('user_session').where('user_id', '=', linked.id).execute()
    await db.updateTable('app_user').set({ active: false }).where('id', '=', linked.id).execute()
    await expectRefused(await signInWithSso(subject), 'deactivated', linked.id)
  })

  it('does not match by an email address the provider has not verified', async () => {
    const user = await makeUser(db)
    await expectRefused(
      await signInWithSso(atProvider({ email: user.email, email_verified: false })),
      'unverified-email',
      user.id,
    )
    await expectRefused(await signInWithSso(atProvider({ email: user.email })), 'unverified-email', user.id)
    expect(await db.selectFrom('sso_identity').select('subject').where('user_id', '=', user.id).execute()).toEqual([])
  })

  it('does not link a second identity to an account by email', async () => {
    const user = await makeUser(db)
    expect((await signInWithSso(atProvider({ email: user.email, email_verified: true }))).outcome.status).toBe(302)
    await db.deleteFrom('user_session').where('user_id', '=', user.id).execute()
    await expectRefused(
      await signInWithSso(atProvider({ email: user.email, email_verified: true })),
      'linked-elsewhere',
      user.id,
    )
  })

  it('refuses when the provider says no (an error in the callback)', async () => {
    const result = await signInWithSso('nobody-at-the-provider')
    await expectRefused(result, 'provider')
  })
})

describe('the checks on the callback and the ID token', () => {
  /** Signs in with the ID token changed at the provider; `warned` is what the server logged about the refusal. */
  async function withTamperedToken(tamper: TestProvider['tamper']) {
    const user = await makeUser(db)
    const subject = atProvider({ email: user.email, email_verified: true })
    provider.tamper = tamper
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const result = await signInWithSso(subject)
      return { result, user, warned: warn.mock.calls.map((call) => String(call[0])).join('\n') }
    } finally {
      warn.mockRestore()
      provider.tamper = null
    }
  }

  it('accepts an ID token re-signed unchanged with the provider key (the tampering itself is sound)', async () => {
    const { result } = await withTamperedToken({})
    expect(result.outcome.status).toBe(302)
  })

  it('refuses an ID token for another audience', async () => {
    const { result, user, warned } = await withTamperedToken({
      claims: (c) => ({ ...c, aud: 'another-application' }),
    })
    await expectRefused(result, 'token', user.id)
    expect(warned).toMatch(/"aud"/)
  })

  it('refuses an expired ID token', async () => {
    const now = Math.floor(Date.now() / 1000)
    const { result, user, warned } = await withTamperedToken({
      claims: (c) => ({ ...c, iat: now - 7200, exp: now - 3600 }),
    })
    await expectRefused(result, 'token', user.id)
    expect(warned).toMatch(/"exp"/)
  })

  it('refuses an ID token from another issuer', async () => {
    const { result, user, warned } = await withTamperedToken({
      claims: (c) => ({ ...c, iss: 'https://login.example.org' }),
    })
    await expectRefused(result, 'token', user.id)
    expect(warned).toMatch(/"iss"/)
  })

  it('refuses an ID token signed with a key the provider does not publish', async () => {
    const { result, user, warned } = await withTamperedToken({ signer: 'stranger' })
    await expectRefused(result, 'token', user.id)
    expect(warned).toMatch(/signature verification failed/)
  })

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const user = await makeUser(db)
    const subject = atProvider({ email: user.email, email_verified: true })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await signInWithSso(subject, {
      beforeProvider: async (state) => {
        await db.updateTable('sso_login_request').set({ nonce: 'another-nonce' }).where('state', '=', state).execute()
      },
    })
    const warned = warn.mock.calls.map((call) => String(call[0])).join('\n')
    warn.mockRestore()
    await expectRefused(result, 'token', user.id)
    expect(warned).toMatch(/"nonce"/)
  })

  it('refuses when the code is exchanged without the PKCE verifier its challenge was made from', async () => {
    const user = await makeUser(db)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await signInWithSso(atProvider({ email: user.email, email_verified: true }), {
      beforeProvider: async (state) => {
        await db
          .updateTable('sso_login_request')
          .set({ code_verifier: 'x'.repeat(43) })
          .where('state', '=', state)
          .execute()
      },
    })
    const warned = warn.mock.calls.map((call) => String(call[0])).join('\n')
    warn.mockRestore()
    await expectRefused(result, 'token', user.id)
    expect(warned).toMatch(/invalid_grant|PKCE/i)
  })

  it('refuses a state used before (a replayed callback)', async () => {
    const user = await makeUser(db)
    const result = await signInWithSso(atProvider({ email: user.email, email_verified: true }))
    expect(result.outcome.status).toBe(302)
    await db.deleteFrom('user_session').where('user_id', '=', user.id).execute()
    const replayed = await result.replay()
    expect(replayed.status).toBe(400)
    expect(replayed.data).toEqual({ reason: 'state' })
    expect(sessionCookieIn(replayed.headers)).toBeUndefined()
    expect(await sessionsOf(user.id)).toEqual([])
  })

  it('refuses a callback without this browser’s state cookie, or with a made-up state', async () => {
    const context = await visitor()
    const started = await run(start.loader, getRequest('/login/sso'), context)
    const state = new URL(started.location!).searchParams.get('state')!
    const cookie = started.headers.getSetCookie()[0].split(';')[0]
    const noCookie = await run(callback.loader, getRequest(`/login/sso/callback?code=abc&state=${state}`), context)
    expect(noCookie).toMatchObject({ status: 400, data: { reason: 'state' } })
    const otherState = await run(
      callback.loader,
      getRequest('/login/sso/callback?code=abc&state=made-up', { Cookie: cookie }),
      context,
    )
    expect(otherState).toMatchObject({ status: 400, data: { reason: 'state' } })
    const noState = await run(callback.loader, getRequest('/login/sso/callback'), context)
    expect(noState).toMatchObject({ status: 400, data: { reason: 'state' } })
  })
})

describe('PASSWORD_SIGN_IN', () => {
  it('off: hides the password form and refuses a password post', async () => {
    const env = envWith({ ...provider.env, PASSWORD_SIGN_IN: 'off' })
    const user = await makeUser(db, { password: TEST_PASSWORD })
    expect((await run(login.loader, getRequest('/login'), await visitor(env))).data).toMatchObject({
      sso: true,
      passwordSignIn: 'off',
    })
    const outcome = await run(
      login.action,
      postRequest('/login', { email: user.email, password: TEST_PASSWORD }),
      await visitor(env),
    )
    expect(outcome.status).toBe(403)
    expect(outcome.data.fieldErrors.form).toMatch(/Password sign-in is turned off/)
    expect(await sessionsOf(user.id)).toEqual([])
  })

  it('admins-only: lets an administrator in with a password but not anyone else', async () => {
    const env = envWith({ ...provider.env, PASSWORD_SIGN_IN: 'admins-only' })
    const staff = await makeUser(db, { password: TEST_PASSWORD })
    const admin = await makeUser(db, { roles: ['admin'], password: TEST_PASSWORD })
    const refused = await run(
      login.action,
      postRequest('/login', { email: staff.email, password: TEST_PASSWORD }),
      await visitor(env),
    )
    expect(refused.status).toBe(403)
    expect(refused.data.fieldErrors.form).toMatch(/Only administrators/)
    expect(await sessionsOf(staff.id)).toEqual([])
    const wrong = await run(
      login.action,
      postRequest('/login', { email: staff.email, password: 'not the password' }),
      await visitor(env),
    )
    expect(wrong.data.fieldErrors.form).toBe('Email or password is incorrect')
    const allowed = await run(
      login.action,
      postRequest('/login', { email: admin.email, password: TEST_PASSWORD }),
      await visitor(env),
    )
    expect(allowed.status).toBe(302)
  })
})
