import { sql } from 'kysely'
import type { Db } from '#db/schema'

export interface AchievedLevel {
  personId: string
  /** The version the level counts in: the one signed off in, or a later version it carries forward to. */
  versionId: string
  domainId: string
  levelId: string
  levelName: string
  ordinal: number
  requestId: string
  decidedAt: Date
  /** The version number the sign-off was made in, when it is carried forward from an earlier version. */
  carriedFromVersion: number | null
}

/**
 * The levels people have achieved: for each person and domain, the highest level of an approved request whose
 * evidence is still exactly what was seen. Every screen that shows an achieved level reads it from here; pass no
 * person list for the whole service.
 *
 * A sign-off made against one version of a framework carries forward through the capability crosswalk: to each
 * domain of a later version that a capability of the signed-off domain continues into (same, split or merged),
 * at the level with the same code. Publishing a version fills the crosswalk by capability code where no crosswalk
 * file says otherwise, so an unchanged domain carries forward as it is.
 *
 * The rule itself is the database function refresh_achieved_levels (migration 0010), which keeps the
 * achieved_level table exact in the same transaction as every change to requests, versions or the crosswalk;
 * this reads that table, so a whole-service page costs one indexed read rather than the rule for everyone.
 */
export async function achievedLevels(
  db: Db,
  filter: { personIds?: readonly string[]; versionIds?: readonly string[] } = {},
): Promise<AchievedLevel[]> {
  if (filter.personIds?.length === 0 || filter.versionIds?.length === 0) return []
  const rows = await db
    .selectFrom('achieved_level as a')
    .innerJoin('framework_level as l', 'l.id', 'a.level_id')
    .innerJoin('framework_version as sv', 'sv.id', 'a.signed_off_version_id')
    .select([
      'a.person_id as personId',
      'a.version_id as versionId',
      'a.domain_id as domainId',
      'a.level_id as levelId',
      'l.name as levelName',
      'a.ordinal',
      'a.request_id as requestId',
      'a.decided_at as decidedAt',
      sql<number | null>`case when a.version_id = a.signed_off_version_id then null else sv.number end`.as(
        'carriedFromVersion',
      ),
    ])
    .$if(Boolean(filter.personIds), (qb) => qb.where('a.person_id', 'in', filter.personIds!))
    .$if(Boolean(filter.versionIds), (qb) => qb.where('a.version_id', 'in', filter.versionIds!))
    .orderBy('a.person_id')
    .orderBy('a.version_id')
    .orderBy('a.domain_id')
    .execute()
  return rows.map((row) => ({ ...row, decidedAt: new Date(row.decidedAt) }))
}
