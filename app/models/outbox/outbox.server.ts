import type { Kysely, Transaction } from 'kysely'
import type { DB } from '#db/schema'

export interface OutgoingMessage {
  /** What the message is about, for the admin list and the log: 'signoff.requested', 'hcpc.expiry', ... */
  kind: string
  recipientId: string
  /** The template's name in the portal; the delivery job maps it to a GOV.UK Notify template id. */
  template: string
  personalisation: Record<string, string>
  /** Names the occasion, so the same message is never queued twice (e.g. 'signoff.requested:<request id>'). */
  dedupeKey: string
}

/**
 * Queues a message for the delivery job, inside the caller's transaction so that it leaves only if the change it
 * tells of is saved. Returns false when a message with the same dedupe key was queued before (or the recipient has
 * no active account).
 */
export async function enqueueMessage(db: Kysely<DB> | Transaction<DB>, message: OutgoingMessage): Promise<boolean> {
  const recipient = await db
    .selectFrom('app_user')
    .select(['email'])
    .where('id', '=', message.recipientId)
    .where('active', '=', true)
    .executeTakeFirst()
  if (!recipient) return false
  const inserted = await db
    .insertInto('outbox_message')
    .values({
      kind: message.kind,
      recipient_id: message.recipientId,
      recipient_email: recipient.email,
      template: message.template,
      personalisation: JSON.stringify(message.personalisation),
      dedupe_key: message.dedupeKey,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted !== undefined
}
