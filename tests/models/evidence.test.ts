import { describe, expect, it } from 'vitest'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import { listEvidenceLog } from '#app/models/evidence/log.server'
import { readLogFilters } from '#app/models/evidence/log.schema'
import type { EvidenceInput } from '#app/models/evidence/evidence.schema'
import { EvidenceChangedError, EvidenceWithdrawnError, UnmappableCapabilityError } from '#app/models/evidence/errors'
import {
  createEvidence,
  getEvidenceDetail,
  getEvidenceSubject,
  updateEvidence,
  withdrawEvidence,
} from '#app/models/evidence/evidence.server'
import { listMappableCapabilitiesFor } from '#app/models/evidence/mappings.server'
import { checkFrameworkDocument } from '#app/models/frameworks/document.schema'
import { importFrameworkDocument, publishFrameworkVersion } from '#app/models/frameworks/import.server'
import { EMPTY_EVIDENCE, makeSupervision, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

const capability = async (code: string) =>
  (
    await db
      .selectFrom('capability as c')
      .innerJoin('framework_version as v', 'v.id', 'c.version_id')
      .innerJoin('framework as f', 'f.id', 'v.framework_id')
      .select('c.id')
      .where('f.code', '=', 'rcot-cdf')
      .where('c.code', '=', code)
      .executeTakeFirstOrThrow()
  ).id

const full = (overrides: Partial<EvidenceInput> = {}): EvidenceInput => ({
  ...EMPTY_EVIDENCE,
  status: 'complete',
  title: 'Hoist and sling training',
  activityType: 'formal-educational',
  startsOn: '2026-10-01',
  minutes: 180,
  description: 'Half-day course on hoists.',
  reflectionLearned: 'Sling sizing.',
  reflectionPractice: 'I measure first.',
  reflectionBenefit: 'Safer transfers.',
  ...overrides,
})

describe('saving evidence', () => {
  it('keeps every save as a revision with a content hash', async () => {
    const owner = await makeUser(db)
    const id = await createEvidence(db, {
      ownerId: owner.id,
      evidence: { ...EMPTY_EVIDENCE, title: 'Started on my phone' },
    })
    const revision = await updateEvidence(db, { id, expectedRevision: 1, evidence: full(), actorId: owner.id })
    expect(revision).toBe(2)
    const detail = await getEvidenceDetail(db, id)
    expect(detail?.revisions.map((r) => [r.revision, r.event])).toEqual([
      [2, 'edited'],
      [1, 'created'],
    ])
    expect(detail?.revisions[0].contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(detail?.revisions[0].contentHash).not.toBe(detail?.revisions[1].contentHash)
    expect(detail?.contentHash).toBe(detail?.revisions[0].contentHash)
  })

  it('does not add a revision when nothing changed', async () => {
    const owner = await makeUser(db)
    const id = await createEvidence(db, { ownerId: owner.id, evidence: full() })
    expect(await updateEvidence(db, { id, expectedRevision: 1, evidence: full(), actorId: owner.id })).toBe(1)
  })

  it('tells the second of two tabs that the entry changed, and keeps the first tab’s save', async () => {
    const owner = await makeUser(db)
    const id = await createEvidence(db, { ownerId: owner.id, evidence: full() })
    await updateEvidence(db, { id, expectedRevision: 1, evidence: full({ title: 'From tab one' }), actorId: owner.id })
    await expect(
      updateEvidence(db, { id, expectedRevision: 1, evidence: full({ title: 'From tab two' }), actorId: owner.id }),
    ).rejects.toThrow(EvidenceChangedError)
    expect((await getEvidenceDetail(db, id))?.title).toBe('From tab one')
  })

  it('maps to capabilities of published versions only', async () => {
    const owner = await makeUser(db)
    const id = await createEvidence(db, {
      ownerId: owner.id,
      evidence: full({ mappings: [{ capabilityId: await capability('5PP'), note: 'home visits' }] }),
    })
    expect((await getEvidenceDetail(db, id))?.mappings).toEqual([
      expect.objectContaining({
        code: '5PP',
        note: 'home visits',
        frameworkCode: 'rcot-cdf',
        versionStatus: 'published',
      }),
    ])
    const unknown = '00000000-0000-4000-8000-000000000000'
    await expect(
      createEvidence(db, { ownerId: owner.id, evidence: full({ mappings: [{ capabilityId: unknown, note: null }] }) }),
    ).rejects.toThrow(UnmappableCapabilityError)
  })

  it('refuses a new mapping to a retired version but keeps one made before it retired', async () => {
    const owner = await makeUser(db)
    const doc = (label: string, statement: string) => {
      const checked = checkFrameworkDocument({
        source: 'Test.',
        framework: { code: 'retiring', name: 'Retiring' },
        version: { label, status: 'published' },
        domains: [{ code: 'D', name: 'D' }],
        capabilities: [{ code: 'C', domain: 'D', statement }],
      })
      if (!checked.ok) throw new Error(checked.problems.join())
      return checked.document
    }
    const v1 = await importFrameworkDocument(db, doc('v1', 'First wording'), { origin: 'json', publishIfFirst: true })
    const old = await db
      .selectFrom('capability')
      .select('id')
      .where('version_id', '=', v1.versionId)
      .executeTakeFirstOrThrow()
    const id = await createEvidence(db, {
      ownerId: owner.id,
      evidence: full({ mappings: [{ capabilityId: old.id, note: null }] }),
    })
    const v2 = await importFrameworkDocument(db, doc('v2', 'Second wording'), { origin: 'json' })
    await publishFrameworkVersion(db, { versionId: v2.versionId, actorId: null })

    await updateEvidence(db, {
      id,
      expectedRevision: 1,
      evidence: full({ title: 'Edited later', mappings: [{ capabilityId: old.id, note: null }] }),
      actorId: owner.id,
    })
    await expect(
      createEvidence(db, { ownerId: owner.id, evidence: full({ mappings: [{ capabilityId: old.id, note: null }] }) }),
    ).rejects.toThrow(UnmappableCapabilityError)

    const offered = await listMappableCapabilitiesFor(db, id)
    expect(offered.filter((c) => c.id === old.id)).toEqual([
      expect.objectContaining({ code: 'C', frameworkName: 'Retiring (retired version)' }),
    ])
    expect(offered.some((c) => c.statement === 'Second wording')).toBe(true)
  })

  it('withdraws an entry without deleting it, and refuses edits afterwards', async () => {
    const owner = await makeUser(db)
    const id = await createEvidence(db, { ownerId: owner.id, evidence: full() })
    await withdrawEvidence(db, { id, reason: 'Duplicate', actorId: owner.id })
    const detail = await getEvidenceDetail(db, id)
    expect(detail).toMatchObject({ withdrawnReason: 'Duplicate', revision: 2 })
    expect(detail?.revisions[0]).toMatchObject({ revision: 2, event: 'withdrawn' })
    await expect(updateEvidence(db, { id, expectedRevision: 2, evidence: full(), actorId: owner.id })).rejects.toThrow(
      EvidenceWithdrawnError,
    )
    expect((await getEvidenceSubject(db, id))?.withdrawn).toBe(true)
  })

  it('keeps revisions append-only in the database itself', async () => {
    const owner = await makeUser(db)
    const id = await createEvidence(db, { ownerId: owner.id, evidence: full() })
    await expect(
      db.updateTable('evidence_revision').set({ content_hash: 'x' }).where('evidence_id', '=', id).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('evidence_revision').where('evidence_id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    )
  })
})

describe('who an entry is visible to', () => {
  it('names the owner’s current supervisors only', async () => {
    const owner = await makeUser(db)
    const now = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const before = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, before, owner, { startsOn: '2024-01-01', endsOn: '2025-01-01' })
    await makeSupervision(db, now, owner, { startsOn: '2025-01-02' })
    const id = await createEvidence(db, { ownerId: owner.id, evidence: full() })
    expect(await getEvidenceSubject(db, id)).toEqual({
      kind: 'evidence',
      ownerId: owner.id,
      currentSupervisorIds: [now.id],
      withdrawn: false,
    })
    expect(await getEvidenceSubject(db, 'not-a-uuid')).toBeUndefined()
  })
})

describe('the log', () => {
  it('filters by whether an entry has attachments', async () => {
    const owner = await makeUser(db)
    const withFile = await createEvidence(db, { ownerId: owner.id, evidence: full({ title: 'With certificate' }) })
    await createEvidence(db, { ownerId: owner.id, evidence: full({ title: 'No files' }) })
    await attachEvidenceFile(db, {
      evidenceId: withFile,
      actorId: owner.id,
      fileName: 'c.txt',
      bytes: new TextEncoder().encode('certificate'),
    })
    const titles = async (query: string) =>
      (
        await listEvidenceLog(db, {
          ownerId: owner.id,
          filters: readLogFilters(new URLSearchParams(query)).filters,
          page: 1,
        })
      ).items.map((i) => i.title)
    expect(await titles('files=yes')).toEqual(['With certificate'])
    expect(await titles('files=no')).toEqual(['No files'])
    expect((await titles('')).sort()).toEqual(['No files', 'With certificate'])
  })

  it('searches with any run of minus signs the search box is given, as one', async () => {
    const owner = await makeUser(db)
    await createEvidence(db, { ownerId: owner.id, evidence: full({ title: 'Falls prevention study day' }) })
    await createEvidence(db, { ownerId: owner.id, evidence: full({ title: 'Seating clinic' }) })
    const titles = async (q: string) =>
      (
        await listEvidenceLog(db, {
          ownerId: owner.id,
          filters: readLogFilters(new URLSearchParams({ q })).filters,
          page: 1,
        })
      ).items.map((i) => i.title)
    for (const q of [`${'-'.repeat(60)}falls`, `${'- '.repeat(40)}falls`, `${'-('.repeat(40)}falls`]) {
      expect(await titles(`seating ${q}`), q).toEqual(['Seating clinic'])
    }
    expect(await titles('falls -seating')).toEqual(['Falls prevention study day'])
    expect(await titles('tilt-in-space')).toEqual([])
  })

  it('filters, searches and totals one person’s entries, newest first, without withdrawn ones', async () => {
    const owner = await makeUser(db)
    const other = await makeUser(db)
    await createEvidence(db, { ownerId: other.id, evidence: full({ title: 'Someone else’s hoist course' }) })
    await createEvidence(db, {
      ownerId: owner.id,
      evidence: full({ title: 'Hoists', startsOn: '2025-03-01', minutes: 60 }),
    })
    await createEvidence(db, {
      ownerId: owner.id,
      evidence: full({
        title: 'Journal club on seating',
        description: 'Discussed a paper on tilt-in-space chairs.',
        activityType: 'professional-activity',
        startsOn: '2026-02-01',
        minutes: 45,
      }),
    })
    await createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'Draft idea' } })
    const gone = await createEvidence(db, { ownerId: owner.id, evidence: full({ title: 'Withdrawn hoist entry' }) })
    await withdrawEvidence(db, { id: gone, reason: null, actorId: owner.id })

    const all = await listEvidenceLog(db, {
      ownerId: owner.id,
      filters: readLogFilters(new URLSearchParams()).filters,
      page: 1,
    })
    expect(all.items.map((i) => i.title)).toEqual(['Draft idea', 'Journal club on seating', 'Hoists'])
    expect(all.totals.minutes).toBe(105)
    expect(all.totals.byYear).toEqual([
      { year: null, minutes: 0, entries: 1 },
      { year: 2026, minutes: 45, entries: 1 },
      { year: 2025, minutes: 60, entries: 1 },
    ])

    const search = await listEvidenceLog(db, {
      ownerId: owner.id,
      filters: readLogFilters(new URLSearchParams('q=hoist')).filters,
      page: 1,
    })
    expect(search.items.map((i) => i.title)).toEqual(['Hoists'])

    const filtered = await listEvidenceLog(db, {
      ownerId: owner.id,
      filters: readLogFilters(new URLSearchParams('type=professional-activity&from=2026-01-01')).filters,
      page: 1,
    })
    expect(filtered.items.map((i) => i.title)).toEqual(['Journal club on seating'])

    const withdrawn = await listEvidenceLog(db, {
      ownerId: owner.id,
      filters: readLogFilters(new URLSearchParams('status=withdrawn')).filters,
      page: 1,
    })
    expect(withdrawn.items.map((i) => i.title)).toEqual(['Withdrawn hoist entry'])
  })

  it('filters by framework mapped to', async () => {
    const owner = await makeUser(db)
    await createEvidence(db, {
      ownerId: owner.id,
      evidence: full({ title: 'Mapped', mappings: [{ capabilityId: await capability('6LD'), note: null }] }),
    })
    await createEvidence(db, { ownerId: owner.id, evidence: full({ title: 'Unmapped' }) })
    const log = await listEvidenceLog(db, {
      ownerId: owner.id,
      filters: readLogFilters(new URLSearchParams('framework=rcot-cdf')).filters,
      page: 1,
    })
    expect(log.items.map((i) => [i.title, i.mappingCount])).toEqual([['Mapped', 1]])
  })
})
