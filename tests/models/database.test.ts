import fs from 'node:fs'
import path from 'node:path'
import { NO_MIGRATIONS, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createMigrator } from '#db/migrate'
import { migrations } from '#db/migrations/index'
import { createUser } from '#app/models/people/users.server'
import { recordAudit } from '#app/models/shared/audit.server'
import { makeUser, uniqueEmail } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

describe('migrations', () => {
  it('lists every migration file in the static index, in order', () => {
    const folder = fs
      .readdirSync(path.resolve(__dirname, '../../db/migrations'))
      .filter((name) => /^\d{4}_.+\.ts$/.test(name))
      .map((name) => name.replace(/\.ts$/, ''))
      .sort()
    expect(Object.keys(migrations)).toEqual(folder)
  })

  it('goes down and up again cleanly', async () => {
    const scratch = await createTestDatabase()
    const migrator = createMigrator(scratch.db)
    const down = await migrator.migrateTo(NO_MIGRATIONS)
    expect(down.error).toBeUndefined()
    expect(down.results?.length).toBe(Object.keys(migrations).length)
    const tables = await sql<{
      n: number
    }>`select count(*)::int as n from information_schema.tables where table_name = 'app_user'`.execute(scratch.db)
    expect(tables.rows[0].n).toBe(0)
    const up = await migrator.migrateToLatest()
    expect(up.error).toBeUndefined()
    expect(up.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'))
  })
})

describe('the schema', () => {
  it('keeps calendar dates as YYYY-MM-DD text and counts as numbers', async () => {
    const { rows } = await sql<{ day: string; n: number; big: number }>`
      select date '2026-03-29' as day, count(*)::int as n, 12345678901::bigint as big from job_role`.execute(db)
    expect(rows[0]).toEqual({ day: '2026-03-29', n: expect.any(Number), big: 12345678901 })
  })

  it('refuses a second account with the same email in another case', async () => {
    const email = uniqueEmail('case')
    await createUser(db, { email, name: 'First', jobRoleCode: 'ot', teamId: null, roles: ['staff'] })
    await expect(
      db
        .insertInto('app_user')
        .values({
          email: email.toUpperCase(),
          name: 'Second',
          job_role_code: 'ot',
          team_id: null,
          employee_number: null,
        })
        .execute(),
    ).rejects.toThrow(/app_user_email_lower_key/)
    await expect(
      createUser(db, { email: email.toUpperCase(), name: 'Second', jobRoleCode: 'ot', teamId: null, roles: ['staff'] }),
    ).rejects.toThrow(/already uses/)
  })

  it('holds a person in several roles', async () => {
    const user = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'] })
    const roles = await db
      .selectFrom('user_role')
      .select('role')
      .where('user_id', '=', user.id)
      .orderBy('role')
      .execute()
    expect(roles.map((r) => r.role)).toEqual(['principal', 'staff', 'supervisor'])
  })

  it('refuses a supervision link from a person to themselves', async () => {
    const user = await makeUser(db)
    await expect(
      db
        .insertInto('supervision_link')
        .values({
          supervisor_id: user.id,
          supervisee_id: user.id,
          starts_on: '2026-01-01',
          ends_on: null,
          frequency_days: 28,
        })
        .execute(),
    ).rejects.toThrow(/supervision_link_not_self_check/)
  })

  it('loads every job role from framework-data', async () => {
    const codes = await db.selectFrom('job_role').select('code').orderBy('sort_order').execute()
    expect(codes.map((c) => c.code)).toEqual(
      expect.arrayContaining(['ascw', 'ot-apprentice', 'ot-assistant-practitioner', 'ot', 'senior-ot', 'principal-ot']),
    )
  })
})

describe('the audit trail', () => {
  it('accepts new events', async () => {
    await recordAudit(db, { actorId: null, action: 'test.appended', subjectKind: 'test', subjectId: 'a' })
    const row = await db.selectFrom('audit_event').select('action').where('subject_id', '=', 'a').executeTakeFirst()
    expect(row?.action).toBe('test.appended')
  })

  it('is refused an UPDATE by the database itself', async () => {
    await recordAudit(db, { actorId: null, action: 'test.kept', subjectKind: 'test', subjectId: 'b' })
    await expect(db.updateTable('audit_event').set({ action: 'test.rewritten' }).execute()).rejects.toThrow(
      /append-only/,
    )
  })

  it('is refused a DELETE and a TRUNCATE by the database itself', async () => {
    await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_event`.execute(db)).rejects.toThrow(/append-only/)
    const count = await db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    expect(count.n).toBeGreaterThan(0)
  })
})
