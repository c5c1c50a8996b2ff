import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { verifyPassword } from '#app/lib/password.server'
import * as edit from '#app/routes/admin.users_.$id'
import * as reset from '#app/routes/reset-password.$token'
import { FAKE_NOTIFY_KEY } from '#tests/mocks/notify'
import { makeUser } from '#tests/support/builders'
import { TEST_ORIGIN, contextFor, getRequest, postRequest, run, testEnv } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'] })
const asAdmin = await contextFor(database, admin)
const NEW_PASSWORD = 'four unrelated words here'

async function issueFor(personId: string, context = asAdmin) {
  return run(edit.action, postRequest(`/admin/users/${personId}`, { intent: 'issue-reset' }), context, { id: personId })
}

const tokenOf = (link: string) => link.split('/').pop()!

const openReset = async (token: string) =>
  run(reset.loader, getRequest(`/reset-password/${token}`), await contextFor(database, null), { token })

const setPassword = async (token: string, fields: Record<string, string>) =>
  run(reset.action, postRequest(`/reset-password/${token}`, fields), await contextFor(database, null), { token })

describe('issuing a reset link on the person’s page', () => {
  it('shows the link once when email is not configured', async () => {
    const person = await makeUser(db)
    const outcome = await issueFor(person.id)
    expect(outcome.status).toBe(200)
    expect(outcome.data.resetLink).toMatch(new RegExp(`^${TEST_ORIGIN}/reset-password/[A-Za-z0-9_-]{43}$`))
    const page = await run(edit.loader, getRequest(`/admin/users/${person.id}`), asAdmin, { id: person.id })
    expect(JSON.stringify(page.data)).not.toContain(tokenOf(outcome.data.resetLink))
    expect(page.data.resetHours).toBe(24)
  })

  it('queues the link to the person’s email when email is configured, and does not show it', async () => {
    const person = await makeUser(db)
    const context = { ...asAdmin, env: { ...testEnv, NOTIFY_API_KEY: FAKE_NOTIFY_KEY } }
    const outcome = await issueFor(person.id, context)
    expect(outcome.status).toBe(302)
    const queued = await db
      .selectFrom('outbox_message')
      .select(['template', 'recipient_email as email'])
      .where('recipient_id', '=', person.id)
      .execute()
    expect(queued).toEqual([{ template: 'password-reset', email: person.email }])
  })

  it('follows PASSWORD_RESET_HOURS', async () => {
    const person = await makeUser(db)
    const context = { ...asAdmin, env: { ...testEnv, PASSWORD_RESET_HOURS: 2 } }
    const before = Date.now()
    await issueFor(person.id, context)
    const row = await db
      .selectFrom('password_reset')
      .select('expires_at')
      .where('user_id', '=', person.id)
      .executeTakeFirstOrThrow()
    const hours = (row.expires_at.getTime() - before) / 3_600_000
    expect(hours).toBeGreaterThan(1.99)
    expect(hours).toBeLessThan(2.01)
  })

  it('is refused for anyone but an administrator', async () => {
    const person = await makeUser(db)
    const principal = await contextFor(database, await makeUser(db, { roles: ['staff', 'principal'] }))
    expect((await issueFor(person.id, principal)).status).toBe(403)
    expect((await issueFor(person.id, await contextFor(database, null))).location).toMatch(/^\/login/)
    expect(await db.selectFrom('password_reset').select('id').where('user_id', '=', person.id).execute()).toEqual([])
  })
})

describe('setting a new password with the link', () => {
  it('sets it, ends every session, and the link then says it was used', async () => {
    const person = await makeUser(db)
    const theirs = await contextFor(database, person)
    const token = tokenOf((await issueFor(person.id)).data.resetLink)
    const page = await openReset(token)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ state: 'valid', name: person.name })
    expect(page.headers.get('Referrer-Policy')).toBe('no-referrer')
    const done = await setPassword(token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect(done.status).toBe(302)
    expect(done.location).toBe('/login')
    const stored = await db
      .selectFrom('user_password')
      .select('hash')
      .where('user_id', '=', person.id)
      .executeTakeFirst()
    expect(await verifyPassword(stored?.hash, NEW_PASSWORD)).toBe(true)
    expect(await theirs.lucia.validateSession(theirs.auth!.session.id)).toMatchObject({ session: null })
    expect((await openReset(token)).data.state).toBe('used')
    const again = await setPassword(token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect(again.status).toBe(410)
    expect(again.data.state).toBe('used')
  })

  it('asks for a password that follows the account page’s rules, keeping the link usable', async () => {
    const person = await makeUser(db)
    const token = tokenOf((await issueFor(person.id)).data.resetLink)
    const short = await setPassword(token, { newPassword: 'short', confirmPassword: 'short' })
    expect(short.status).toBe(400)
    expect(short.data.fieldErrors.newPassword).toMatch(/at least 12/)
    const mismatch = await setPassword(token, { newPassword: NEW_PASSWORD, confirmPassword: 'something else!' })
    expect(mismatch.data.fieldErrors.confirmPassword).toMatch(/do not match/)
    expect(JSON.stringify(mismatch.data)).not.toContain(NEW_PASSWORD)
    expect((await openReset(token)).data.state).toBe('valid')
  })

  it('gives a clear page for expired and unknown links, never a server error', async () => {
    const person = await makeUser(db)
    const token = tokenOf((await issueFor(person.id)).data.resetLink)
    await sql`update password_reset set created_at = now() - interval '3 hours', expires_at = now() - interval '1 hour'
      where user_id = ${person.id}`.execute(db)
    const expired = await openReset(token)
    expect(expired.status).toBe(410)
    expect(expired.data.state).toBe('expired')
    for (const bad of ['x'.repeat(43), 'short', '%00', '../../etc']) {
      const outcome = await openReset(bad)
      expect(outcome.status).toBe(404)
      expect(outcome.data.state).toBe('unknown')
      expect((await setPassword(bad, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(404)
    }
  })
})
