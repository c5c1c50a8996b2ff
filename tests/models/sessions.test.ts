import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { hashSessionId } from '#app/auth/lucia-adapter.server'
import { createLucia, validateRequestSession } from '#app/auth/session.server'
import { makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const lucia = createLucia(db, { idleMinutes: 60, absoluteHours: 12, secureCookies: true })

describe('sessions', () => {
  it('stores only a hash of the session id', async () => {
    const user = await makeUser(db)
    const session = await lucia.createSession(user.id, {})
    const rows = await db.selectFrom('user_session').select('id').where('user_id', '=', user.id).execute()
    expect(rows.map((r) => r.id)).toEqual([hashSessionId(session.id)])
    expect(rows[0].id).not.toContain(session.id)
  })

  it('sets an HttpOnly, SameSite=Lax, Secure cookie', async () => {
    const user = await makeUser(db)
    const cookie = lucia.createSessionCookie((await lucia.createSession(user.id, {})).id).serialize()
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Secure/i)
  })

  it('recognises a valid cookie', async () => {
    const user = await makeUser(db, { name: 'Valid Cookie' })
    const session = await lucia.createSession(user.id, {})
    const { auth, setCookie } = await validateRequestSession(lucia, `otp_session=${session.id}`)
    expect(auth?.user.name).toBe('Valid Cookie')
    expect(auth?.user.roles).toEqual(['staff'])
    expect(setCookie).toBeNull()
  })

  it('treats a forged cookie as signed out and blanks it', async () => {
    const { auth, setCookie } = await validateRequestSession(lucia, 'otp_session=forged0000000000000000000')
    expect(auth).toBeNull()
    expect(setCookie).toMatch(/otp_session=;/)
    expect(setCookie).toMatch(/Max-Age=0/i)
  })

  it('reads the session whatever else the Cookie header holds, and never throws on it', async () => {
    const user = await makeUser(db, { name: 'Among Other Cookies' })
    const session = await lucia.createSession(user.id, {})
    // A malformed percent-escape in another cookie (one another site on the domain set) made lucia's reader throw.
    const header = `theme=%E0%A4%A; otp_session=${session.id}; other=%`
    expect((await validateRequestSession(lucia, header)).auth?.user.name).toBe('Among Other Cookies')
    for (const broken of ['otp_session=%', 'otp_session=%00', 'otp_session=', '=%', ';;', 'otp_session']) {
      expect((await validateRequestSession(lucia, broken)).auth).toBeNull()
    }
  })

  it('ends a session that has been idle past its expiry', async () => {
    const user = await makeUser(db)
    const session = await lucia.createSession(user.id, {})
    await db
      .updateTable('user_session')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('id', '=', hashSessionId(session.id))
      .execute()
    const { auth } = await validateRequestSession(lucia, `otp_session=${session.id}`)
    expect(auth).toBeNull()
  })

  it('extends an active session when half its idle time has passed', async () => {
    const user = await makeUser(db)
    const session = await lucia.createSession(user.id, {})
    await db
      .updateTable('user_session')
      .set({ expires_at: sql<Date>`now() + interval '10 minutes'` })
      .where('id', '=', hashSessionId(session.id))
      .execute()
    const { auth, setCookie } = await validateRequestSession(lucia, `otp_session=${session.id}`)
    expect(auth?.session.fresh).toBe(true)
    expect(setCookie).toContain(session.id)
    const row = await db
      .selectFrom('user_session')
      .select('expires_at')
      .where('id', '=', hashSessionId(session.id))
      .executeTakeFirstOrThrow()
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000)
  })

  it('ends a session at its absolute limit however active it is', async () => {
    const user = await makeUser(db)
    const session = await lucia.createSession(user.id, {})
    // Reaching a creation time 13 hours ago needs a direct write: no user action can backdate a session.
    await db
      .updateTable('user_session')
      .set({ created_at: sql<Date>`now() - interval '13 hours'` } as never)
      .where('id', '=', hashSessionId(session.id))
      .execute()
    const { auth } = await validateRequestSession(lucia, `otp_session=${session.id}`)
    expect(auth).toBeNull()
  })

  it('ends the sessions of a deactivated account', async () => {
    const user = await makeUser(db)
    const session = await lucia.createSession(user.id, {})
    await db.updateTable('app_user').set({ active: false }).where('id', '=', user.id).execute()
    const { auth } = await validateRequestSession(lucia, `otp_session=${session.id}`)
    expect(auth).toBeNull()
  })
})
