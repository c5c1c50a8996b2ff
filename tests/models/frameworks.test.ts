import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { FrameworkDataError, loadFrameworkData, readFrameworkDataFiles } from '#app/models/frameworks/data-files.server'
import { type FrameworkDocumentInput, checkFrameworkDocument } from '#app/models/frameworks/document.schema'
import {
  FrameworkVersionStateError,
  discardDraftVersion,
  importFrameworkDocument,
  publishFrameworkVersion,
  retireFrameworkVersion,
} from '#app/models/frameworks/import.server'
import { getRoleRequirementsDocument } from '#app/models/frameworks/requirements-export.server'
import {
  getFrameworkDocument,
  getVersionHeader,
  listFrameworks,
  listRoleRequirements,
} from '#app/models/frameworks/frameworks.server'
import { createEvidence, getEvidenceDetail } from '#app/models/evidence/evidence.server'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const DATA = path.resolve(__dirname, '../../framework-data')

function tempDataDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-fw-'))
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
  }
  return dir
}

function smallFramework(code: string, overrides: Partial<FrameworkDocumentInput> = {}): FrameworkDocumentInput {
  return {
    source: 'Test data written for this test.',
    framework: { code, name: `Framework ${code}` },
    version: { label: 'v1', status: 'published' },
    levels: [
      { code: 'L1', ordinal: 1, name: 'Level 1' },
      { code: 'L2', ordinal: 2, name: 'Level 2' },
    ],
    domains: [
      { code: 'A', name: 'Domain A' },
      { code: 'B', name: 'Domain B' },
    ],
    capabilities: [
      { code: 'A1', domain: 'A', level: 'L1', statement: 'I do A at level 1' },
      { code: 'A2', domain: 'A', level: 'L2', statement: 'I do A at level 2' },
      { code: 'B1', domain: 'B', level: 'L1', statement: 'I do B at level 1' },
    ],
    ...overrides,
  }
}

function checked(input: FrameworkDocumentInput) {
  const result = checkFrameworkDocument(input)
  if (!result.ok) throw new Error(result.problems.join('\n'))
  return result.document
}

describe('the shipped framework data', () => {
  it('is loaded: the RCOT framework has four pillars, nine levels and 36 descriptors, published', async () => {
    const header = await getVersionHeader(db, 'rcot-cdf', 1)
    expect(header).toMatchObject({ status: 'published', label: '2nd edition (2021, v2/2022)' })
    const document = await getFrameworkDocument(db, 'rcot-cdf', 1)
    expect(document?.domains.map((d) => d.name)).toEqual([
      'Professional Practice',
      'Facilitation of Learning',
      'Leadership',
      'Evidence, Research and Development',
    ])
    expect(document?.levels).toHaveLength(9)
    expect(document?.capabilities).toHaveLength(36)
    expect(document?.levels.every((level) => level.provisional && level.name === `Level ${level.ordinal}`)).toBe(true)
  })

  it('includes the starter Social Care Capabilities ladder around Practitioner and Experienced Practitioner', async () => {
    const document = await getFrameworkDocument(db, 'scc', 1)
    expect(document?.levels.map((l) => [l.name, l.provisional])).toEqual(
      expect.arrayContaining([
        ['Practitioner', false],
        ['Experienced Practitioner', false],
      ]),
    )
    expect(document?.domains).toHaveLength(9)
    expect(document?.capabilities).toHaveLength(45)
    expect(document?.provisional.length).toBeGreaterThan(0)
  })

  it('sets role requirements in two tiers: the advanced primary-care OT needs one pillar, works towards all four', async () => {
    const header = await getVersionHeader(db, 'rcot-cdf', 1)
    const requirements = await listRoleRequirements(db, header!.id)
    const of = (role: string) =>
      requirements.filter((r) => r.jobRoleCode === role).map((r) => [r.tier, r.domainCode, r.levelCode])
    expect(of('advanced-primary-care-ot')).toEqual([
      ['essential', 'PP', '7'],
      ['desirable', null, '7'],
    ])
    expect(of('ot-apprentice')).toEqual([
      ['essential', null, '3'],
      ['desirable', null, '5'],
    ])
    expect(of('ot')).toEqual([['essential', null, '5']])
    // Every row says where its level comes from.
    expect(requirements.every((r) => (r.note ?? '').length > 20)).toBe(true)
  })

  it('changes nothing when loaded again', async () => {
    const before = await listFrameworks(db)
    const report = await loadFrameworkData(db, DATA)
    expect(report.frameworks.every((f) => f.outcome === 'unchanged')).toBe(true)
    expect(report.requirements.added).toBe(0)
    expect(await listFrameworks(db)).toEqual(before)
  })
})

