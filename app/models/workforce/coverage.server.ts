import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import type { RequirementTier } from '#app/models/frameworks/requirement-tiers.rules'
import { share } from './dashboard.rules'
import { peopleInScope, type DashboardScope } from './dashboard-scope.server'

export interface CoverageShare {
  required: number
  met: number
  percent: number | null
}

/** One team in one domain: the essential share (the gaps that count) at the top level, the desirable share apart. */
export interface CoverageCell extends CoverageShare {
  domainId: string
  desirable: CoverageShare
}

export interface CoverageRow {
  teamId: string | null
  teamCode: string | null
  teamName: string
  people: number
  cells: CoverageCell[]
}

/**
 * Capability coverage: for each team and each top-level domain of one version, how many people whose role sets a
 * level there have reached it, for the essential and the desirable tier apart. It reads the same achieved levels
 * and role requirements as a person's profile (in each tier, a domain's own requirement first, else the role's
 * requirement for every domain) and compares them the same way, ordinal against ordinal, so the two never
 * disagree.
 */
export async function getCoverage(db: Kysely<DB>, input: { versionId: string; scope: DashboardScope }) {
  const domains = await db
    .selectFrom('framework_domain')
    .select(['id', 'code', 'name'])
    .where('version_id', '=', input.versionId)
    .where('parent_id', 'is', null)
    .orderBy('sort_order')
    .execute()
  const rows = await peopleInScope(db, input.scope)
    .innerJoin('framework_domain as d', (join) =>
      join.on('d.version_id', '=', input.versionId).on('d.parent_id', 'is', null),
    )
    .leftJoin('achieved_level as a', (join) => join.onRef('a.person_id', '=', 'u.id').onRef('a.domain_id', '=', 'd.id'))
    .leftJoin(requirementsIn(db, input.versionId, 'essential').as('req'), (join) =>
      join.onRef('req.jobRoleCode', '=', 'u.job_role_code').onRef('req.domainId', '=', 'd.id'),
    )
    .leftJoin(requirementsIn(db, input.versionId, 'desirable').as('des'), (join) =>
      join.onRef('des.jobRoleCode', '=', 'u.job_role_code').onRef('des.domainId', '=', 'd.id'),
    )
    .select([
      't.id as teamId',
      't.code as teamCode',
      't.name as teamName',
      'd.id as domainId',
      sql<number>`count(distinct u.id)::int`.as('people'),
      sql<number>`count(req.ordinal)::int`.as('required'),
      sql<number>`count(req.ordinal) filter (where a.ordinal >= req.ordinal)::int`.as('met'),
      sql<number>`count(des.ordinal)::int`.as('desirableRequired'),
      sql<number>`count(des.ordinal) filter (where a.ordinal >= des.ordinal)::int`.as('desirableMet'),
    ])
    .groupBy(['t.id', 't.code', 't.name', 'd.id'])
    .execute()
  const byTeam = new Map<string, CoverageRow>()
  for (const row of rows) {
    const key = row.teamId ?? ''
    const team = byTeam.get(key) ?? {
      teamId: row.teamId,
      teamCode: row.teamCode,
      teamName: row.teamName ?? 'No team',
      people: row.people,
      cells: [],
    }
    team.cells.push({
      domainId: row.domainId,
      ...shareOf(row.met, row.required),
      desirable: shareOf(row.desirableMet, row.desirableRequired),
    })
    byTeam.set(key, team)
  }
  const teams = [...byTeam.values()].sort((a, b) =>
    a.teamId === null ? 1 : b.teamId === null ? -1 : a.teamName.localeCompare(b.teamName),
  )
  for (const team of teams) {
    team.cells = domains.map((d) => team.cells.find((c) => c.domainId === d.id) ?? emptyCell(d.id))
  }
  const everyone: CoverageRow = {
    teamId: null,
    teamCode: null,
    teamName: 'Everyone shown',
    people: teams.reduce((sum, t) => sum + t.people, 0),
    cells: domains.map((d) => {
      const cells = teams.map((t) => t.cells.find((c) => c.domainId === d.id)!)
      const total = (pick: (c: CoverageCell) => CoverageShare) =>
        shareOf(
          cells.reduce((sum, c) => sum + pick(c).met, 0),
          cells.reduce((sum, c) => sum + pick(c).required, 0),
        )
      return { domainId: d.id, ...total((c) => c), desirable: total((c) => c.desirable) }
    }),
  }
  return { domains, teams, everyone }
}

/**
 * The level each job role sets in each top-level domain of a version, in one tier: the domain's own requirement
 * first, else the role's requirement for every domain. A handful of rows, worked out once per report rather than
 * once per person.
 */
function requirementsIn(db: Kysely<DB>, versionId: string, tier: RequirementTier) {
  return db
    .selectFrom('role_requirement as rr')
    .innerJoin('framework_level as rl', 'rl.id', 'rr.minimum_level_id')
    .innerJoin('framework_domain as rd', (join) =>
      join.on('rd.version_id', '=', versionId).on('rd.parent_id', 'is', null),
    )
    .distinctOn(['rr.job_role_code', 'rd.id'])
    .select(['rr.job_role_code as jobRoleCode', 'rd.id as domainId', 'rl.ordinal'])
    .where('rr.version_id', '=', versionId)
    .where('rr.tier', '=', tier)
    .where((w) => w.or([w('rr.domain_id', '=', w.ref('rd.id')), w('rr.domain_id', 'is', null)]))
    .orderBy('rr.job_role_code')
    .orderBy('rd.id')
    .orderBy(sql`rr.domain_id nulls last`)
}

const shareOf = (met: number, required: number): CoverageShare => ({ required, met, percent: share(met, required) })

const emptyCell = (domainId: string): CoverageCell => ({ domainId, ...shareOf(0, 0), desirable: shareOf(0, 0) })
