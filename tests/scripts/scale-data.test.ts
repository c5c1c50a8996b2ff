import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { appendRevision } from '#app/models/evidence/revisions.server'
import { generate } from '#scripts/scale-data/generate'
import { jsonRows } from '#scripts/scale-data/bulk'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const quietly = async (work: () => Promise<void>) => {
  const log = console.log
  console.log = () => {}
  try {
    await work()
  } finally {
    console.log = log
  }
}

const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n)

describe('the scale data generator', () => {
  it('writes the entries asked for, each with its first revision, hashed as the portal hashes them', async () => {
    await quietly(() => generate(database, { people: 120, entries: 1_200, seed: 7 }))
    expect(await count('evidence')).toBe(1_200)
    expect(await count('evidence_revision')).toBe(1_200)
    expect(await count('evidence_capability')).toBeGreaterThan(600)
    const sample = await db
      .selectFrom('evidence')
      .select(['id', 'owner_id as ownerId', 'content_hash as hash'])
      .orderBy('id')
      .limit(25)
      .execute()
    for (const entry of sample) {
      // Recording the entry's state again finds it unchanged only when the stored hash is the portal's own.
      const revision = await db
        .transaction()
        .execute((trx) => appendRevision(trx, { evidenceId: entry.id, event: 'edited', actorId: entry.ownerId }))
      expect(revision).toBe(1)
    }
    expect(await count('evidence_revision')).toBe(1_200)
  })

  it('keeps the search index and the CPD totals as the portal does', async () => {
    const index = await sql<{ n: string }>`
      select count(*) as n from pg_indexes where indexname = 'evidence_search_idx'`.execute(db)
    expect(Number(index.rows[0].n)).toBe(1)
    const found = await sql<{ n: string }>`
      select count(*) as n from evidence where search @@ plainto_tsquery('english', 'learned')`.execute(db)
    expect(Number(found.rows[0].n)).toBeGreaterThan(0)
    const before = await sql`select * from cpd_total order by 1, 2, 3, 4, 5`.execute(db)
    await sql`select refresh_cpd_totals()`.execute(db)
    const after = await sql`select * from cpd_total order by 1, 2, 3, 4, 5`.execute(db)
    expect(after.rows).toEqual(before.rows)
    expect(before.rows.length).toBeGreaterThan(0)
  })

  it('puts apprentices on programme, with off-the-job hours and reviews, and some OTs who came through it', async () => {
    const apprentices = await db
      .selectFrom('app_user as u')
      .leftJoin('apprenticeship as a', 'a.person_id', 'u.id')
      .select(['u.id', 'a.status'])
      .where('u.job_role_code', '=', 'ot-apprentice')
      .execute()
    expect(apprentices.length).toBeGreaterThan(0)
    expect(apprentices.filter((a) => a.status === null)).toEqual([])
    expect(await count('otj_log')).toBeGreaterThan(apprentices.length)
    expect(await count('apprenticeship_review')).toBeGreaterThan(0)
    const completed = await db
      .selectFrom('apprenticeship as a')
      .innerJoin('app_user as u', 'u.id', 'a.person_id')
      .select('u.job_role_code')
      .where('a.status', '=', 'completed')
      .execute()
    expect(completed.every((c) => c.job_role_code === 'ot')).toBe(true)
  })

  it('refuses to run a second time on the same database', async () => {
    await expect(quietly(() => generate(database, { people: 5, entries: 10, seed: 7 }))).rejects.toThrow(
      /already holds generated scale data/,
    )
    expect(await count('evidence')).toBe(1_200)
  })
})

describe('rows as one JSON parameter', () => {
  it('writes a value already in JSON as it is, beside the other fields', () => {
    const rows = [{ id: 'a', content: '{"title":"x","n":[1,2]}', note: 'say "hi"' }]
    expect(JSON.parse(jsonRows(rows, 'content'))).toEqual([
      { id: 'a', note: 'say "hi"', content: { title: 'x', n: [1, 2] } },
    ])
    expect(JSON.parse(jsonRows([{ content: '[]' }], 'content'))).toEqual([{ content: [] }])
    expect(JSON.parse(jsonRows([]))).toEqual([])
  })
})
