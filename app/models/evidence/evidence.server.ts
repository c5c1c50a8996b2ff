import { type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { DB, Db } from '#db/schema'
import type { EvidenceSubject } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import type { EvidenceInput } from './evidence.schema'
import { isUuid } from '#app/lib/ids'
import { checkMappings, writeMappings } from './mappings.server'
import { appendRevision, lockEvidenceForChange } from './revisions.server'

function columns(input: EvidenceInput) {
  return {
    status: input.status,
    title: input.title,
    activity_type: input.activityType,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    minutes: input.minutes,
    description: input.description,
    reflection_what: input.reflectionWhat,
    reflection_learned: input.reflectionLearned,
    reflection_practice: input.reflectionPractice,
    reflection_benefit: input.reflectionBenefit,
  }
}

export async function createEvidence(db: Db, input: { ownerId: string; evidence: EvidenceInput }): Promise<string> {
  return inTransaction(db, async (trx) => {
    await checkMappings(trx, input.evidence, null)
    const { id } = await trx
      .insertInto('evidence')
      .values({ owner_id: input.ownerId, revision: 0, content_hash: '', ...columns(input.evidence) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await writeMappings(trx, id, input.evidence)
    await appendRevision(trx, { evidenceId: id, event: 'created', actorId: input.ownerId })
    return id
  })
}

/**
 * Saves a new revision, but only over the revision the editor started from: a second tab saving the
 * same entry is told it changed instead of silently overwriting the first.
 */
export async function updateEvidence(
  db: Kysely<DB>,
  input: {
    id: string
    expectedRevision: number
    evidence: EvidenceInput
    actorId: string
    confirmedSignoffs?: ReadonlySet<string>
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockEvidenceForChange(trx, input.id, input.expectedRevision)
    await checkMappings(trx, input.evidence, input.id)
    await trx.updateTable('evidence').set(columns(input.evidence)).where('id', '=', input.id).execute()
    await writeMappings(trx, input.id, input.evidence)
    return appendRevision(trx, {
      evidenceId: input.id,
      event: 'edited',
      actorId: input.actorId,
      confirmedSignoffs: input.confirmedSignoffs,
    })
  })
}

/** Withdrawn entries are kept (a sign-off or audit profile may depend on them) but leave the active log. */
export async function withdrawEvidence(
  db: Kysely<DB>,
  input: { id: string; reason: string | null; actorId: string; confirmedSignoffs?: ReadonlySet<string> },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockEvidenceForChange(trx, input.id)
    await trx
      .updateTable('evidence')
      .set({ withdrawn_at: sql`now()`, withdrawn_reason: input.reason })
      .where('id', '=', input.id)
      .execute()
    await appendRevision(trx, {
      evidenceId: input.id,
      event: 'withdrawn',
      actorId: input.actorId,
      confirmedSignoffs: input.confirmedSignoffs,
    })
  })
}

/**
 * The owner takes a withdrawn entry back into their log, as a new revision. Sign-offs it stopped counting stay as
 * they are: a reviewer decides them again on the entry as it now is. False when the entry was not withdrawn.
 */
export async function reinstateEvidence(db: Kysely<DB>, input: { id: string; actorId: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('evidence')
      .set({ withdrawn_at: null, withdrawn_reason: null })
      .where('id', '=', input.id)
      .where('withdrawn_at', 'is not', null)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) return false
    await appendRevision(trx, { evidenceId: input.id, event: 'reinstated', actorId: input.actorId })
    return true
  })
}

/** The policy's view of an entry: whose it is and who supervises them today; undefined for an unknown id. */
export async function getEvidenceSubject(
  db: Db,
  id: string,
  today: string = todayInLondon(),
): Promise<EvidenceSubject | undefined> {
  if (!isUuid(id)) return undefined
  const row = await db
    .selectFrom('evidence as e')
    .select((eb) => [
      'e.owner_id as ownerId',
      'e.withdrawn_at as withdrawnAt',
      eb
        .selectFrom('supervision_link as l')
        .select(sql<string[]>`coalesce(array_agg(l.supervisor_id), '{}')`.as('ids'))
        .whereRef('l.supervisee_id', '=', 'e.owner_id')
        .where(isCurrentLink('l', today))
        .as('currentSupervisorIds'),
    ])
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    kind: 'evidence',
    ownerId: row.ownerId,
    currentSupervisorIds: row.currentSupervisorIds ?? [],
    withdrawn: Boolean(row.withdrawnAt),
  }
}

export async function getEvidenceDetail(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('evidence as e')
    .innerJoin('app_user as u', 'u.id', 'e.owner_id')
    .select((eb) => [
      'e.id',
      'e.owner_id as ownerId',
      'u.name as ownerName',
      'e.status',
      'e.title',
      'e.activity_type as activityType',
      'e.starts_on as startsOn',
      'e.ends_on as endsOn',
      'e.minutes',
      'e.description',
      'e.reflection_what as reflectionWhat',
      'e.reflection_learned as reflectionLearned',
      'e.reflection_practice as reflectionPractice',
      'e.reflection_benefit as reflectionBenefit',
      'e.revision',
      'e.content_hash as contentHash',
      'e.withdrawn_at as withdrawnAt',
      'e.withdrawn_reason as withdrawnReason',
      'e.created_at as createdAt',
      'e.updated_at as updatedAt',
      jsonArrayFrom(
        eb
          .selectFrom('evidence_capability as ec')
          .innerJoin('capability as c', 'c.id', 'ec.capability_id')
          .innerJoin('framework_version as v', 'v.id', 'c.version_id')
          .innerJoin('framework as f', 'f.id', 'v.framework_id')
          .innerJoin('framework_domain as d', 'd.id', 'c.domain_id')
          .leftJoin('framework_level as l', 'l.id', 'c.level_id')
          .select([
            'ec.capability_id as capabilityId',
            'ec.note',
            sql<string | null>`(select pc.code from capability pc where pc.id = ec.carried_from_capability_id)`.as(
              'carriedFromCode',
            ),
            'c.code',
            'c.statement',
            'd.name as domainName',
            'l.name as levelName',
            'f.name as frameworkName',
            'f.code as frameworkCode',
            'v.number as versionNumber',
            'v.status as versionStatus',
          ])
          .whereRef('ec.evidence_id', '=', 'e.id')
          .orderBy('f.name')
          .orderBy('c.sort_order'),
      ).as('mappings'),
      jsonArrayFrom(
        eb
          .selectFrom('evidence_revision as r')
          .innerJoin('app_user as s', 's.id', 'r.saved_by')
          .select([
            'r.revision',
            'r.event',
            'r.content_hash as contentHash',
            'r.saved_at as savedAt',
            's.name as savedBy',
          ])
          .whereRef('r.evidence_id', '=', 'e.id')
          .orderBy('r.revision', 'desc'),
      ).as('revisions'),
    ])
    .where('e.id', '=', id)
    .executeTakeFirst()
}

export type EvidenceDetail = NonNullable<Awaited<ReturnType<typeof getEvidenceDetail>>>

/** How a refused save is told to the person: beside the field when it is about one, otherwise above the form. */
