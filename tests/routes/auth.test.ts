import { describe, expect, it } from 'vitest'
import { hashSessionId } from '#app/auth/lucia-adapter.server'
import { signIn } from '#app/auth/sign-in.server'
import * as account from '#app/routes/account'
import * as login from '#app/routes/login'
import * as logout from '#app/routes/logout'
import { TEST_PASSWORD, makeUser, uniqueEmail } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run, testEnv } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
let address = 0
const anonymous = () => contextFor(database, null, { clientAddress: `203.0.113.${++address}` })

describe('the sign-in form', () => {
  it('asks for both fields when they are empty', async () => {
    const outcome = await run(login.action, postRequest('/login', { email: '', password: '' }), await anonymous())
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors).toEqual({ email: 'Enter your email address', password: 'Enter your password' })
  })

  it('explains an email in the wrong format and keeps what was typed', async () => {
    const outcome = await run(
      login.action,
      postRequest('/login', { email: 'olivia at example', password: 'x' }),
      await anonymous(),
    )
    expect(outcome.data.fieldErrors.email).toMatch(/correct format/)
    expect(outcome.data.values).toEqual({ email: 'olivia at example' })
  })

  it('refuses very long fields with a clear message', async () => {
    const outcome = await run(
      login.action,
      postRequest('/login', { email: `${'a'.repeat(300)}@example.org`, password: 'p'.repeat(10_000) }),
      await anonymous(),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.email).toBe('Email address must be 254 characters or fewer')
    expect(outcome.data.fieldErrors.password).toBe('Password must be 256 characters or fewer')
  })

  it('says "Email or password is incorrect" for a wrong password, keeping the email but never the password', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const outcome = await run(
      login.action,
      postRequest('/login', { email: user.email, password: 'wrong one' }),
      await anonymous(),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data).toEqual({
      fieldErrors: { form: 'Email or password is incorrect' },
      values: { email: user.email },
    })
  })

  it('says the same for an unknown email', async () => {
    const outcome = await run(
      login.action,
      postRequest('/login', { email: uniqueEmail('ghost'), password: 'whatever' }),
      await anonymous(),
    )
    expect(outcome.data.fieldErrors).toEqual({ form: 'Email or password is incorrect' })
  })

  it('tells a locked-out person when to try again', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const context = await anonymous()
    for (let i = 0; i < testEnv.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      await run(login.action, postRequest('/login', { email: user.email, password: 'wrong' }), context)
    }
    const outcome = await run(
      login.action,
      postRequest('/login', { email: user.email, password: TEST_PASSWORD }),
      context,
    )
    expect(outcome.status).toBe(429)
    expect(outcome.data.fieldErrors.form).toBe('Too many sign-in attempts. Try again in 15 minutes.')
  })

  it('checks no more wrong passwords than the account limit when 30 arrive at once', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, async () =>
        run(login.action, postRequest('/login', { email: user.email, password: 'guess' }), await anonymous()),
      ),
    )
    const statuses = outcomes.map((outcome) => outcome.status)
    expect(statuses.filter((status) => status === 400)).toHaveLength(testEnv.LOGIN_MAX_FAILURES_PER_ACCOUNT)
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - testEnv.LOGIN_MAX_FAILURES_PER_ACCOUNT)
  })

  it('signs in and returns to the page that asked, with a session cookie', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const outcome = await run(
      login.action,
      postRequest('/login', { email: user.email, password: TEST_PASSWORD, redirectTo: '/account' }),
      await anonymous(),
    )
    expect(outcome.status).toBe(302)
    expect(outcome.location).toBe('/account')
    expect(outcome.headers.get('Set-Cookie')).toMatch(/^otp_session=[a-z0-9]+;.*HttpOnly/i)
  })

  it('never redirects to another site after sign-in', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    for (const target of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/\t/evil.example',
      '/%5Cevil.example',
      '/.//evil.example',
    ]) {
      const outcome = await run(
        login.action,
        postRequest('/login', { email: user.email, password: TEST_PASSWORD, redirectTo: target }),
        await anonymous(),
      )
      expect(outcome.location).toBe('/')
    }
  })

  it('sends a signed-in person on without an error whatever the address asks for', async () => {
    const user = await makeUser(db)
    const cases: [string, string][] = [
      ['/\t/evil.example', '/'],
      ['/account\r\nSet-Cookie: otp_session=x', '/'],
      ['/évidence', '/%C3%A9vidence'],
      ['/account\u2028', '/'],
    ]
    for (const [asked, expected] of cases) {
      const request = getRequest(`/login?redirectTo=${encodeURIComponent(asked)}`)
      const outcome = await run(login.loader, request, await contextFor(database, user))
      expect(outcome.location).toBe(expected)
    }
  })

  it('carries only a safe return path into the sign-in form', async () => {
    const request = (asked: string) => getRequest(`/login?redirectTo=${encodeURIComponent(asked)}`)
    expect((await run(login.loader, request('/\t/evil.example'), await anonymous())).data).toMatchObject({
      redirectTo: '/',
    })
    expect((await run(login.loader, request('/account'), await anonymous())).data).toMatchObject({
      redirectTo: '/account',
    })
  })

  it('sends a signed-in person on from the sign-in page', async () => {
    const user = await makeUser(db)
    const outcome = await run(login.loader, getRequest('/login?redirectTo=/account'), await contextFor(database, user))
    expect(outcome.location).toBe('/account')
  })

  it('brings a signed-out visitor back to the page they asked for', async () => {
    const outcome = await run(account.loader, getRequest('/account?tab=x'), await anonymous())
    expect(outcome.location).toBe('/login?redirectTo=%2Faccount%3Ftab%3Dx')
  })
})