describe('versions', () => {
  it('turns a changed file into a new draft, never an edit of the published version', async () => {
    const first = tempDataDir({ 'x/v.json': smallFramework('changing') })
    await loadFrameworkData(db, first)
    const changed = smallFramework('changing')
    changed.capabilities![0] = { code: 'A1', domain: 'A', level: 'L1', statement: 'I now do A differently' }
    const report = await loadFrameworkData(db, tempDataDir({ 'x/v.json': changed }))
    expect(report.frameworks[0]).toMatchObject({
      outcome: 'created',
      number: 2,
      status: 'draft',
      label: 'v1 (revision 2)',
    })
    const published = await getFrameworkDocument(db, 'changing', 1)
    expect(published?.capabilities[0].statement).toBe('I do A at level 1')
  })

  it('refuses any change to a published version in the database itself', async () => {
    const { versionId } = await importFrameworkDocument(db, checked(smallFramework('frozen')), {
      origin: 'json',
      publishIfFirst: true,
    })
    const attempts = [
      () => db.updateTable('capability').set({ statement: 'rewritten' }).where('version_id', '=', versionId).execute(),
      () => db.deleteFrom('capability').where('version_id', '=', versionId).execute(),
      () => db.updateTable('framework_level').set({ name: 'renamed' }).where('version_id', '=', versionId).execute(),
      () => db.updateTable('framework_domain').set({ name: 'renamed' }).where('version_id', '=', versionId).execute(),
      () => db.updateTable('framework_version').set({ label: 'relabelled' }).where('id', '=', versionId).execute(),
      () => db.updateTable('framework_version').set({ status: 'draft' }).where('id', '=', versionId).execute(),
      () => db.deleteFrom('framework_version').where('id', '=', versionId).execute(),
    ]
    // One at a time: a rejection with nothing yet waiting for it would be reported as unhandled.
    for (const attempt of attempts) await expect(attempt()).rejects.toThrow(/cannot (change|be changed|be deleted)/)
  })

  it('lets a draft be edited or discarded, but not retired before it is published', async () => {
    const { versionId } = await importFrameworkDocument(
      db,
      checked({ ...smallFramework('drafty'), version: { label: 'd' } }),
      {
        origin: 'json',
      },
    )
    await db
      .updateTable('capability')
      .set({ statement: 'edited while draft' })
      .where('version_id', '=', versionId)
      .execute()
    await expect(retireFrameworkVersion(db, { versionId, actorId: null })).rejects.toThrow(FrameworkVersionStateError)
    await discardDraftVersion(db, { versionId, actorId: null })
    expect(
      await db.selectFrom('framework_version').select('id').where('id', '=', versionId).executeTakeFirst(),
    ).toBeUndefined()
  })

  it('retires the previous version on publishing, carrying requirements forward and listing what has no successor', async () => {
    const v1 = await importFrameworkDocument(db, checked(smallFramework('moving')), {
      origin: 'json',
      publishIfFirst: true,
    })
    const levels = await db
      .selectFrom('framework_level')
      .select(['id', 'code'])
      .where('version_id', '=', v1.versionId)
      .execute()
    const domainA = await db
      .selectFrom('framework_domain')
      .select('id')
      .where('version_id', '=', v1.versionId)
      .where('code', '=', 'A')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('role_requirement')
      .values([
        {
          job_role_code: 'ot',
          version_id: v1.versionId,
          domain_id: null,
          minimum_level_id: levels[1].id,
          provisional: false,
          note: null,
        },
        {
          job_role_code: 'ot',
          version_id: v1.versionId,
          domain_id: null,
          minimum_level_id: levels[1].id,
          tier: 'desirable',
          provisional: true,
          note: 'working towards',
        },
        {
          job_role_code: 'senior-ot',
          version_id: v1.versionId,
          domain_id: domainA.id,
          minimum_level_id: levels[1].id,
          provisional: true,
          note: 'A only',
        },
      ])
      .execute()
    const v2doc = smallFramework('moving', {
      version: { label: 'v2' },
      capabilities: [
        { code: 'A1', domain: 'A', level: 'L1', statement: 'I do A at level 1' },
        { code: 'A2', domain: 'A', level: 'L2', statement: 'I do A at level 2, revised' },
        { code: 'B2', domain: 'B', level: 'L2', statement: 'New in v2' },
      ],
    })
    const v2 = await importFrameworkDocument(db, checked(v2doc), { origin: 'json' })
    expect(v2.status).toBe('draft')
    const outcome = await publishFrameworkVersion(db, { versionId: v2.versionId, actorId: null })
    expect(outcome.retiredVersionId).toBe(v1.versionId)
    expect(outcome.carriedRequirements).toBe(3)
    expect(outcome.capabilitiesWithoutSuccessor).toEqual([{ code: 'B1', statement: 'I do B at level 1' }])
    expect((await getVersionHeader(db, 'moving', 1))?.status).toBe('retired')
    const carried = await listRoleRequirements(db, v2.versionId)
    // Both tiers carry, each keeping its tier.
    expect(carried.map((r) => [r.jobRoleCode, r.tier, r.domainCode, r.levelCode, r.note])).toEqual([
      ['ot', 'essential', null, 'L2', null],
      ['ot', 'desirable', null, 'L2', 'working towards'],
      ['senior-ot', 'essential', 'A', 'L2', 'A only'],
    ])
    const provenance = await db
      .selectFrom('role_requirement')
      .select('carried_from_id')
      .where('version_id', '=', v2.versionId)
      .execute()
    expect(provenance.every((row) => row.carried_from_id !== null)).toBe(true)
    const crosswalk = await sql<{
      n: number
    }>`select count(*)::int as n from capability_crosswalk where to_version_id = ${v2.versionId}`.execute(db)
    expect(crosswalk.rows[0].n).toBe(2)
  })

  it('follows an explicit crosswalk instead of matching codes', async () => {
    const v1 = smallFramework('split')
    const v2 = smallFramework('split', {
      version: { label: 'v2' },
      capabilities: [
        { code: 'A1a', domain: 'A', level: 'L1', statement: 'First half of A1' },
        { code: 'A1b', domain: 'A', level: 'L1', statement: 'Second half of A1' },
        { code: 'A2', domain: 'A', level: 'L2', statement: 'I do A at level 2' },
        { code: 'B1', domain: 'B', level: 'L1', statement: 'I do B at level 1' },
      ],
    })
    const crosswalk = {
      source: 'Test crosswalk.',
      framework: 'split',
      from: 'v1',
      to: 'v2',
      mappings: [
        { from: 'A1', to: 'A1a', relation: 'split' },
        { from: 'A1', to: 'A1b', relation: 'split' },
      ],
    }
    const dir = tempDataDir({ 'split/v1.json': v1 })
    await loadFrameworkData(db, dir)
    fs.writeFileSync(path.join(dir, 'split/v2.json'), JSON.stringify(v2))
    fs.mkdirSync(path.join(dir, 'crosswalks'))
    fs.writeFileSync(path.join(dir, 'crosswalks/split-v1-v2.json'), JSON.stringify(crosswalk))
    const report = await loadFrameworkData(db, dir)
    expect(report.crosswalkRows).toBe(2)
    const draft = report.frameworks.find((f) => f.outcome === 'created')!
    const outcome = await publishFrameworkVersion(db, { versionId: draft.versionId, actorId: null })
    expect(outcome.capabilitiesWithoutSuccessor).toEqual([])
    const rows = await db
      .selectFrom('capability_crosswalk as x')
      .innerJoin('capability as t', 't.id', 'x.to_capability_id')
      .select(['t.code', 'x.relation'])
      .where('x.to_version_id', '=', draft.versionId)
      .orderBy('t.code')
      .execute()
    expect(rows).toEqual([
      { code: 'A1a', relation: 'split' },
      { code: 'A1b', relation: 'split' },
      { code: 'A2', relation: 'same' },
      { code: 'B1', relation: 'same' },
    ])
  })
})

