import { createHash } from 'node:crypto'
import { type Kysely, type Transaction, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { DB, Db } from '#db/schema'
import type { EvidenceSubject } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { invalidateSignoffsForEvidence } from '#app/models/signoffs/decide.server'
import type { EvidenceInput } from './evidence.schema'
import { isUuid } from '#app/lib/ids'

export class EvidenceChangedError extends Error {
  constructor() {
    super(
      'This entry was saved somewhere else (another tab or device) after you opened it. Your changes have not been saved; they are still in the form below.',
    )
  }
}

export class EvidenceWithdrawnError extends Error {
  constructor() {
    super('This entry has been withdrawn and can no longer be changed')
  }
}

export class UnmappableCapabilityError extends Error {
  constructor(readonly capabilityIds: string[]) {
    super('Evidence can only be mapped to capabilities of a published framework version')
  }
}

function hashContent(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

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

/**
 * The content a revision records, read back from the database: fields, mappings and attachments (by
 * hash). Its hash is what a sign-off points at, so any change a reviewer could see changes it.
 */
async function currentContent(trx: Transaction<DB>, evidenceId: string) {
  const [row, mappings, files] = await Promise.all([
    trx
      .selectFrom('evidence')
      .select([
        'status',
        'title',
        'activity_type as activityType',
        'starts_on as startsOn',
        'ends_on as endsOn',
        'minutes',
        'description',
        'reflection_what as reflectionWhat',
        'reflection_learned as reflectionLearned',
        'reflection_practice as reflectionPractice',
        'reflection_benefit as reflectionBenefit',
        'withdrawn_at as withdrawnAt',
        'withdrawn_reason as withdrawnReason',
      ])
      .where('id', '=', evidenceId)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('evidence_capability')
      .select(['capability_id as capabilityId', 'note'])
      .where('evidence_id', '=', evidenceId)
      .orderBy('capability_id')
      .execute(),
    trx
      .selectFrom('evidence_file')
      .select(['file_name as name', 'sha256'])
      .where('evidence_id', '=', evidenceId)
      .where('removed_at', 'is', null)
      .orderBy('sha256')
      .orderBy('file_name')
      .execute(),
  ])
  const { withdrawnAt, withdrawnReason, ...fields } = row
  return { ...fields, mappings, files, ...(withdrawnAt ? { withdrawn: true, withdrawnReason } : {}) }
}

type RevisionEvent = 'created' | 'edited' | 'withdrawn' | 'file-added' | 'file-removed'

/** Records the entry's current state as its next revision; nothing is recorded when the content is unchanged. */
export async function appendRevision(
  trx: Transaction<DB>,
  input: { evidenceId: string; event: RevisionEvent; actorId: string },
): Promise<number> {
  const content = await currentContent(trx, input.evidenceId)
  const hash = hashContent(content)
  const current = await trx
    .selectFrom('evidence')
    .select(['revision', 'content_hash'])
    .where('id', '=', input.evidenceId)
    .executeTakeFirstOrThrow()
  if (current.content_hash === hash) return current.revision
  const revision = current.revision + 1
  await trx
    .updateTable('evidence')
    .set({ revision, content_hash: hash, updated_at: sql`now()` })
    .where('id', '=', input.evidenceId)
    .execute()
  await trx
    .insertInto('evidence_revision')
    .values({
      evidence_id: input.evidenceId,
      revision,
      content: JSON.stringify(content),
      content_hash: hash,
      event: input.event,
      saved_by: input.actorId,
    })
    .execute()
  await invalidateSignoffsForEvidence(trx, {
    evidenceId: input.evidenceId,
    revision,
    contentHash: hash,
    actorId: input.actorId,
  })
  await recordAudit(trx, {
    actorId: input.actorId,
    action: `evidence.${input.event}`,
    subjectKind: 'evidence',
    subjectId: input.evidenceId,
    data: { revision },
  })
  return revision
}

/** New mappings must point at a published version; a mapping the entry already has may stay after a retirement. */
async function checkMappings(trx: Transaction<DB>, input: EvidenceInput, evidenceId: string | null): Promise<void> {
  const ids = input.mappings.map((m) => m.capabilityId)
  if (ids.length === 0) return
  const candidates = ids.filter((id) => isUuid(id))
  const allowed = candidates.length
    ? await trx
        .selectFrom('capability as c')
        .innerJoin('framework_version as v', 'v.id', 'c.version_id')
        .select('c.id')
        .where('c.id', 'in', candidates)
        .where((eb) =>
          eb.or([
            eb('v.status', '=', 'published'),
            ...(evidenceId
              ? [
                  eb.exists(
                    eb
                      .selectFrom('evidence_capability as ec')
                      .select('ec.capability_id')
                      .whereRef('ec.capability_id', '=', 'c.id')
                      .where('ec.evidence_id', '=', evidenceId),
                  ),
                ]
              : []),
          ]),
        )
        .execute()
    : []
  const ok = new Set(allowed.map((row) => row.id))
  const refused = ids.filter((id) => !ok.has(id))
  if (refused.length > 0) throw new UnmappableCapabilityError(refused)
}

async function writeMappings(trx: Transaction<DB>, evidenceId: string, input: EvidenceInput): Promise<void> {
  await trx.deleteFrom('evidence_capability').where('evidence_id', '=', evidenceId).execute()
  if (input.mappings.length === 0) return
  await trx
    .insertInto('evidence_capability')
    .values(input.mappings.map((m) => ({ evidence_id: evidenceId, capability_id: m.capabilityId, note: m.note })))
    .execute()
}

export async function createEvidence(
  db: Kysely<DB>,
  input: { ownerId: string; evidence: EvidenceInput },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
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

/** Locks the entry for a change, refusing a withdrawn one and (when given) a stale revision. */
export async function lockEvidenceForChange(
  trx: Transaction<DB>,
  id: string,
  expectedRevision?: number,
): Promise<void> {
  const current = await trx
    .selectFrom('evidence')
    .select(['revision', 'withdrawn_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow()
  if (current.withdrawn_at) throw new EvidenceWithdrawnError()
  if (expectedRevision !== undefined && current.revision !== expectedRevision) throw new EvidenceChangedError()
}

/**
 * Saves a new revision, but only over the revision the editor started from: a second tab saving the
 * same entry is told it changed instead of silently overwriting the first.
 */
export async function updateEvidence(
  db: Kysely<DB>,
  input: { id: string; expectedRevision: number; evidence: EvidenceInput; actorId: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockEvidenceForChange(trx, input.id, input.expectedRevision)
    await checkMappings(trx, input.evidence, input.id)
    await trx.updateTable('evidence').set(columns(input.evidence)).where('id', '=', input.id).execute()
    await writeMappings(trx, input.id, input.evidence)
    return appendRevision(trx, { evidenceId: input.id, event: 'edited', actorId: input.actorId })
  })
}

/** Withdrawn entries are kept (a sign-off or audit profile may depend on them) but leave the active log. */
export async function withdrawEvidence(
  db: Kysely<DB>,
  input: { id: string; reason: string | null; actorId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockEvidenceForChange(trx, input.id)
    await trx
      .updateTable('evidence')
      .set({ withdrawn_at: sql`now()`, withdrawn_reason: input.reason })
      .where('id', '=', input.id)
      .execute()
    await appendRevision(trx, { evidenceId: input.id, event: 'withdrawn', actorId: input.actorId })
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

export interface MappableCapability {
  id: string
  code: string
  statement: string
  frameworkName: string
  domainName: string
  levelName: string | null
}

/** Capabilities of every published framework version, in framework, domain and level order. */
export function listMappableCapabilities(db: Kysely<DB>): Promise<MappableCapability[]> {
  return db
    .selectFrom('capability as c')
    .innerJoin('framework_version as v', 'v.id', 'c.version_id')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .innerJoin('framework_domain as d', 'd.id', 'c.domain_id')
    .leftJoin('framework_level as l', 'l.id', 'c.level_id')
    .select(['c.id', 'c.code', 'c.statement', 'f.name as frameworkName', 'd.name as domainName', 'l.name as levelName'])
    .where('v.status', '=', 'published')
    .orderBy('f.name')
    .orderBy('d.sort_order')
    .orderBy('l.ordinal')
    .orderBy('c.sort_order')
    .execute()
}

/** How a refused save is told to the person: beside the field when it is about one, otherwise above the form. */
export function describeSaveError(
  error: unknown,
  mappings: { capabilityId: string }[],
): { status: number; fieldErrors: Record<string, string> } | null {
  if (error instanceof UnmappableCapabilityError) {
    const fieldErrors: Record<string, string> = {}
    mappings.forEach((mapping, i) => {
      if (error.capabilityIds.includes(mapping.capabilityId)) {
        fieldErrors[`map.${i}.capability`] =
          'This capability belongs to a retired or unknown framework version: choose another'
      }
    })
    return { status: 400, fieldErrors }
  }
  if (error instanceof EvidenceChangedError) return { status: 409, fieldErrors: { form: error.message } }
  if (error instanceof EvidenceWithdrawnError) return { status: 409, fieldErrors: { form: error.message } }
  return null
}

/**
 * What the edit form offers: every capability of a published version, plus any the entry already maps to
 * whose version has retired since (a mapping made in good faith stays, and stays selectable).
 */
export async function listMappableCapabilitiesFor(db: Kysely<DB>, evidenceId: string): Promise<MappableCapability[]> {
  const [published, retired] = await Promise.all([
    listMappableCapabilities(db),
    db
      .selectFrom('evidence_capability as ec')
      .innerJoin('capability as c', 'c.id', 'ec.capability_id')
      .innerJoin('framework_version as v', 'v.id', 'c.version_id')
      .innerJoin('framework as f', 'f.id', 'v.framework_id')
      .innerJoin('framework_domain as d', 'd.id', 'c.domain_id')
      .leftJoin('framework_level as l', 'l.id', 'c.level_id')
      .select([
        'c.id',
        'c.code',
        'c.statement',
        sql<string>`f.name || ' (retired version)'`.as('frameworkName'),
        'd.name as domainName',
        'l.name as levelName',
      ])
      .where('ec.evidence_id', '=', evidenceId)
      .where('v.status', '<>', 'published')
      .orderBy('c.sort_order')
      .execute(),
  ])
  return [...published, ...retired]
}
