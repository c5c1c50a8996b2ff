import type { Kysely } from 'kysely'
import type { Role } from '#app/auth/policy'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { decideSignoff } from '#app/models/signoffs/decide.server'
import { requestSignoff } from '#app/models/signoffs/request.server'
import type { DB } from '#db/schema'
import { type BuiltUser, EMPTY_EVIDENCE, makeSupervision, makeUser } from './builders'
import { getCurrentVersion } from '#app/models/frameworks/frameworks.server'

/** A published RCOT CDF domain (pillar) with its version and level ids by code ('1'..'9'). */
export async function rcotDomain(db: Kysely<DB>, code: string) {
  const version = await getCurrentVersion(db, 'rcot-cdf')
  const domain = await db
    .selectFrom('framework_domain')
    .select(['id as domainId', 'version_id as versionId'])
    .where('version_id', '=', version?.id ?? null)
    .where('code', '=', code)
    .executeTakeFirstOrThrow()
  const levels = await db
    .selectFrom('framework_level')
    .select(['id', 'code'])
    .where('version_id', '=', domain.versionId)
    .execute()
  return { ...domain, levels: Object.fromEntries(levels.map((l) => [l.code, l.id])) as Record<string, string> }
}

/** A complete CPD entry mapped to RCOT CDF capabilities by code (e.g. '5PP'). */
export async function completeEvidence(
  db: Kysely<DB>,
  ownerId: string,
  capabilityCodes: string[],
  title = 'Complex seating assessment',
): Promise<string> {
  const capabilities = await db
    .selectFrom('capability')
    .select(['id', 'code'])
    .where('version_id', '=', (await getCurrentVersion(db, 'rcot-cdf'))?.id ?? null)
    .where('code', 'in', capabilityCodes)
    .execute()
  return createEvidence(db, {
    ownerId,
    evidence: {
      ...EMPTY_EVIDENCE,
      status: 'complete',
      title,
      activityType: 'work-based-learning',
      startsOn: '2026-10-14',
      minutes: 150,
      description: 'Assessed a person for a tilt-in-space chair with the wheelchair service.',
      reflectionLearned: 'Pressure mapping changes what I recommend.',
      reflectionPractice: 'I now book pressure mapping before I order.',
      reflectionBenefit: 'Fewer pressure injuries for the people I see.',
      mappings: capabilities.map((c) => ({ capabilityId: c.id, note: null })),
    },
  })
}

/** A sign-off of one RCOT pillar at a level, asked for and approved through the model (e.g. 'PP', '5'). */
export async function approvedSignoff(
  db: Kysely<DB>,
  input: { personId: string; approver: { id: string; roles: Role[] }; pillar: string; level: string },
): Promise<string> {
  const pillar = await rcotDomain(db, input.pillar)
  const id = await requestSignoff(db, {
    requesterId: input.personId,
    versionId: pillar.versionId,
    domainId: pillar.domainId,
    levelId: pillar.levels[input.level]!,
    note: '',
    evidenceIds: [await completeEvidence(db, input.personId, [`${input.level}${input.pillar}`])],
  })
  await decideSignoff(db, { requestId: id, actor: input.approver, decision: 'approve', comment: '', sessionId: null })
  return id
}

/** A person as the sign-off model's decisions take them. */
export const actor = (user: BuiltUser) => ({ id: user.id, roles: user.roles })

/** An OT with a senior supervising them today, and one complete entry mapped to level 5 Professional Practice. */
export async function signoffScenario(db: Kysely<DB>, options: { password?: string } = {}) {
  const ot = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', password: options.password })
  const senior = await makeUser(db, {
    roles: ['staff', 'supervisor'],
    jobRoleCode: 'senior-ot',
    password: options.password,
  })
  await makeSupervision(db, senior, ot)
  const pp = await rcotDomain(db, 'PP')
  const evidenceId = await completeEvidence(db, ot.id, ['5PP'])
  return { ot, senior, pp, evidenceId }
}

export type SignoffScenario = Awaited<ReturnType<typeof signoffScenario>>

/** The scenario's OT asks for sign-off of Professional Practice at a level, with the given entries. */
export async function askForSignoff(
  db: Kysely<DB>,
  s: SignoffScenario,
  level = '5',
  evidenceIds = [s.evidenceId],
): Promise<string> {
  return requestSignoff(db, {
    requesterId: s.ot.id,
    versionId: s.pp.versionId,
    domainId: s.pp.domainId,
    levelId: s.pp.levels[level]!,
    note: 'Ready for review',
    evidenceIds,
  })
}