describe('evidence when a new version is published', () => {
  it('is carried to successor capabilities with the capability it came from, keeping the original mapping', async () => {
    const owner = await makeUser(db)
    const v1 = await importFrameworkDocument(db, checked(smallFramework('carrying')), {
      origin: 'json',
      publishIfFirst: true,
    })
    const a1 = await db
      .selectFrom('capability')
      .select('id')
      .where('version_id', '=', v1.versionId)
      .where('code', '=', 'A1')
      .executeTakeFirstOrThrow()
    const evidenceId = await createEvidence(db, {
      ownerId: owner.id,
      evidence: { ...EMPTY_EVIDENCE, title: 'Mapped to A1', mappings: [{ capabilityId: a1.id, note: 'home visits' }] },
    })
    const hashBefore = (await getEvidenceDetail(db, evidenceId))!.contentHash
    const v2 = await importFrameworkDocument(
      db,
      checked(smallFramework('carrying', { version: { label: 'v2' }, provisional: ['changed'] })),
      {
        origin: 'json',
      },
    )
    const outcome = await publishFrameworkVersion(db, { versionId: v2.versionId, actorId: null })
    expect(outcome.carriedEvidenceMappings).toBe(1)
    const detail = await getEvidenceDetail(db, evidenceId)
    expect(detail!.mappings.map((m) => [m.code, m.versionNumber, m.carriedFromCode, m.note])).toEqual([
      ['A1', 1, null, 'home visits'],
      ['A1', 2, 'A1', 'home visits'],
    ])
    expect(detail!.contentHash).toBe(hashBefore)
  })
})

