import { describe, expect, it, vi } from 'vitest'
import * as account from '#app/routes/account'
import * as login from '#app/routes/login'
import { TEST_PASSWORD, makeUser } from '#tests/support/builders'
import { contextFor, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

// Stands in for a server whose password-checking queue is full (the queue itself: tests/unit/password-hashing).
const busy = vi.hoisted(() => ({ now: false }))
vi.mock('#app/lib/password.server', async (importActual) => {
  const actual = await importActual<typeof import('#app/lib/password.server')>()
  return {
    ...actual,
    verifyPassword: async (...args: Parameters<typeof actual.verifyPassword>) => {
      if (busy.now) throw new actual.PasswordHashingBusyError()
      return actual.verifyPassword(...args)
    },
  }
})

const database = await createTestDatabase()
const db = database.db

async function attemptsFor(email: string): Promise<number> {
  const row = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email_key', '=', email.toLowerCase())
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('when too many passwords are being checked at once', () => {
  it('asks the person signing in to try again in a moment, without counting it as a failure', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const context = await contextFor(database, null, { clientAddress: '203.0.113.200' })
    busy.now = true
    try {
      const outcome = await run(
        login.action,
        postRequest('/login', { email: user.email, password: TEST_PASSWORD }),
        context,
      )
      expect(outcome.status).toBe(503)
      expect(outcome.headers.get('Retry-After')).toBe('5')
      expect(outcome.data.fieldErrors.form).toMatch(/Try again in a few seconds/)
      expect(outcome.data.values).toEqual({ email: user.email })
    } finally {
      busy.now = false
    }
    expect(await attemptsFor(user.email)).toBe(0)
    const retried = await run(
      login.action,
      postRequest('/login', { email: user.email, password: TEST_PASSWORD }),
      context,
    )
    expect(retried.status).toBe(302)
  })

  it('asks the person changing their password to try again in a moment', async () => {
    const user = await makeUser(db, { password: TEST_PASSWORD })
    const context = await contextFor(database, user)
    busy.now = true
    try {
      const outcome = await run(
        account.action,
        postRequest('/account', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'a brand new passphrase',
          confirmPassword: 'a brand new passphrase',
        }),
        context,
      )
      expect(outcome.status).toBe(503)
      expect(outcome.data.fieldErrors.form).toMatch(/Try again in a few seconds/)
    } finally {
      busy.now = false
    }
  })
})
