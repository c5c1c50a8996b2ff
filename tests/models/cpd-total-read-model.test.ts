import fc from 'fast-check'
import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createEvidence, updateEvidence, withdrawEvidence } from '#app/models/evidence/evidence.server'
import type { ActivityTypeCode } from '#app/models/evidence/evidence.schema'
import type { DB } from '#db/schema'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

/** The tables' rows in a stable order, for comparing. */
async function rows(db: Kysely<DB>): Promise<string[]> {
  const result = await sql<{ line: string }>`
    select concat_ws(' ', team_id, job_role_code, activity_type, starts_month, ends_month, minutes, entries) as line
    from cpd_total
    union all
    select concat_ws(' ', 'latest', person_id, last_on) from cpd_latest
    order by 1`.execute(db)
  return result.rows.map((row) => row.line)
}

/** Everyone's totals worked out from nothing, in a transaction that is then undone. */
async function recomputed(db: Kysely<DB>): Promise<string[]> {
  let result: string[] = []
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`select refresh_cpd_totals()`.execute(trx)
      result = await rows(trx)
      throw new Rollback()
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error
    })
  return result
}
class Rollback extends Error {}

const TYPES: (ActivityTypeCode | null)[] = ['work-based-learning', 'formal-educational', 'self-directed', null]
const DAYS = ['2026-01-31', '2026-02-01', '2026-02-27', '2026-03-15', null] as const

type Step =
  | { kind: 'log'; person: number; type: number; starts: number; spanDays: number; minutes: number | null }
  | { kind: 'edit'; person: number; type: number; starts: number; minutes: number | null }
  | { kind: 'withdraw'; person: number }
  | { kind: 'move'; person: number; team: number }
  | { kind: 'role'; person: number; jobRole: number }
  | { kind: 'active'; person: number; active: boolean }
  | { kind: 'staff'; person: number; staff: boolean }

const person = fc.nat(2)
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('log' as const),
    person,
    type: fc.nat(TYPES.length - 1),
    starts: fc.nat(DAYS.length - 1),
    spanDays: fc.constantFrom(0, 1, 40),
    minutes: fc.option(fc.integer({ min: 15, max: 600 })),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    person,
    type: fc.nat(TYPES.length - 1),
    starts: fc.nat(DAYS.length - 1),
    minutes: fc.option(fc.integer({ min: 15, max: 600 })),
  }),
  fc.record({ kind: fc.constant('withdraw' as const), person }),
  fc.record({ kind: fc.constant('move' as const), person, team: fc.nat(2) }),
  fc.record({ kind: fc.constant('role' as const), person, jobRole: fc.nat(2) }),
  fc.record({ kind: fc.constant('active' as const), person, active: fc.boolean() }),
  fc.record({ kind: fc.constant('staff' as const), person, staff: fc.boolean() }),
)

const JOB_ROLES = ['ot', 'senior-ot', 'ot-assistant-practitioner'] as const

function entry(type: number, starts: number, spanDays: number, minutes: number | null) {
  const startsOn = DAYS[starts] ?? null
  const endsOn =
    startsOn && spanDays > 0
      ? new Date(Date.parse(`${startsOn}T00:00:00Z`) + spanDays * 86_400_000).toISOString().slice(0, 10)
      : null
  return {
    ...EMPTY_EVIDENCE,
    title: 'Moving and handling refresher',
    activityType: TYPES[type] ?? null,
    startsOn,
    endsOn,
    minutes,
  }
}

describe('the monthly CPD table and each person’s latest entry', () => {
  it('always equals the totals worked out afresh, whatever people log, edit, withdraw or change about themselves', async () => {
    const teams = await db
      .insertInto('team')
      .values(['north', 'south', 'east'].map((code) => ({ code: `cpd-${code}`, name: `CPD ${code}` })))
      .returning('id')
      .execute()
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const people = [
          await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot' }),
          await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot' }),
          await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot' }),
        ]
        const latest = (ownerId: string) =>
          db
            .selectFrom('evidence')
            .select(['id', 'revision'])
            .where('owner_id', '=', ownerId)
            .where('withdrawn_at', 'is', null)
            .orderBy('created_at', 'desc')
            .executeTakeFirst()
        for (const s of steps) {
          const who = people[s.person]!
          if (s.kind === 'log') {
            await createEvidence(db, { ownerId: who.id, evidence: entry(s.type, s.starts, s.spanDays, s.minutes) })
          } else if (s.kind === 'edit') {
            const found = await latest(who.id)
            if (!found) continue
            await updateEvidence(db, {
              id: found.id,
              expectedRevision: found.revision,
              actorId: who.id,
              evidence: entry(s.type, s.starts, 0, s.minutes),
            })
          } else if (s.kind === 'withdraw') {
            const found = await latest(who.id)
            if (found) await withdrawEvidence(db, { id: found.id, reason: null, actorId: who.id })
          } else if (s.kind === 'move') {
            await db.updateTable('app_user').set({ team_id: teams[s.team]!.id }).where('id', '=', who.id).execute()
          } else if (s.kind === 'role') {
            await db
              .updateTable('app_user')
              .set({ job_role_code: JOB_ROLES[s.jobRole] })
              .where('id', '=', who.id)
              .execute()
          } else if (s.kind === 'active') {
            await db.updateTable('app_user').set({ active: s.active }).where('id', '=', who.id).execute()
          } else if (s.staff) {
            await db
              .insertInto('user_role')
              .values({ user_id: who.id, role: 'staff' })
              .onConflict((oc) => oc.doNothing())
              .execute()
          } else {
            await db.deleteFrom('user_role').where('user_id', '=', who.id).where('role', '=', 'staff').execute()
          }
        }
        expect(await rows(db)).toEqual(await recomputed(db))
      }),
      { numRuns: 25 },
    )
  }, 120_000)

  it('would be caught out by a missing trigger', async () => {
    const mover = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot' })
    await createEvidence(db, { ownerId: mover.id, evidence: entry(0, 1, 0, 90) })
    const elsewhere = await db
      .insertInto('team')
      .values({ code: 'cpd-west', name: 'CPD west' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`drop trigger app_user_cpd_total_on_update on app_user`.execute(trx)
        await trx.updateTable('app_user').set({ team_id: elsewhere.id }).where('id', '=', mover.id).execute()
        const kept = await rows(trx)
        await sql`select refresh_cpd_totals()`.execute(trx)
        expect(kept).not.toEqual(await rows(trx))
        throw new Rollback()
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error
      })
    expect(await rows(db)).toEqual(await recomputed(db))
  })
})
