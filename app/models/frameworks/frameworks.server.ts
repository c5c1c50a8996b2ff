import { type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { DB, FrameworkVersionStatus, RequirementTier } from '#db/schema'
import type { FrameworkDocument } from './document.schema'
import type { ViewCapability, ViewDomain, ViewLevel } from './view.rules'
import { type FrameworkSummary } from './admin.schema'

/** Every framework with its versions, newest version first; drafts only when asked for. */
export async function listFrameworks(
  db: Kysely<DB>,
  options: { includeDrafts?: boolean } = {},
): Promise<FrameworkSummary[]> {
  return db
    .selectFrom('framework as f')
    .select((eb) => [
      'f.id',
      'f.code',
      'f.name',
      'f.owner',
      'f.description',
      jsonArrayFrom(
        eb
          .selectFrom('framework_version as v')
          .select([
            'v.id',
            'v.number',
            'v.label',
            'v.status',
            'v.origin',
            'v.created_at as createdAt',
            'v.published_at as publishedAt',
            sql<number>`(select count(*)::int from capability c where c.version_id = v.id)`.as('capabilityCount'),
          ])
          .whereRef('v.framework_id', '=', 'f.id')
          .$if(!options.includeDrafts, (qb) => qb.where('v.status', '<>', 'draft'))
          .orderBy('v.number', 'desc'),
      ).as('versions'),
    ])
    .$if(!options.includeDrafts, (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('framework_version as pv')
            .select('pv.id')
            .whereRef('pv.framework_id', '=', 'f.id')
            .where('pv.status', '<>', 'draft'),
        ),
      ),
    )
    .orderBy('f.name')
    .execute()
}

export interface VersionHeader {
  id: string
  frameworkCode: string
  frameworkName: string
  owner: string | null
  frameworkDescription: string | null
  number: number
  label: string
  edition: string | null
  source: string
  sourceDate: string | null
  provisional: string[]
  status: FrameworkVersionStatus
  origin: string
  originName: string | null
  createdAt: Date
  publishedAt: Date | null
  retiredAt: Date | null
}

export async function getVersionHeader(
  db: Kysely<DB>,
  frameworkCode: string,
  number: number,
): Promise<VersionHeader | undefined> {
  const row = await db
    .selectFrom('framework_version as v')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .select([
      'v.id',
      'f.code as frameworkCode',
      'f.name as frameworkName',
      'f.owner',
      'f.description as frameworkDescription',
      'v.number',
      'v.label',
      'v.edition',
      'v.source',
      'v.source_date as sourceDate',
      'v.provisional',
      'v.status',
      'v.origin',
      'v.origin_name as originName',
      'v.created_at as createdAt',
      'v.published_at as publishedAt',
      'v.retired_at as retiredAt',
    ])
    .where('f.code', '=', frameworkCode)
    .where('v.number', '=', number)
    .executeTakeFirst()
  return row ? { ...row, provisional: row.provisional as string[] } : undefined
}

export interface VersionContent {
  levels: ViewLevel[]
  domains: (ViewDomain & { moodle: unknown })[]
  capabilities: (ViewCapability & { moodle: unknown })[]
}

/** Levels in order, domains and capabilities in their stored order. */
export async function getVersionContent(db: Kysely<DB>, versionId: string): Promise<VersionContent> {
  const [levels, domains, capabilities] = await Promise.all([
    db
      .selectFrom('framework_level')
      .select([
        'id',
        'code',
        'ordinal',
        'name',
        'indicative_title as indicativeTitle',
        'description',
        'description_format as descriptionFormat',
        'provisional',
      ])
      .where('version_id', '=', versionId)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('framework_domain')
      .select([
        'id',
        'parent_id as parentId',
        'code',
        'name',
        'description',
        'description_format as descriptionFormat',
        'moodle',
      ])
      .where('version_id', '=', versionId)
      .orderBy('sort_order')
      .execute(),
    db
      .selectFrom('capability')
      .select([
        'id',
        'domain_id as domainId',
        'level_id as levelId',
        'code',
        'statement',
        'description',
        'description_format as descriptionFormat',
        'moodle',
      ])
      .where('version_id', '=', versionId)
      .orderBy('sort_order')
      .execute(),
  ])
  return { levels, domains, capabilities }
}

