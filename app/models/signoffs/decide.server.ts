import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB, SignoffStatus, Db } from '#db/schema'
import { type Actor, can } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { enqueueMessage } from '#app/models/outbox/outbox.server'
import type { SignoffDecisionForm } from './signoffs.schema'
import { SignoffAlreadyDecidedError, SignoffEvidenceChangedError, SignoffNotAllowedError } from './errors'
import { getSignoffSubject } from './queries.server'

/**
 * Approves or returns a pending request. Exactly one decision is ever recorded: the row is locked, its status
 * re-read, the decider re-checked against the policy as of today, and the evidence compared with what was seen.
 */
export async function decideSignoff(
  db: Kysely<DB>,
  input: SignoffDecisionForm & { requestId: string; actor: Actor },
  today: string = todayInLondon(),
): Promise<SignoffStatus> {
  return db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom('signoff_request')
      .select(['id', 'requester_id as requesterId', 'status', 'domain_id as domainId', 'level_id as levelId'])
      .where('id', '=', input.requestId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (request.status !== 'pending') throw new SignoffAlreadyDecidedError(request.status)
    const subject = await getSignoffSubject(trx, input.requestId, today)
    if (!subject || !can(input.actor, 'signoff.decide', subject)) throw new SignoffNotAllowedError()

    const changed = await trx
      .selectFrom('signoff_request_evidence as se')
      .innerJoin('evidence as e', 'e.id', 'se.evidence_id')
      .select('e.title')
      .where('se.request_id', '=', request.id)
      .whereRef('e.content_hash', '<>', 'se.content_hash')
      .execute()
    if (changed.length > 0) throw new SignoffEvidenceChangedError(changed.map((c) => c.title))

    await checkDecisionSession(trx, {
      sessionId: input.sessionId,
      requesterId: request.requesterId,
      actor: input.actor,
    })

    const status = input.decision === 'approve' ? 'approved' : 'returned'
    const updated = await trx
      .updateTable('signoff_request')
      .set({ status, decided_at: sql`now()`, decided_by: input.actor.id })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new SignoffAlreadyDecidedError('pending')
    await trx
      .insertInto('signoff_event')
      .values({
        request_id: request.id,
        kind: status,
        actor_id: input.actor.id,
        comment: input.comment,
        session_id: input.sessionId,
      })
      .execute()
    await recordAudit(trx, {
      actorId: input.actor.id,
      action: `signoff.${status}`,
      subjectKind: 'signoff',
      subjectId: request.id,
      data: { requesterId: request.requesterId, sessionId: input.sessionId, hasComment: input.comment.length > 0 },
    })
    await tellRequester(trx, {
      requestId: request.id,
      requesterId: request.requesterId,
      status,
      decision: status === 'approved' ? 'signed off' : 'returned with comments',
      dedupeKey: `signoff.decided:${request.id}`,
    })
    return status
  })
}

/** Queues the decision's email to the person who asked, in the transaction that records the decision. */
export async function tellRequester(
  trx: Db,
  input: {
    requestId: string
    requesterId: string
    status: 'approved' | 'returned'
    decision: string
    dedupeKey: string
  },
): Promise<void> {
  const ref = await describeRequest(trx, input.requestId)
  await enqueueMessage(trx, {
    kind: `signoff.${input.status}`,
    recipientId: input.requesterId,
    template: 'signoff-decided',
    personalisation: {
      capability: `${ref.domainName} at ${ref.levelName}`,
      decision: input.decision,
      path: `/signoffs/${input.requestId}`,
    },
    dedupeKey: input.dedupeKey,
  })
}

/** A decision made in supervision names one of the decider's own sessions with the person. */
export async function checkDecisionSession(
  trx: Db,
  input: { sessionId: string | null; requesterId: string; actor: Actor },
): Promise<void> {
  if (!input.sessionId) return
  const session = await trx
    .selectFrom('supervision_session')
    .select('id')
    .where('id', '=', input.sessionId)
    .where('supervisee_id', '=', input.requesterId)
    .where('supervisor_id', '=', input.actor.id)
    .executeTakeFirst()
  if (!session) throw new SignoffNotAllowedError('Choose one of your own supervision sessions with this person')
}

