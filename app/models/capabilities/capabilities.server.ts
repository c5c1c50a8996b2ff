import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import {
  type CapabilityProfile,
  type CapabilityStanding,
  type ProfileDomain,
  type ProfileFramework,
  compareWithRequirement,
} from './capabilities.rules'
import { achievedLevels } from '#app/models/signoffs/achieved-levels.server'
import type { RequirementTier } from '#app/models/frameworks/requirement-tiers.rules'
import { listCurrentVersions } from '#app/models/frameworks/frameworks.server'

/**
 * A person's capability profile: for every framework, each top-level domain with what their role needs, what
 * is signed off, the evidence they have mapped to it and where their latest request stands.
 */
export async function getCapabilityProfile(db: Kysely<DB>, personId: string): Promise<CapabilityProfile | undefined> {
  const person = await db
    .selectFrom('app_user as u')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .select(['u.id', 'u.name', 'u.job_role_code as jobRoleCode', 'j.title as jobRoleTitle'])
    .where('u.id', '=', personId)
    .executeTakeFirst()
  if (!person) return undefined
  const versions = await listCurrentVersions(db)
  const versionIds = versions.map((v) => v.id)
  if (versionIds.length === 0) {
    return {
      personId,
      personName: person.name,
      jobRoleCode: person.jobRoleCode,
      jobRoleTitle: person.jobRoleTitle,
      frameworks: [],
    }
  }
  const [levels, domains, requirements, achieved, evidenceCounts, latestRequests] = await Promise.all([
    db
      .selectFrom('framework_level')
      .select(['id', 'code', 'name', 'ordinal', 'version_id as versionId'])
      .where('version_id', 'in', versionIds)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('framework_domain')
      .select(['id', 'code', 'name', 'parent_id as parentId', 'version_id as versionId'])
      .where('version_id', 'in', versionIds)
      .orderBy('sort_order')
      .execute(),
    person.jobRoleCode
      ? db
          .selectFrom('role_requirement')
          .select([
            'version_id as versionId',
            'domain_id as domainId',
            'minimum_level_id as levelId',
            'tier',
            'provisional',
            'note',
          ])
          .where('job_role_code', '=', person.jobRoleCode)
          .where('version_id', 'in', versionIds)
          .execute()
      : [],
    achievedLevels(db, { personIds: [personId], versionIds }),
    // Each entry counts once per domain it supports, however many of the domain's capabilities it is mapped to.
    db
      .selectFrom('evidence as e')
      .innerJoin('evidence_capability as ec', 'ec.evidence_id', 'e.id')
      .innerJoin('capability as c', 'c.id', 'ec.capability_id')
      .select(['c.domain_id as domainId', sql<string[]>`array_agg(distinct e.id)`.as('evidenceIds')])
      .where('e.owner_id', '=', personId)
      .where('e.withdrawn_at', 'is', null)
      .where('c.version_id', 'in', versionIds)
      .groupBy('c.domain_id')
      .execute(),
    db
      .selectFrom('signoff_request as r')
      .innerJoin('framework_level as l', 'l.id', 'r.level_id')
      .distinctOn('r.domain_id')
      .select([
        'r.id',
        'r.domain_id as domainId',
        'r.status',
        'l.name as levelName',
        sql<boolean>`exists (select 1 from signoff_event ev where ev.request_id = r.id and ev.kind = 'approved')`.as(
          'wasApproved',
        ),
      ])
      .where('r.requester_id', '=', personId)
      .where('r.version_id', 'in', versionIds)
      .orderBy('r.domain_id')
      .orderBy('r.requested_at', 'desc')
      .execute(),
  ])

  const rootOf = new Map<string, string>()
  const parentOf = new Map(domains.map((d) => [d.id, d.parentId]))
  for (const domain of domains) {
    let root = domain.id
    while (parentOf.get(root)) root = parentOf.get(root)!
    rootOf.set(domain.id, root)
  }
  const evidenceByRoot = new Map<string, Set<string>>()
  for (const row of evidenceCounts) {
    const root = rootOf.get(row.domainId) ?? row.domainId
    const set = evidenceByRoot.get(root) ?? new Set<string>()
    for (const id of row.evidenceIds) set.add(id)
    evidenceByRoot.set(root, set)
  }

  const frameworks = versions.map((version): ProfileFramework => {
    const versionLevels = levels.filter((l) => l.versionId === version.id).map(({ versionId: _, ...l }) => l)
    const levelById = new Map(versionLevels.map((l) => [l.id, l]))
    const topDomains = domains.filter((d) => d.versionId === version.id && d.parentId === null)
    return {
      versionId: version.id,
      frameworkCode: version.frameworkCode,
      frameworkName: version.frameworkName,
      versionNumber: version.number,
      versionLabel: version.label,
      levels: versionLevels,
      domains: topDomains.map((domain): ProfileDomain => {
        const levelFor = (tier: RequirementTier) => {
          const requirement =
            requirements.find((r) => r.tier === tier && r.versionId === version.id && r.domainId === domain.id) ??
            requirements.find((r) => r.tier === tier && r.versionId === version.id && r.domainId === null)
          const level = requirement ? levelById.get(requirement.levelId) : undefined
          return level ? { ...level, provisional: requirement!.provisional, note: requirement!.note } : null
        }
        const required = levelFor('essential')
        const desirable = levelFor('desirable')
        const got = achieved.find((a) => a.domainId === domain.id)
        const achievedLevel = got ? levelById.get(got.levelId) : undefined
        const latest = latestRequests.find((r) => r.domainId === domain.id)
        return {
          id: domain.id,
          code: domain.code,
          name: domain.name,
          required,
          achieved:
            achievedLevel && got
              ? {
                  ...achievedLevel,
                  requestId: got.requestId,
                  decidedAt: got.decidedAt,
                  carriedFromVersion: got.carriedFromVersion,
                }
              : null,
          standing: compareWithRequirement(required?.ordinal ?? null, achievedLevel?.ordinal ?? null),
          desirable,
          desirableStanding: compareWithRequirement(desirable?.ordinal ?? null, achievedLevel?.ordinal ?? null),
          evidenceCount: evidenceByRoot.get(domain.id)?.size ?? 0,
          latest: latest
            ? { id: latest.id, status: latest.status, levelName: latest.levelName, wasApproved: latest.wasApproved }
            : null,
        }
      }),
    }
  })
  return {
    personId,
    personName: person.name,
    jobRoleCode: person.jobRoleCode,
    jobRoleTitle: person.jobRoleTitle,
    frameworks,
  }
}

