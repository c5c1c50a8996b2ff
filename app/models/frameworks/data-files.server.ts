import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB } from '#db/schema'
import { type FrameworkDocument, checkFrameworkDocument } from './document.schema'
import { type ImportOutcome, importFrameworkDocument } from './import.server'
import { REQUIREMENT_TIERS, type TierCheckRow, findTierProblems } from './requirement-tiers.rules'

/** Files in framework-data/ that are not framework versions. */
const NOT_FRAMEWORKS = new Set([
  'job-roles.json',
  'role-requirements.json',
  'apprenticeship-rules.json',
  'supervision-frequency.json',
  'hcpc-registration.json',
])

export class FrameworkDataError extends Error {
  constructor(readonly problems: { file: string; problem: string }[]) {
    super(`framework-data has problems:\n${problems.map((p) => `  ${p.file}: ${p.problem}`).join('\n')}`)
    this.name = 'FrameworkDataError'
  }
}

const roleRequirementsSchema = z.object({
  source: z.string().trim().min(1, 'must name where the requirements come from'),
  date: z.string().optional(),
  provisional: z.array(z.string()).default([]),
  requirements: z.array(
    z.object({
      jobRole: z.string().min(1),
      framework: z.string().min(1),
      domain: z.string().min(1),
      minimumLevel: z.string().min(1),
      tier: z.enum(REQUIREMENT_TIERS, "must be 'essential' or 'desirable'").default('essential'),
      provisional: z.boolean().default(false),
      note: z.string().nullable().default(null),
    }),
  ),
})
type RoleRequirementsFile = z.infer<typeof roleRequirementsSchema>

const crosswalkSchema = z.object({
  source: z.string().trim().min(1, 'must name where the crosswalk comes from'),
  framework: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  mappings: z.array(
    z.object({
      from: z.string().nullable(),
      to: z.string().nullable(),
      relation: z.enum(['same', 'split', 'merged', 'new', 'removed']),
      note: z.string().nullable().default(null),
    }),
  ),
})
type CrosswalkFile = z.infer<typeof crosswalkSchema>

export interface FrameworkDataFiles {
  frameworks: { file: string; document: FrameworkDocument }[]
  crosswalks: { file: string; crosswalk: CrosswalkFile }[]
  requirements: { file: string; data: RoleRequirementsFile } | null
}

function listJson(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) return listJson(full)
      return entry.name.endsWith('.json') ? [full] : []
    })
    .sort()
}

/** Reads and checks every file first, so that one bad file stops the load before anything is written. */
export function readFrameworkDataFiles(dir: string): FrameworkDataFiles {
  const problems: { file: string; problem: string }[] = []
  const result: FrameworkDataFiles = { frameworks: [], crosswalks: [], requirements: null }
  for (const full of listJson(dir)) {
    const file = path.relative(dir, full)
    let data: unknown
    try {
      data = JSON.parse(fs.readFileSync(full, 'utf8'))
    } catch (error) {
      problems.push({ file, problem: `not valid JSON (${(error as Error).message})` })
      continue
    }
    const base = path.basename(file)
    const describe = (issues: z.core.$ZodIssue[]) =>
      issues.forEach((issue) =>
        problems.push({ file, problem: `${issue.path.join('.') || '(file)'}: ${issue.message}` }),
      )
    if (base === 'role-requirements.json') {
      const parsed = roleRequirementsSchema.safeParse(data)
      if (parsed.success) result.requirements = { file, data: parsed.data }
      else describe(parsed.error.issues)
    } else if (file.split(path.sep)[0] === 'crosswalks') {
      const parsed = crosswalkSchema.safeParse(data)
      if (parsed.success) result.crosswalks.push({ file, crosswalk: parsed.data })
      else describe(parsed.error.issues)
    } else if (!NOT_FRAMEWORKS.has(base)) {
      const checked = checkFrameworkDocument(data)
      if (checked.ok) result.frameworks.push({ file, document: checked.document })
      else checked.problems.forEach((problem) => problems.push({ file, problem }))
    }
  }
  if (problems.length > 0) throw new FrameworkDataError(problems)
  return result
}

