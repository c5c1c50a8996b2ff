import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { type Actor, can } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { RuleError } from '#app/lib/rule-error'
import { recordAudit } from '#app/models/shared/audit.server'
import type { SignoffDecisionForm } from './signoffs.schema'
import { checkDecisionSession, tellRequester } from './decide.server'
import { SignoffAlreadyDecidedError, SignoffNotAllowedError } from './errors'
import { getSignoffSubject } from './queries.server'

/** The revisions a reviewer was shown, as the re-review form carries them: "evidenceId:revision,…". */
export function readSeenRevisions(value: FormDataEntryValue | null): Map<string, number> {
  const seen = new Map<string, number>()
  if (typeof value !== 'string') return seen
  for (const pair of value.split(',')) {
    const [id, revision] = pair.split(':')
    const n = Number(revision)
    if (id && Number.isSafeInteger(n)) seen.set(id, n)
  }
  return seen
}

export function writeSeenRevisions(entries: readonly { evidenceId: string; currentRevision: number }[]): string {
  return entries.map((e) => `${e.evidenceId}:${e.currentRevision}`).join(',')
}

/**
 * Decides again on a request whose evidence changed, against the entries as they are now, without the requester
 * building a new request. The request is bound to the current revisions, and the decision is a new event in its
 * append-only history ('reapproved' or 'rereturned', with the revisions before and after). Refused when the entries
 * changed again since the reviewer looked, when one was withdrawn or is no longer complete, or when the requester
 * has already asked again.
 */
export async function reReviewSignoff(
  db: Kysely<DB>,
  input: SignoffDecisionForm & { requestId: string; actor: Actor; seen: ReadonlyMap<string, number> },
  today: string = todayInLondon(),
): Promise<'approved' | 'returned'> {
  return db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom('signoff_request')
      .select(['id', 'requester_id as requesterId', 'status'])
      .where('id', '=', input.requestId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (request.status !== 'invalidated') throw new SignoffAlreadyDecidedError(request.status)
    const subject = await getSignoffSubject(trx, input.requestId, today)
    if (!subject || !can(input.actor, 'signoff.re-review', subject)) throw new SignoffNotAllowedError()
    const followUp = await trx
      .selectFrom('signoff_request')
      .select('id')
      .where('supersedes_id', '=', request.id)
      .executeTakeFirst()
    if (followUp) throw new RuleError('The person has asked again since; decide the newer request.', 'form', 409)
    await checkDecisionSession(trx, {
      sessionId: input.sessionId,
      requesterId: request.requesterId,
      actor: input.actor,
    })

    const entries = await trx
      .selectFrom('signoff_request_evidence as se')
      .innerJoin('evidence as e', 'e.id', 'se.evidence_id')
      .select([
        'e.id',
        'e.title',
        'e.status',
        'e.withdrawn_at as withdrawnAt',
        'se.revision as fromRevision',
        'e.revision as toRevision',
        'e.content_hash as contentHash',
      ])
      .where('se.request_id', '=', request.id)
      .forUpdate('e')
      .execute()
    const movedOn = entries.filter((e) => input.seen.get(e.id) !== e.toRevision)
    if (movedOn.length > 0) {
      throw new RuleError(
        `The evidence changed again while you were looking (${movedOn.map((e) => e.title).join(', ')}). Nothing was saved; the page now shows the latest changes.`,
        'form',
        409,
      )
    }
    const unusable = entries.filter((e) => e.withdrawnAt !== null || e.status !== 'complete')
    if (input.decision === 'approve' && unusable.length > 0) {
      throw new RuleError(
        `${unusable.map((e) => `"${e.title}"`).join(', ')} ${unusable.length === 1 ? 'is' : 'are'} withdrawn or no longer complete, so this cannot be signed off on the evidence as it is. Return it with a comment instead.`,
        'form',
        409,
      )
    }

    for (const entry of entries) {
      await trx
        .updateTable('signoff_request_evidence')
        .set({ revision: entry.toRevision, content_hash: entry.contentHash })
        .where('request_id', '=', request.id)
        .where('evidence_id', '=', entry.id)
        .execute()
    }
    const status = input.decision === 'approve' ? 'approved' : 'returned'
    const updated = await trx
      .updateTable('signoff_request')
      .set({ status, decided_at: sql`now()`, decided_by: input.actor.id })
      .where('id', '=', request.id)
      .where('status', '=', 'invalidated')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new SignoffAlreadyDecidedError('pending')
    const revisions = entries.map((e) => ({ evidenceId: e.id, fromRevision: e.fromRevision, toRevision: e.toRevision }))
    const event = await trx
      .insertInto('signoff_event')
      .values({
        request_id: request.id,
        kind: status === 'approved' ? 'reapproved' : 'rereturned',
        actor_id: input.actor.id,
        comment: input.comment,
        session_id: input.sessionId,
        data: JSON.stringify({ revisions }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actorId: input.actor.id,
      action: status === 'approved' ? 'signoff.reapproved' : 'signoff.rereturned',
      subjectKind: 'signoff',
      subjectId: request.id,
      data: { requesterId: request.requesterId, revisions, hasComment: input.comment.length > 0 },
    })
    await tellRequester(trx, {
      requestId: request.id,
      requesterId: request.requesterId,
      status,
      decision: status === 'approved' ? 'signed off again on your evidence as it is now' : 'returned with comments',
      dedupeKey: `signoff.rereviewed:${request.id}:${event.id}`,
    })
    return status
  })
}