export interface DomainStanding {
  personId: string
  versionId: string
  domainId: string
  /** The essential level: a shortfall here is a gap. */
  required: { id: string; name: string; ordinal: number } | null
  achieved: { id: string; name: string; ordinal: number; requestId: string } | null
  standing: CapabilityStanding
  /** The desirable level the person is working towards, apart from the gaps. */
  desirable: { id: string; name: string; ordinal: number } | null
  desirableStanding: CapabilityStanding
}

/**
 * Each person's standing in each top-level domain of the given framework versions (the current ones when none
 * are given): what their role needs (essential) and is working towards (desirable) against what is signed off. Achieved levels come from achievedLevels, the
 * same function the capability profile reads.
 */
export async function listCapabilityStandings(
  db: Kysely<DB>,
  personIds: readonly string[],
  versionIds?: readonly string[],
): Promise<DomainStanding[]> {
  if (personIds.length === 0) return []
  const versions = versionIds ?? (await listCurrentVersions(db)).map((v) => v.id)
  if (versions.length === 0) return []
  const [people, requirements, domains, levels, achieved] = await Promise.all([
    db.selectFrom('app_user').select(['id', 'job_role_code as jobRoleCode']).where('id', 'in', personIds).execute(),
    db
      .selectFrom('role_requirement')
      .select([
        'job_role_code as jobRoleCode',
        'version_id as versionId',
        'domain_id as domainId',
        'minimum_level_id as levelId',
        'tier',
      ])
      .where('version_id', 'in', versions)
      .execute(),
    db
      .selectFrom('framework_domain')
      .select(['id', 'version_id as versionId'])
      .where('version_id', 'in', versions)
      .where('parent_id', 'is', null)
      .orderBy('sort_order')
      .execute(),
    db.selectFrom('framework_level').select(['id', 'name', 'ordinal']).where('version_id', 'in', versions).execute(),
    // For a large part of the service, reading everyone's levels at once is quicker than naming each person.
    achievedLevels(db, { personIds: personIds.length > 200 ? undefined : personIds, versionIds: versions }),
  ])
  const levelById = new Map(levels.map((l) => [l.id, l]))
  const requirementFor = new Map(
    requirements.map((r) => [`${r.tier}|${r.jobRoleCode}|${r.versionId}|${r.domainId ?? '*'}`, r]),
  )
  const achievedFor = new Map(achieved.map((a) => [`${a.personId}|${a.domainId}`, a]))
  const standings: DomainStanding[] = []
  for (const person of people) {
    for (const domain of domains) {
      const levelFor = (tier: RequirementTier) => {
        const requirement =
          requirementFor.get(`${tier}|${person.jobRoleCode}|${domain.versionId}|${domain.id}`) ??
          requirementFor.get(`${tier}|${person.jobRoleCode}|${domain.versionId}|*`)
        const level = requirement ? levelById.get(requirement.levelId) : undefined
        return level ? { id: level.id, name: level.name, ordinal: level.ordinal } : null
      }
      const required = levelFor('essential')
      const desirable = levelFor('desirable')
      const got = achievedFor.get(`${person.id}|${domain.id}`)
      standings.push({
        personId: person.id,
        versionId: domain.versionId,
        domainId: domain.id,
        required,
        achieved: got ? { id: got.levelId, name: got.levelName, ordinal: got.ordinal, requestId: got.requestId } : null,
        standing: compareWithRequirement(required?.ordinal ?? null, got?.ordinal ?? null),
        desirable,
        desirableStanding: compareWithRequirement(desirable?.ordinal ?? null, got?.ordinal ?? null),
      })
    }
  }
  return standings
}

/**
 * How many domains each person has not yet reached at their role's essential level, across the current versions.
 * Desirable levels are not gaps.
 */
export async function countCapabilityGaps(
  db: Kysely<DB>,
  personIds: readonly string[],
): Promise<Map<string, { gaps: number; required: number }>> {
  const result = new Map<string, { gaps: number; required: number }>(
    personIds.map((id) => [id, { gaps: 0, required: 0 }]),
  )
  for (const standing of await listCapabilityStandings(db, personIds)) {
    const counts = result.get(standing.personId)!
    if (standing.required) counts.required += 1
    if (standing.standing === 'not-yet') counts.gaps += 1
  }
  return result
}