export interface LoadReport {
  frameworks: ({ file: string } & ImportOutcome)[]
  crosswalkRows: number
  requirements: { added: number; updated: number; unchanged: number }
}

/**
 * Imports framework-data/ into the database: each framework file as a version (unchanged files change
 * nothing; a changed file becomes a new draft), then the crosswalks, then the role requirements.
 */
export async function loadFrameworkData(db: Kysely<DB>, dir: string): Promise<LoadReport> {
  const files = readFrameworkDataFiles(dir)
  const frameworks: LoadReport['frameworks'] = []
  for (const { file, document } of files.frameworks) {
    const outcome = await importFrameworkDocument(db, document, {
      origin: 'data-file',
      originName: `framework-data/${file}`,
      publishIfFirst: true,
    })
    frameworks.push({ file, ...outcome })
  }
  let crosswalkRows = 0
  for (const { file, crosswalk } of files.crosswalks) crosswalkRows += await loadCrosswalk(db, file, crosswalk)
  const requirements = files.requirements
    ? await loadRoleRequirements(db, files.requirements.file, files.requirements.data)
    : { added: 0, updated: 0, unchanged: 0 }
  return { frameworks, crosswalkRows, requirements }
}

async function findVersion(db: Kysely<DB>, frameworkCode: string, label: string) {
  return db
    .selectFrom('framework_version as v')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .select(['v.id', 'v.status'])
    .where('f.code', '=', frameworkCode)
    .where('v.label', '=', label)
    .executeTakeFirst()
}

/** Explicit crosswalk rows replace the same-code matches made at publication. */
async function loadCrosswalk(db: Kysely<DB>, file: string, crosswalk: CrosswalkFile): Promise<number> {
  const from = await findVersion(db, crosswalk.framework, crosswalk.from)
  const to = await findVersion(db, crosswalk.framework, crosswalk.to)
  if (!from || !to) return 0
  const codes = async (versionId: string) =>
    new Map(
      (await db.selectFrom('capability').select(['id', 'code']).where('version_id', '=', versionId).execute()).map(
        (row) => [row.code, row.id],
      ),
    )
  const [fromIds, toIds] = await Promise.all([codes(from.id), codes(to.id)])
  const problems: { file: string; problem: string }[] = []
  const rows = crosswalk.mappings.map((mapping, i) => {
    const fromId = mapping.from === null ? null : fromIds.get(mapping.from)
    const toId = mapping.to === null ? null : toIds.get(mapping.to)
    if (fromId === undefined)
      problems.push({ file, problem: `mappings.${i}.from: no capability '${mapping.from}' in ${crosswalk.from}` })
    if (toId === undefined)
      problems.push({ file, problem: `mappings.${i}.to: no capability '${mapping.to}' in ${crosswalk.to}` })
    return { fromId: fromId ?? null, toId: toId ?? null, relation: mapping.relation, note: mapping.note }
  })
  if (problems.length > 0) throw new FrameworkDataError(problems)
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('capability_crosswalk')
      .where('from_version_id', '=', from.id)
      .where('to_version_id', '=', to.id)
      .execute()
    if (rows.length === 0) return 0
    await trx
      .insertInto('capability_crosswalk')
      .values(
        rows.map((row) => ({
          from_version_id: from.id,
          to_version_id: to.id,
          from_capability_id: row.fromId,
          to_capability_id: row.toId,
          relation: row.relation,
          note: row.note,
        })),
      )
      .execute()
    return rows.length
  })
}

