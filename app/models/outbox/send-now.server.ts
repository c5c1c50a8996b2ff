import { type Kysely, sql } from 'kysely'
import type { DB, OutboxStatus } from '#db/schema'
import { recordAudit } from '#app/models/shared/audit.server'
import {
  type ClaimedMessage,
  type DeliveryReport,
  type Logger,
  MAX_DELIVERY_ATTEMPTS,
  type MessageSender,
  deliverOne,
} from './delivery.server'

export interface OutboxMessageDetail {
  id: string
  kind: string
  template: string
  recipientEmail: string
  recipientName: string | null
  personalisation: Record<string, string>
  status: OutboxStatus
  attempts: number
  nextAttemptAt: Date
  lastError: string | null
  createdAt: Date
  sentAt: Date | null
  /** Another process holds it for sending right now. */
  beingSent: boolean
}

/** One message as an administrator opens it: who it is for, what it says, and how its tries have gone. */
export async function getOutboxMessage(
  db: Kysely<DB>,
  id: string,
  now: Date = new Date(),
): Promise<OutboxMessageDetail | undefined> {
  const row = await db
    .selectFrom('outbox_message as m')
    .leftJoin('app_user as u', 'u.id', 'm.recipient_id')
    .select([
      'm.id',
      'm.kind',
      'm.template',
      'm.recipient_email as recipientEmail',
      'u.name as recipientName',
      'm.personalisation',
      'm.status',
      'm.attempts',
      'm.next_attempt_at as nextAttemptAt',
      'm.last_error as lastError',
      'm.created_at as createdAt',
      'm.sent_at as sentAt',
      'm.locked_until as lockedUntil',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const { lockedUntil, personalisation, ...rest } = row
  return {
    ...rest,
    personalisation: personalisation as Record<string, string>,
    beingSent: lockedUntil !== null && lockedUntil > now,
  }
}

export type SendNowOutcome = keyof DeliveryReport | 'not-waiting' | 'busy'

/**
 * Sends one waiting (or failed) message at once, instead of at its next try. It is claimed as the delivery loop
 * claims, with a lease and SKIP LOCKED, so a message the loop or another instance is sending is left to it
 * ('busy') and nothing is ever sent twice.
 */
export async function sendMessageNow(
  db: Kysely<DB>,
  input: { id: string; actorId: string; sender: MessageSender | null; logger: Logger; now?: Date; leaseMs?: number },
): Promise<SendNowOutcome> {
  const now = input.now ?? new Date()
  const lockedUntil = new Date(now.getTime() + (input.leaseMs ?? 60_000))
  const claimed = await db.transaction().execute(async (trx) => {
    const locked = await sql<{ id: string; status: OutboxStatus; locked_until: Date | null }>`
      select id, status, locked_until from outbox_message where id = ${input.id} for update skip locked`.execute(trx)
    const row = locked.rows[0]
    if (!row) return 'busy' as const
    if (row.status !== 'pending' && row.status !== 'failed') return 'not-waiting' as const
    if (row.locked_until && row.locked_until > now) return 'busy' as const
    const updated = await trx
      .updateTable('outbox_message')
      // A failed message starts its tries again, as a retry would.
      .set((eb) => ({
        status: 'pending',
        locked_until: lockedUntil,
        attempts: row.status === 'failed' ? 1 : eb('attempts', '+', 1),
      }))
      .where('id', '=', input.id)
      .returning(['id', 'kind', 'recipient_email', 'template', 'personalisation', 'attempts'])
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'outbox_message.sent_now',
      subjectKind: 'outbox_message',
      subjectId: updated.id,
      data: { kind: updated.kind, was: row.status },
    })
    return {
      id: updated.id,
      kind: updated.kind,
      recipientEmail: updated.recipient_email,
      template: updated.template,
      personalisation: updated.personalisation as Record<string, string>,
      attempts: updated.attempts,
      lockedUntil,
    } satisfies ClaimedMessage
  })
  if (typeof claimed === 'string') return claimed
  return deliverOne(
    db,
    claimed,
    { sender: input.sender, logger: input.logger },
    { now, maxAttempts: MAX_DELIVERY_ATTEMPTS },
  )
}