describe('a data file that breaks the schema', () => {
  it('fails the load with the file, the path and the reason, and writes nothing', async () => {
    const broken = smallFramework('broken-one')
    broken.capabilities![1] = { code: 'A2', domain: 'NOPE', level: 'L9', statement: 'x' }
    const dir = tempDataDir({
      'good/ok.json': smallFramework('never-written'),
      'bad/broken.json': broken,
      'bad/not-json.json': '{ "source": ',
      'bad/no-source.json': { ...smallFramework('nosource'), source: '' },
    })
    let error: unknown
    try {
      await loadFrameworkData(db, dir)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(FrameworkDataError)
    const problems = (error as FrameworkDataError).problems
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'bad/broken.json', problem: "capabilities[1].domain: unknown domain 'NOPE'" },
        { file: 'bad/broken.json', problem: "capabilities[1].level: unknown level 'L9'" },
        expect.objectContaining({ file: 'bad/not-json.json', problem: expect.stringMatching(/^not valid JSON/) }),
        { file: 'bad/no-source.json', problem: 'source: must name where the framework comes from' },
      ]),
    )
    expect(
      await db.selectFrom('framework').select('id').where('code', '=', 'never-written').executeTakeFirst(),
    ).toBeUndefined()
  })

  it('reports domains whose parents form a cycle', () => {
    const cyclic = smallFramework('cyclic', {
      domains: [
        { code: 'A', name: 'A', parent: 'B' },
        { code: 'B', name: 'B', parent: 'A' },
      ],
    })
    expect(() => readFrameworkDataFiles(tempDataDir({ 'c.json': cyclic }))).toThrow(/domains form a cycle: A → B → A/)
  })
})

