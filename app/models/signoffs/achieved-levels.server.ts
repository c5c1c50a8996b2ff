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
 */
export async function achievedLevels(
  db: Db,
  filter: { personIds?: readonly string[]; versionIds?: readonly string[] } = {},
): Promise<AchievedLevel[]> {
  if (filter.personIds?.length === 0 || filter.versionIds?.length === 0) return []
  const people = filter.personIds ? sql`and r.requester_id in (${sql.join(filter.personIds)})` : sql``
  const versions = filter.versionIds ? sql`and tl.version_id in (${sql.join(filter.versionIds)})` : sql``
  // An approved request stops counting the moment its evidence changes: the transaction that saves a new revision
  // marks it invalidated (invalidateSignoffsForEvidence), so the status alone says whether the hashes still match.
  const { rows } = await sql<AchievedLevel>`
    with recursive counted as materialized (
      select r.id, r.requester_id, r.version_id, r.domain_id, r.decided_at, sl.code as level_code
      from signoff_request r
      join framework_level sl on sl.id = r.level_id
      where r.status = 'approved' ${people}
    ),
    reach (request_id, domain_id) as (
      select id, domain_id from counted
      union
      select reach.request_id, tc.domain_id
      from reach
      join capability fc on fc.domain_id = reach.domain_id
      join capability_crosswalk x on x.from_capability_id = fc.id and x.relation in ('same', 'split', 'merged')
      join capability tc on tc.id = x.to_capability_id
    )
    select distinct on (c.requester_id, td.version_id, td.id)
      c.requester_id as "personId",
      td.version_id as "versionId",
      td.id as "domainId",
      tl.id as "levelId",
      tl.name as "levelName",
      tl.ordinal,
      c.id as "requestId",
      c.decided_at as "decidedAt",
      case when td.version_id = c.version_id then null else sv.number end as "carriedFromVersion"
    from counted c
    join reach on reach.request_id = c.id
    join framework_domain td on td.id = reach.domain_id
    join framework_version tv on tv.id = td.version_id and tv.status <> 'draft'
    join framework_version sv on sv.id = c.version_id
    join framework_level tl on tl.version_id = td.version_id and tl.code = c.level_code
    where true ${versions}
    order by c.requester_id, td.version_id, td.id, tl.ordinal desc,
      (td.version_id = c.version_id) desc, c.decided_at desc`.execute(db)
  return rows.map((row) => ({ ...row, decidedAt: new Date(row.decidedAt) }))
}
