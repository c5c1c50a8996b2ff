import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'
import { RuleError } from '#app/lib/rule-error'
import { selfMappingFormSchema } from '#app/models/capabilities/self-mapping.schema'
import { getSelfMappings, recordSelfMapping } from '#app/models/capabilities/self-mapping.server'
import { getCurrentVersion } from '#app/models/frameworks/frameworks.server'
import { makeUser } from '#tests/support/builders'
import { rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const pp = await rcotDomain(db, 'PP')
const leadership = await rcotDomain(db, 'LD')

const form = (fields: Partial<Record<'domainId' | 'levelId' | 'mappedOn' | 'rationale', string>> = {}) => ({
  versionId: pp.versionId,
  domainId: pp.domainId,
  levelId: pp.levels['5']!,
  mappedOn: addDays(today, -3),
  rationale: 'I lead complex seating assessments on my own.',
  ...fields,
})

describe('recording a self-mapping', () => {
  it('keeps the level, the date and the rationale, and reads it back as current', async () => {
    const ot = await makeUser(db)
    const saved = await recordSelfMapping(db, { personId: ot.id, form: form() })
    expect(saved).toMatchObject({ levelName: 'Level 5', ordinal: 5, mappedOn: addDays(today, -3) })
    const mappings = await getSelfMappings(db, { personId: ot.id, versionIds: [pp.versionId] })
    expect(mappings[pp.domainId]?.current).toMatchObject({
      id: saved.id,
      levelName: 'Level 5',
      rationale: 'I lead complex seating assessments on my own.',
    })
    // A calendar date comes back as the same text on both backends.
    expect(mappings[pp.domainId]?.current.mappedOn).toBe(addDays(today, -3))
  })

  it('adds to the history: the latest mapping is current and the earlier ones are kept', async () => {
    const ot = await makeUser(db)
    await recordSelfMapping(db, {
      personId: ot.id,
      form: form({ levelId: pp.levels['4']!, mappedOn: addDays(today, -90) }),
    })
    await recordSelfMapping(db, {
      personId: ot.id,
      form: form({ levelId: pp.levels['6']!, mappedOn: addDays(today, -1) }),
    })
    // Recorded later but dated earlier: history, not current.
    await recordSelfMapping(db, {
      personId: ot.id,
      form: form({ levelId: pp.levels['5']!, mappedOn: addDays(today, -30) }),
    })
    await recordSelfMapping(db, {
      personId: ot.id,
      form: form({ domainId: leadership.domainId, levelId: pp.levels['3']!, mappedOn: today }),
    })
    const mappings = await getSelfMappings(db, { personId: ot.id, versionIds: [pp.versionId] })
    expect(mappings[pp.domainId]?.current.ordinal).toBe(6)
    expect(mappings[pp.domainId]?.history.map((m) => m.ordinal)).toEqual([6, 5, 4])
    expect(mappings[leadership.domainId]?.current.ordinal).toBe(3)
    expect(mappings[leadership.domainId]?.history).toHaveLength(1)
  })

  it('keeps one person’s mappings apart from another’s and from signed-off levels', async () => {
    const ot = await makeUser(db)
    const other = await makeUser(db)
    await recordSelfMapping(db, { personId: ot.id, form: form() })
    expect(await getSelfMappings(db, { personId: other.id, versionIds: [pp.versionId] })).toEqual({})
    const achieved = await db.selectFrom('achieved_level').select('person_id').where('person_id', '=', ot.id).execute()
    expect(achieved).toEqual([])
  })

  it('is append-only in the database itself', async () => {
    const ot = await makeUser(db)
    const saved = await recordSelfMapping(db, { personId: ot.id, form: form() })
    await expect(
      db.updateTable('self_mapping').set({ rationale: 'rewritten' }).where('id', '=', saved.id).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('self_mapping').where('id', '=', saved.id).execute()).rejects.toThrow(/append-only/)
    await expect(sql`truncate self_mapping`.execute(db)).rejects.toThrow(/append-only/)
  })

  it('writes the audit trail in the same change', async () => {
    const ot = await makeUser(db)
    const saved = await recordSelfMapping(db, { personId: ot.id, form: form() })
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'data'])
      .where('subject_id', '=', ot.id)
      .where('action', '=', 'self-mapping.recorded')
      .executeTakeFirstOrThrow()
    expect(audit.data).toMatchObject({ selfMappingId: saved.id })
  })
})

