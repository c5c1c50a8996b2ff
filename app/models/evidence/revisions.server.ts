import { createHash } from 'node:crypto'
import { type Transaction, sql } from 'kysely'
import type { DB } from '#db/schema'
import { recordAudit } from '#app/models/shared/audit.server'
import { invalidateSignoffsForEvidence } from '#app/models/signoffs/decide.server'
import { isConfirmed, listSignoffsAtStake } from '#app/models/signoffs/at-stake.server'
import { SignoffsAtStakeError } from '#app/models/signoffs/errors'
import { EvidenceChangedError, EvidenceWithdrawnError } from './errors'

function hashContent(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
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

type RevisionEvent = 'created' | 'edited' | 'withdrawn' | 'file-added' | 'file-removed' | 'reinstated'

/**
 * Records the entry's current state as its next revision; nothing is recorded when the content is unchanged.
 *
 * With `confirmedSignoffs` (a change a person makes on a form), a change that would stop a sign-off counting
 * which the person did not confirm throws SignoffsAtStakeError, and the caller's transaction saves nothing.
 */
export async function appendRevision(
  trx: Transaction<DB>,
  input: { evidenceId: string; event: RevisionEvent; actorId: string; confirmedSignoffs?: ReadonlySet<string> },
): Promise<number> {
  const content = await currentContent(trx, input.evidenceId)
  const hash = hashContent(content)
  const current = await trx
    .selectFrom('evidence')
    .select(['revision', 'content_hash'])
    .where('id', '=', input.evidenceId)
    .executeTakeFirstOrThrow()
  if (current.content_hash === hash) return current.revision
  if (input.confirmedSignoffs) {
    const atStake = await listSignoffsAtStake(trx, input.evidenceId, hash)
    if (!isConfirmed(atStake, input.confirmedSignoffs)) throw new SignoffsAtStakeError(atStake)
  }
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
