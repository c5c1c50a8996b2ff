import { type Kysely, sql } from 'kysely'
import type { DB, RequirementTier } from '#db/schema'

/** The role requirements in the shape of framework-data/role-requirements.json, so an export loads back as it is. */
export interface RoleRequirementsDocument {
  source: string
  date: string
  provisional: string[]
  requirements: {
    jobRole: string
    framework: string
    domain: string
    minimumLevel: string
    tier: RequirementTier
    provisional: boolean
    note: string | null
  }[]
}

/**
 * Both tiers of every role requirement on each framework's current published version (only the frameworks named,
 * when any are), by framework, job-role ladder, tier and domain. `today` is the export's date (YYYY-MM-DD).
 */
export async function getRoleRequirementsDocument(
  db: Kysely<DB>,
  input: { today: string; frameworks?: readonly string[] },
): Promise<RoleRequirementsDocument> {
  const rows = await db
    .selectFrom('role_requirement as r')
    .innerJoin('framework_version as v', 'v.id', 'r.version_id')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .innerJoin('job_role as j', 'j.code', 'r.job_role_code')
    .innerJoin('framework_level as l', 'l.id', 'r.minimum_level_id')
    .leftJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .select([
      'r.job_role_code as jobRole',
      'f.code as framework',
      sql<string>`coalesce(d.code, '*')`.as('domain'),
      'l.code as minimumLevel',
      'r.tier',
      'r.provisional',
      'r.note',
    ])
    .where('v.status', '=', 'published')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('framework_version as newer')
            .whereRef('newer.framework_id', '=', 'v.framework_id')
            .where('newer.status', '=', 'published')
            .whereRef('newer.number', '>', 'v.number'),
        ),
      ),
    )
    .$if(Boolean(input.frameworks?.length), (qb) => qb.where('f.code', 'in', input.frameworks!))
    .orderBy('f.code')
    .orderBy('j.sort_order')
    .orderBy(sql`r.tier = 'desirable'`)
    .orderBy(sql`d.sort_order nulls first`)
    .execute()
  return {
    source: `Exported from the portal on ${input.today}: the role requirements of each framework's published version. Each row's note says where its level comes from.`,
    date: input.today,
    provisional: [],
    requirements: rows,
  }
}