describe('what a self-mapping may say', () => {
  it('refuses a level from another framework', async () => {
    const ot = await makeUser(db)
    const scc = await getCurrentVersion(db, 'scc')
    const sccLevel = await db
      .selectFrom('framework_level')
      .select('id')
      .where('version_id', '=', scc!.id)
      .executeTakeFirstOrThrow()
    const attempt = recordSelfMapping(db, { personId: ot.id, form: form({ levelId: sccLevel.id }) })
    await expect(attempt).rejects.toBeInstanceOf(RuleError)
    await expect(attempt).rejects.toMatchObject({ field: 'levelId' })
  })

  it('refuses a domain that is not in the version', async () => {
    const ot = await makeUser(db)
    const attempt = recordSelfMapping(db, { personId: ot.id, form: form({ domainId: ot.id }) })
    await expect(attempt).rejects.toMatchObject({ field: 'domainId' })
  })

  it('is refused by the database beyond the rationale limit, or with an empty rationale', async () => {
    const ot = await makeUser(db)
    const row = {
      person_id: ot.id,
      version_id: pp.versionId,
      domain_id: pp.domainId,
      level_id: pp.levels['5']!,
      mapped_on: today,
    }
    await expect(
      db
        .insertInto('self_mapping')
        .values({ ...row, rationale: 'x'.repeat(1001) })
        .execute(),
    ).rejects.toThrow(/self_mapping_rationale_check/)
    await expect(
      db
        .insertInto('self_mapping')
        .values({ ...row, rationale: '   ' })
        .execute(),
    ).rejects.toThrow(/self_mapping_rationale_check/)
  })

  it('is refused by the database when the level belongs to another version', async () => {
    const ot = await makeUser(db)
    const scc = await getCurrentVersion(db, 'scc')
    const sccLevel = await db
      .selectFrom('framework_level')
      .select('id')
      .where('version_id', '=', scc!.id)
      .executeTakeFirstOrThrow()
    await expect(
      db
        .insertInto('self_mapping')
        .values({
          person_id: ot.id,
          version_id: pp.versionId,
          domain_id: pp.domainId,
          level_id: sccLevel.id,
          mapped_on: today,
          rationale: 'Crossed wires',
        })
        .execute(),
    ).rejects.toThrow(/self_mapping_level_fkey/)
  })
})

describe('the self-mapping form', () => {
  const schema = selfMappingFormSchema(today)
  const errors = (fields: Record<string, string>) => {
    const result = schema.safeParse({ ...form(), ...fields })
    const found: Record<string, string> = {}
    // The first message for a field is the one the page shows, as parseForm does.
    for (const issue of result.error?.issues ?? []) found[issue.path.join('.')] ??= issue.message
    return found
  }

  it('accepts today and trims the rationale', () => {
    const result = schema.safeParse({ ...form(), mappedOn: today, rationale: '  Because.  ' })
    expect(result.success && result.data.rationale).toBe('Because.')
  })

  it('refuses a date in the future, a date that does not exist and a missing date', () => {
    expect(errors({ mappedOn: addDays(today, 1) }).mappedOn).toMatch(/future/)
    expect(errors({ mappedOn: '2026-02-30' }).mappedOn).toMatch(/real date/)
    expect(errors({ mappedOn: '' }).mappedOn).toMatch(/Enter the date/)
  })

  it('needs a rationale, and a short one', () => {
    expect(errors({ rationale: '   ' }).rationale).toMatch(/why/)
    expect(errors({ rationale: 'x'.repeat(1001) }).rationale).toMatch(/1000 characters/)
    expect(errors({ rationale: 'x'.repeat(1000) }).rationale).toBeUndefined()
  })

  it('needs a level chosen from the list', () => {
    expect(errors({ levelId: '' }).levelId).toMatch(/level/)
    expect(errors({ levelId: 'level-nine' }).levelId).toMatch(/level/)
  })
})
