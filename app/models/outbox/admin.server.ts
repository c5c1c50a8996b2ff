import { type Kysely, sql } from 'kysely'
import type { DB, OutboxStatus } from '#db/schema'
import { recordAudit } from '#app/models/shared/audit.server'

export interface OutboxListItem {
  id: string
  kind: string
  recipientEmail: string
  recipientName: string | null
  template: string
  status: OutboxStatus
  attempts: number
  nextAttemptAt: Date
  lastError: string | null
  createdAt: Date
}

export const OUTBOX_LIST_LIMIT = 200

/** Messages that have not left: failed first (they need someone), then pending, oldest first. */
export function listUndeliveredMessages(db: Kysely<DB>): Promise<OutboxListItem[]> {
  return db
    .selectFrom('outbox_message as m')
    .leftJoin('app_user as u', 'u.id', 'm.recipient_id')
    .select([
      'm.id',
      'm.kind',
      'm.recipient_email as recipientEmail',
      'u.name as recipientName',
      'm.template',
      'm.status',
      'm.attempts',
      'm.next_attempt_at as nextAttemptAt',
      'm.last_error as lastError',
      'm.created_at as createdAt',
    ])
    .where('m.status', 'in', ['failed', 'pending'])
    .orderBy(sql`m.status = 'failed'`, 'desc')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .limit(OUTBOX_LIST_LIMIT)
    .execute()
}

export async function countMessagesByStatus(db: Kysely<DB>): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox_message')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute()
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, logged: 0, failed: 0 }
  for (const row of rows) counts[row.status] = row.n
  return counts
}

/** Puts a failed message back in the queue for the next run. False when it is not (or no longer) failed. */
export async function retryFailedMessage(db: Kysely<DB>, input: { id: string; actorId: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('outbox_message')
      .set({ status: 'pending', attempts: 0, next_attempt_at: new Date(), locked_until: null })
      .where('id', '=', input.id)
      .where('status', '=', 'failed')
      .returning(['id', 'kind', 'last_error'])
      .executeTakeFirst()
    if (!row) return false
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'outbox_message.retried',
      subjectKind: 'outbox_message',
      subjectId: row.id,
      data: { kind: row.kind, lastError: row.last_error },
    })
    return true
  })
}