describe('signing out', () => {
  it('ends the session and blanks the cookie', async () => {
    const user = await makeUser(db)
    const context = await contextFor(database, user)
    const outcome = await run(logout.action, postRequest('/logout', {}), context)
    expect(outcome.location).toBe('/login')
    expect(outcome.headers.get('Set-Cookie')).toMatch(/otp_session=;/)
    expect((await context.lucia.validateSession(context.auth!.session.id)).session).toBeNull()
  })
})

describe('changing a password', () => {
  const submit = async (context: Awaited<ReturnType<typeof contextFor>>, fields: Record<string, string>) =>
    run(account.action, postRequest('/account', fields), context)

  it('checks the current password', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const outcome = await submit(await contextFor(database, user), {
      currentPassword: 'not it',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors).toEqual({ currentPassword: 'Your current password is incorrect' })
  })

  it('stops checking the current password after repeated wrong ones, and says so beside the field', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const context = await contextFor(database, user)
    const change = (currentPassword: string) =>
      submit(context, {
        currentPassword,
        newPassword: 'a brand new passphrase',
        confirmPassword: 'a brand new passphrase',
      })
    for (let i = 0; i < testEnv.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await change(`not it ${i}`)).status).toBe(400)
    }
    const locked = await change(TEST_PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.data.fieldErrors).toEqual({
      currentPassword: 'Too many wrong passwords for this account. Try again in 15 minutes.',
    })
    const stillOld = await signIn(db, context.lucia, {
      email: user.email,
      password: 'a brand new passphrase',
      ip: '192.0.2.98',
      env: { ...testEnv, LOGIN_MAX_FAILURES_PER_ACCOUNT: 100 },
    })
    expect(stillOld).toEqual({ ok: false, reason: 'incorrect' })
  })

  it('counts wrong current passwords together with failed sign-ins', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const context = await contextFor(database, user)
    for (let i = 1; i < testEnv.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      await run(login.action, postRequest('/login', { email: user.email, password: 'wrong' }), await anonymous())
    }
    const wrong = await submit(context, {
      currentPassword: 'not it',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    expect(wrong.status).toBe(400)
    const signingIn = await run(
      login.action,
      postRequest('/login', { email: user.email, password: TEST_PASSWORD }),
      await anonymous(),
    )
    expect(signingIn.status).toBe(429)
  })

  it('checks no more current passwords than the account limit when 30 arrive at once', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const context = await contextFor(database, user)
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        submit(context, {
          currentPassword: `guess ${i}`,
          newPassword: 'a brand new passphrase',
          confirmPassword: 'a brand new passphrase',
        }),
      ),
    )
    const statuses = outcomes.map((outcome) => outcome.status)
    expect(statuses.filter((status) => status === 400)).toHaveLength(testEnv.LOGIN_MAX_FAILURES_PER_ACCOUNT)
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - testEnv.LOGIN_MAX_FAILURES_PER_ACCOUNT)
  })

  it('explains a short or mismatched new password next to each field', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const outcome = await submit(await contextFor(database, user), {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
      confirmPassword: 'different',
    })
    expect(outcome.data.fieldErrors).toEqual({
      newPassword: 'Password must be at least 12 characters',
      confirmPassword: 'The passwords do not match',
    })
  })

  it('changes it, keeps this session and ends the others', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const here = await contextFor(database, user)
    const elsewhere = await contextFor(database, user)
    const outcome = await submit(here, {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    expect(outcome.status).toBe(302)
    expect(outcome.headers.get('Set-Cookie')).toMatch(/^otp_flash=/)
    const sessions = await db.selectFrom('user_session').select('id').where('user_id', '=', user.id).execute()
    expect(sessions.map((s) => s.id)).toEqual([hashSessionId(here.auth!.session.id)])
    expect(elsewhere.auth).not.toBeNull()
    const result = await signIn(db, here.lucia, {
      email: user.email,
      password: 'a brand new passphrase',
      ip: '192.0.2.99',
      env: testEnv,
    })
    expect(result.ok).toBe(true)
  })
})