export function describeRequest(db: Db, requestId: string) {
  return db
    .selectFrom('signoff_request as r')
    .innerJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .innerJoin('framework_level as l', 'l.id', 'r.level_id')
    .innerJoin('app_user as u', 'u.id', 'r.requester_id')
    .select(['d.name as domainName', 'l.name as levelName', 'u.name as requesterName'])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow()
}

/** The requester takes back a request nobody has decided yet. */
export async function withdrawSignoff(
  db: Kysely<DB>,
  input: { requestId: string; actorId: string; reason?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('signoff_request')
      .set({ status: 'withdrawn' })
      .where('id', '=', input.requestId)
      .where('requester_id', '=', input.actorId)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) {
      const current = await trx
        .selectFrom('signoff_request')
        .select('status')
        .where('id', '=', input.requestId)
        .executeTakeFirstOrThrow()
      throw new SignoffAlreadyDecidedError(current.status, 'requester')
    }
    await trx
      .insertInto('signoff_event')
      .values({ request_id: input.requestId, kind: 'withdrawn', actor_id: input.actorId, comment: input.reason ?? '' })
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'signoff.withdrawn',
      subjectKind: 'signoff',
      subjectId: input.requestId,
    })
  })
}

/**
 * Called in the transaction that saves a new revision of an entry: every pending or approved request that saw
 * another revision of it stops counting. An approved one then needs re-review; a pending one cannot be decided.
 */
export async function invalidateSignoffsForEvidence(
  trx: Transaction<DB>,
  input: { evidenceId: string; revision: number; contentHash: string; actorId: string },
): Promise<string[]> {
  const affected = await trx
    .selectFrom('signoff_request as r')
    .select(['r.id', 'r.decided_by as decidedBy', 'r.status'])
    .where('r.status', 'in', ['pending', 'approved'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('signoff_request_evidence as se')
          .whereRef('se.request_id', '=', 'r.id')
          .where('se.evidence_id', '=', input.evidenceId)
          .where('se.content_hash', '<>', input.contentHash),
      ),
    )
    .forUpdate()
    .execute()
  if (affected.length === 0) return []
  await trx
    .updateTable('signoff_request')
    .set({ status: 'invalidated' })
    .where(
      'id',
      'in',
      affected.map((r) => r.id),
    )
    .execute()
  for (const request of affected) {
    const seen = await trx
      .selectFrom('signoff_request_evidence')
      .select('revision')
      .where('request_id', '=', request.id)
      .where('evidence_id', '=', input.evidenceId)
      .executeTakeFirstOrThrow()
    const data = { evidenceId: input.evidenceId, seenRevision: seen.revision, newRevision: input.revision }
    await trx
      .insertInto('signoff_event')
      .values({ request_id: request.id, kind: 'invalidated', actor_id: input.actorId, data: JSON.stringify(data) })
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'signoff.invalidated',
      subjectKind: 'signoff',
      subjectId: request.id,
      data,
    })
    // The reviewer who signed it off hears that it no longer counts, and finds it in their inbox to decide again.
    if (request.decidedBy && request.status === 'approved') {
      const ref = await describeRequest(trx, request.id)
      await enqueueMessage(trx, {
        kind: 'signoff.invalidated',
        recipientId: request.decidedBy,
        template: 'signoff-invalidated',
        personalisation: {
          capability: `${ref.domainName} at ${ref.levelName}`,
          person: ref.requesterName,
          path: `/signoffs/${request.id}`,
        },
        dedupeKey: `signoff.invalidated:${request.id}:${input.evidenceId}:${input.revision}`,
      })
    }
  }
  return affected.map((r) => r.id)
}