async function loadRoleRequirements(
  db: Kysely<DB>,
  file: string,
  data: RoleRequirementsFile,
): Promise<LoadReport['requirements']> {
  const counts = { added: 0, updated: 0, unchanged: 0 }
  const problems: { file: string; problem: string }[] = []
  const resolved: {
    requirement: RoleRequirementsFile['requirements'][number]
    versionId: string
    levelId: string
    domainId: string | null
  }[] = []
  const tierRows: TierCheckRow[] = []
  const topDomains = new Map<string, string[]>()
  for (const [i, requirement] of data.requirements.entries()) {
    const version = await db
      .selectFrom('framework_version as v')
      .innerJoin('framework as f', 'f.id', 'v.framework_id')
      .select('v.id')
      .where('f.code', '=', requirement.framework)
      .where('v.status', '=', 'published')
      .executeTakeFirst()
    const jobRole = await db
      .selectFrom('job_role')
      .select('code')
      .where('code', '=', requirement.jobRole)
      .executeTakeFirst()
    if (!jobRole)
      problems.push({ file, problem: `requirements.${i}.jobRole: unknown job role '${requirement.jobRole}'` })
    if (!version) {
      problems.push({
        file,
        problem: `requirements.${i}.framework: no published version of '${requirement.framework}'`,
      })
      continue
    }
    if (!topDomains.has(requirement.framework)) {
      const tops = await db
        .selectFrom('framework_domain')
        .select('code')
        .where('version_id', '=', version.id)
        .where('parent_id', 'is', null)
        .execute()
      topDomains.set(
        requirement.framework,
        tops.map((d) => d.code),
      )
    }
    const level = await db
      .selectFrom('framework_level')
      .select(['id', 'ordinal'])
      .where('version_id', '=', version.id)
      .where('code', '=', requirement.minimumLevel)
      .executeTakeFirst()
    const domain =
      requirement.domain === '*'
        ? { id: null }
        : await db
            .selectFrom('framework_domain')
            .select('id')
            .where('version_id', '=', version.id)
            .where('code', '=', requirement.domain)
            .executeTakeFirst()
    if (!level)
      problems.push({ file, problem: `requirements.${i}.minimumLevel: unknown level '${requirement.minimumLevel}'` })
    if (!domain) problems.push({ file, problem: `requirements.${i}.domain: unknown domain '${requirement.domain}'` })
    if (level && domain && jobRole) {
      resolved.push({ requirement, versionId: version.id, levelId: level.id, domainId: domain.id })
      tierRows.push({
        index: i,
        jobRole: requirement.jobRole,
        framework: requirement.framework,
        domain: requirement.domain,
        tier: requirement.tier,
        levelCode: requirement.minimumLevel,
        ordinal: level.ordinal,
      })
    }
  }
  for (const { path: at, problem } of findTierProblems(tierRows, topDomains))
    problems.push({ file, problem: `${at}: ${problem}` })
  if (problems.length > 0) throw new FrameworkDataError(problems)
  await db.transaction().execute(async (trx) => {
    for (const { requirement, versionId, levelId, domainId } of resolved) {
      const existing = await trx
        .selectFrom('role_requirement')
        .select(['id', 'minimum_level_id', 'provisional', 'note'])
        .where('job_role_code', '=', requirement.jobRole)
        .where('version_id', '=', versionId)
        .where('tier', '=', requirement.tier)
        .where((eb) => (domainId === null ? eb('domain_id', 'is', null) : eb('domain_id', '=', domainId)))
        .executeTakeFirst()
      const values = { minimum_level_id: levelId, provisional: requirement.provisional, note: requirement.note }
      if (!existing) {
        await trx
          .insertInto('role_requirement')
          .values({
            job_role_code: requirement.jobRole,
            version_id: versionId,
            domain_id: domainId,
            tier: requirement.tier,
            ...values,
          })
          .execute()
        counts.added += 1
      } else if (
        existing.minimum_level_id !== levelId ||
        existing.provisional !== requirement.provisional ||
        existing.note !== requirement.note
      ) {
        await trx.updateTable('role_requirement').set(values).where('id', '=', existing.id).execute()
        counts.updated += 1
      } else {
        counts.unchanged += 1
      }
    }
  })
  return counts
}