/** Rebuilds the document a version was made from: the basis of JSON and Moodle CSV exports. */
export async function getFrameworkDocument(
  db: Kysely<DB>,
  frameworkCode: string,
  number: number,
): Promise<FrameworkDocument | undefined> {
  const header = await getVersionHeader(db, frameworkCode, number)
  if (!header) return undefined
  const [content, moodle] = await Promise.all([
    getVersionContent(db, header.id),
    db.selectFrom('framework_version').select('moodle').where('id', '=', header.id).executeTakeFirstOrThrow(),
  ])
  const domainCode = new Map(content.domains.map((d) => [d.id, d.code]))
  const levelCode = new Map(content.levels.map((l) => [l.id, l.code]))
  return {
    source: header.source,
    framework: {
      code: header.frameworkCode,
      name: header.frameworkName,
      owner: header.owner,
      description: header.frameworkDescription,
    },
    version: {
      label: header.label,
      edition: header.edition,
      date: header.sourceDate,
      status: header.status === 'draft' ? 'draft' : 'published',
    },
    provisional: header.provisional,
    levels: content.levels.map(({ id: _id, ...level }) => level),
    domains: content.domains.map((d) => ({
      code: d.code,
      name: d.name,
      parent: d.parentId ? domainCode.get(d.parentId)! : null,
      description: d.description,
      descriptionFormat: d.descriptionFormat,
      moodle: (d.moodle as Record<string, unknown> | null) ?? null,
    })),
    capabilities: content.capabilities.map((c) => ({
      code: c.code,
      domain: domainCode.get(c.domainId)!,
      level: c.levelId ? levelCode.get(c.levelId)! : null,
      statement: c.statement,
      description: c.description,
      descriptionFormat: c.descriptionFormat,
      moodle: (c.moodle as Record<string, unknown> | null) ?? null,
    })),
    moodle: (moodle.moodle as Record<string, unknown> | null) ?? null,
  }
}

export interface RoleRequirementItem {
  jobRoleCode: string
  jobRoleTitle: string
  domainCode: string | null
  domainName: string | null
  levelCode: string
  levelName: string
  levelOrdinal: number
  tier: RequirementTier
  provisional: boolean
  note: string | null
}

/** What each job role needs of one framework version, in the job-role ladder's order, essential before desirable. */
export function listRoleRequirements(db: Kysely<DB>, versionId: string): Promise<RoleRequirementItem[]> {
  return db
    .selectFrom('role_requirement as r')
    .innerJoin('job_role as j', 'j.code', 'r.job_role_code')
    .innerJoin('framework_level as l', 'l.id', 'r.minimum_level_id')
    .leftJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .select([
      'r.job_role_code as jobRoleCode',
      'j.title as jobRoleTitle',
      'd.code as domainCode',
      'd.name as domainName',
      'l.code as levelCode',
      'l.name as levelName',
      'l.ordinal as levelOrdinal',
      'r.tier',
      'r.provisional',
      'r.note',
    ])
    .where('r.version_id', '=', versionId)
    .orderBy('j.sort_order')
    .orderBy(sql`r.tier = 'desirable'`)
    .orderBy(sql`d.sort_order nulls first`)
    .execute()
}

export async function frameworkExists(db: Kysely<DB>, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom('framework').select('id').where('code', '=', code).executeTakeFirst())
}

export interface VersionRef {
  id: string
  number: number
  label: string
  status: FrameworkVersionStatus
  frameworkCode: string
  frameworkName: string
}

export function getVersionRef(db: Kysely<DB>, versionId: string): Promise<VersionRef | undefined> {
  return db
    .selectFrom('framework_version as v')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .select(['v.id', 'v.number', 'v.label', 'v.status', 'f.code as frameworkCode', 'f.name as frameworkName'])
    .where('v.id', '=', versionId)
    .executeTakeFirst()
}

/** The newest published version of each framework, by framework name: the one people are measured against. */
export async function listCurrentVersions(db: Kysely<DB>) {
  const versions = await db
    .selectFrom('framework_version as v')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .distinctOn('v.framework_id')
    .select([
      'v.id',
      'v.framework_id as frameworkId',
      'f.code as frameworkCode',
      'f.name as frameworkName',
      'v.number',
      'v.label',
      (eb) =>
        eb
          .exists(eb.selectFrom('role_requirement as r').select('r.id').whereRef('r.version_id', '=', 'v.id'))
          .as('setsRequirements'),
    ])
    .where('v.status', '=', 'published')
    .orderBy('v.framework_id')
    .orderBy('v.number', 'desc')
    .execute()
  return versions.sort((a, b) => a.frameworkName.localeCompare(b.frameworkName, 'en-GB'))
}

/** The frameworks that have a published version, for choosing one. */
export async function listCurrentFrameworks(db: Kysely<DB>) {
  return (await listCurrentVersions(db)).map((v) => ({
    code: v.frameworkCode,
    name: v.frameworkName,
    setsRequirements: v.setsRequirements,
  }))
}

/** The newest published version of one framework, if it has one. */
export async function getCurrentVersion(db: Kysely<DB>, frameworkCode: string) {
  return (await listCurrentVersions(db)).find((version) => version.frameworkCode === frameworkCode)
}
