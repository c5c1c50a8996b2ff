import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB } from '#db/schema'
import { enqueueMessage, type OutgoingMessage } from '#app/models/outbox/outbox.server'
import { isCurrentLink, listActivePrincipals } from '#app/models/shared/scope.server'
import { type DomainRef } from './signoffs.schema'

export async function notifyReviewers(
  trx: Transaction<DB>,
  input: { requestId: string; requesterId: string; ref: DomainRef; today: string },
): Promise<void> {
  const requester = await trx
    .selectFrom('app_user')
    .select('name')
    .where('id', '=', input.requesterId)
    .executeTakeFirstOrThrow()
  let reviewers = await trx
    .selectFrom('supervision_link as l')
    .select('l.supervisor_id as id')
    .where('l.supervisee_id', '=', input.requesterId)
    .where(isCurrentLink('l', input.today))
    .execute()
  // Nobody supervises the person today: the principal OT, who can decide any request, hears of it instead.
  if (reviewers.length === 0) reviewers = await listActivePrincipals(trx)
  for (const reviewer of reviewers) {
    if (reviewer.id === input.requesterId) continue
    await enqueueMessage(trx, {
      kind: 'signoff.requested',
      recipientId: reviewer.id,
      template: 'signoff-requested',
      personalisation: {
        person: requester.name,
        capability: `${input.ref.domainName} at ${input.ref.levelName}`,
        framework: `${input.ref.frameworkName} (${input.ref.versionLabel})`,
        path: `/signoffs/${input.requestId}`,
      },
      dedupeKey: `signoff.requested:${input.requestId}:${reviewer.id}`,
    })
  }
}

/** Requests left waiting for 14 days or more: the principal OT hears of each once. */
export async function staleSignoffReminders(db: Kysely<DB>, today: string): Promise<OutgoingMessage[]> {
  const waiting = await db
    .selectFrom('signoff_request as r')
    .innerJoin('app_user as u', 'u.id', 'r.requester_id')
    .innerJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .innerJoin('framework_level as l', 'l.id', 'r.level_id')
    .select(['r.id', 'u.name', 'd.name as domainName', 'l.name as levelName', 'r.requested_at as requestedAt'])
    .where('r.status', '=', 'pending')
    .where(sql<boolean>`(r.requested_at at time zone 'Europe/London')::date <= ${today}::date - 14`)
    .orderBy('r.requested_at')
    .execute()
  if (waiting.length === 0) return []
  const principals = await listActivePrincipals(db)
  return waiting.flatMap((request) =>
    principals.map((principal) => ({
      kind: 'signoff.waiting',
      recipientId: principal.id,
      template: 'signoff-waiting',
      personalisation: {
        person: request.name,
        capability: `${request.domainName} at ${request.levelName}`,
        path: `/signoffs/${request.id}`,
      },
      dedupeKey: `signoff.waiting:${request.id}:${principal.id}`,
    })),
  )
}