describe('role requirements in two tiers', () => {
  beforeAll(() => loadFrameworkData(db, tempDataDir({ 'tiers/v1.json': smallFramework('tiers') })))
  const requirement = (row: Record<string, unknown>) => ({ jobRole: 'ot', framework: 'tiers', domain: '*', ...row })
  const requirementsFile = (rows: Record<string, unknown>[]) => ({
    source: 'Test requirements written for this test.',
    requirements: rows.map(requirement),
  })
  const versionOf = async (code: string) =>
    (
      await db
        .selectFrom('framework_version as v')
        .innerJoin('framework as f', 'f.id', 'v.framework_id')
        .select('v.id')
        .where('f.code', '=', code)
        .executeTakeFirstOrThrow()
    ).id
  const problemsOf = async (dir: string) => {
    try {
      await loadFrameworkData(db, dir)
    } catch (error) {
      if (error instanceof FrameworkDataError) return error.problems
      throw error
    }
    return []
  }

  it('loads essential and desirable levels, essential when the file does not say', async () => {
    const dir = tempDataDir({
      'tiers/v1.json': smallFramework('tiers'),
      'role-requirements.json': requirementsFile([
        { minimumLevel: 'L1' },
        { minimumLevel: 'L2', tier: 'desirable', note: 'working towards' },
        { jobRole: 'senior-ot', domain: 'A', minimumLevel: 'L2', tier: 'essential' },
      ]),
    })
    const report = await loadFrameworkData(db, dir)
    expect(report.requirements).toEqual({ added: 3, updated: 0, unchanged: 0 })
    const loaded = await listRoleRequirements(db, await versionOf('tiers'))
    expect(loaded.map((r) => [r.jobRoleCode, r.tier, r.domainCode, r.levelCode])).toEqual([
      ['ot', 'essential', null, 'L1'],
      ['ot', 'desirable', null, 'L2'],
      ['senior-ot', 'essential', 'A', 'L2'],
    ])
    expect((await loadFrameworkData(db, dir)).requirements).toEqual({ added: 0, updated: 0, unchanged: 3 })
  })

  it('refuses a desirable level below the essential one for the same domain, saying which row, and writes nothing', async () => {
    const dir = tempDataDir({
      'tiers-low/v1.json': smallFramework('tiers-low'),
      'role-requirements.json': requirementsFile([
        { framework: 'tiers-low', minimumLevel: 'L1' },
        // Every domain at L1 is fine, but domain A's own essential level is L2, above the desirable L1.
        { framework: 'tiers-low', domain: 'A', minimumLevel: 'L2' },
        { framework: 'tiers-low', minimumLevel: 'L1', tier: 'desirable' },
      ]),
    })
    expect(await problemsOf(dir)).toEqual([
      {
        file: 'role-requirements.json',
        problem:
          "requirements.2.minimumLevel: the desirable level 'L1' for ot is below the essential level 'L2' " +
          '(requirements.1) in A; a desirable level is one the role works towards, so it is at or above the essential one',
      },
    ])
    const written = await db
      .selectFrom('role_requirement')
      .select('id')
      .where('version_id', '=', await versionOf('tiers-low'))
      .execute()
    expect(written).toEqual([])
  })

  it('refuses an unknown tier and a repeated row with a clear message', async () => {
    const unknown = tempDataDir({ 'role-requirements.json': requirementsFile([{ minimumLevel: 'L1', tier: 'nice' }]) })
    expect(() => readFrameworkDataFiles(unknown)).toThrow(/requirements\.0\.tier: must be 'essential' or 'desirable'/)
    const repeated = tempDataDir({
      'role-requirements.json': requirementsFile([
        { minimumLevel: 'L1' },
        { minimumLevel: 'L2', tier: 'desirable' },
        { minimumLevel: 'L2', tier: 'desirable' },
      ]),
    })
    expect(await problemsOf(repeated)).toEqual([
      {
        file: 'role-requirements.json',
        problem: 'requirements.2: repeats requirements.1 (the same job role, framework, domain and tier)',
      },
    ])
  })

  it('refuses a tier the database does not know, whoever writes it', async () => {
    const versionId = await versionOf('tiers')
    const level = await db
      .selectFrom('framework_level')
      .select('id')
      .where('version_id', '=', versionId)
      .executeTakeFirstOrThrow()
    await expect(
      sql`insert into role_requirement (job_role_code, version_id, minimum_level_id, tier)
        values ('ascw', ${versionId}, ${level.id}, 'optional')`.execute(db),
    ).rejects.toThrow(/role_requirement_tier_check/)
  })

  it('exports both tiers in the data file shape, and the export loads back unchanged', async () => {
    const shipped = readFrameworkDataFiles(DATA).requirements!.data.requirements
    const exported = await getRoleRequirementsDocument(db, { today: '2026-11-23', frameworks: ['rcot-cdf', 'scc'] })
    const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort()
    expect(sorted(exported.requirements)).toEqual(sorted(shipped))
    expect(exported.requirements.filter((r) => r.tier === 'desirable').length).toBeGreaterThan(0)
    const dir = tempDataDir({ 'role-requirements.json': exported })
    expect((await loadFrameworkData(db, dir)).requirements).toEqual({
      added: 0,
      updated: 0,
      unchanged: shipped.length,
    })
  })
})
