import { describe, expect, it } from 'vitest'
import { verifyPassword } from '#app/lib/password.server'
import { deactivatePerson } from '#app/models/people/manage.server'
import {
  PasswordResetRuleError,
  checkResetToken,
  hashResetToken,
  issuePasswordReset,
  redeemPasswordReset,
} from '#app/models/people/password-reset.server'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import { makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'] })
const ORIGIN = 'https://portal.example'
const NEW_PASSWORD = 'a brand new passphrase'

const issue = (personId: string, options: { sendEmail?: boolean; now?: Date; hours?: number } = {}) =>
  issuePasswordReset(db, {
    personId,
    actorId: admin.id,
    hours: options.hours ?? 24,
    origin: ORIGIN,
    sendEmail: options.sendEmail ?? false,
    now: options.now,
  })

async function sessionFor(userId: string) {
  await db
    .insertInto('user_session')
    .values({ id: `s-${crypto.randomUUID()}`, user_id: userId, expires_at: new Date(Date.now() + 3_600_000) })
    .execute()
}

describe('password reset links', () => {
  it('stores only a hash of the token, and expires after the hours given', async () => {
    const person = await makeUser(db)
    const now = new Date('2026-11-23T10:00:00Z')
    const issued = (await issue(person.id, { now, hours: 24 }))!
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const rows = await db.selectFrom('password_reset').selectAll().where('user_id', '=', person.id).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.token_hash).toBe(hashResetToken(issued.token))
    expect(JSON.stringify(rows)).not.toContain(issued.token)
    expect(rows[0]!.expires_at.toISOString()).toBe('2026-11-24T10:00:00.000Z')
    expect((await checkResetToken(db, issued.token, new Date('2026-11-24T09:59:00Z'))).state).toBe('valid')
    expect((await checkResetToken(db, issued.token, new Date('2026-11-24T10:00:00Z'))).state).toBe('expired')
  })

  it('sets the password once, ends every session and records both steps', async () => {
    const person = await makeUser(db)
    await sessionFor(person.id)
    const issued = (await issue(person.id))!
    expect(await redeemPasswordReset(db, { token: issued.token, newPassword: NEW_PASSWORD })).toEqual({ ok: true })
    const stored = await db
      .selectFrom('user_password')
      .select('hash')
      .where('user_id', '=', person.id)
      .executeTakeFirst()
    expect(await verifyPassword(stored?.hash, NEW_PASSWORD)).toBe(true)
    expect(await db.selectFrom('user_session').select('id').where('user_id', '=', person.id).execute()).toEqual([])
    expect(await redeemPasswordReset(db, { token: issued.token, newPassword: NEW_PASSWORD })).toEqual({
      ok: false,
      state: 'used',
    })
    const audit = (await listAuditEventsFor(db, 'person', person.id)).map((e) => e.action)
    expect(audit).toEqual(['user.created', 'user.password_reset_issued', 'user.password_reset_used'])
  })

  it('replaces an earlier unused link, and refuses unknown, malformed and expired tokens', async () => {
    const person = await makeUser(db)
    const first = (await issue(person.id))!
    const second = (await issue(person.id))!
    expect((await checkResetToken(db, first.token)).state).toBe('unknown')
    expect((await checkResetToken(db, second.token)).state).toBe('valid')
    expect((await checkResetToken(db, 'x'.repeat(43))).state).toBe('unknown')
    expect((await checkResetToken(db, "'; drop table app_user; --")).state).toBe('unknown')
    const old = (await issue(person.id, { now: new Date(Date.now() - 48 * 3_600_000) }))!
    expect(await redeemPasswordReset(db, { token: old.token, newPassword: NEW_PASSWORD })).toEqual({
      ok: false,
      state: 'expired',
    })
  })

  it('queues the link to the person when email is configured, and not otherwise', async () => {
    const person = await makeUser(db)
    const emailed = (await issue(person.id, { sendEmail: true }))!
    expect(emailed.emailed).toBe(true)
    const message = await db
      .selectFrom('outbox_message')
      .select(['template', 'recipient_email as email', 'personalisation'])
      .where('recipient_id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(message).toMatchObject({ template: 'password-reset', email: person.email })
    expect(JSON.stringify(message.personalisation)).toContain(`${ORIGIN}/reset-password/${emailed.token}`)
    const other = await makeUser(db)
    expect((await issue(other.id))!.emailed).toBe(false)
    const queued = await db.selectFrom('outbox_message').select('id').where('recipient_id', '=', other.id).execute()
    expect(queued).toEqual([])
  })

  it('is refused for a deactivated person, and their unused link stops working', async () => {
    const person = await makeUser(db)
    const issued = (await issue(person.id))!
    await deactivatePerson(db, { personId: person.id, actorId: admin.id })
    expect((await checkResetToken(db, issued.token)).state).toBe('unknown')
    await expect(issue(person.id)).rejects.toBeInstanceOf(PasswordResetRuleError)
    expect(await issue(crypto.randomUUID())).toBeUndefined()
  })
})
