import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { type DeliveryOptions, type DeliveryReport, deliverDueMessages } from './delivery.server'
import { type OutgoingMessage, enqueueMessage } from './outbox.server'
import { hcpcExpiryReminders, hcpcLapsedReminders } from '#app/models/registration/reminders.server'
import { staleSignoffReminders } from '#app/models/signoffs/notify.server'
import { supervisionOverdueReminders } from '#app/models/supervision/overview.server'

/** Finds the messages due on `today` (a London date). Each names its occasion in its dedupe key. */
export type ReminderFinder = (db: Kysely<DB>, today: string) => Promise<OutgoingMessage[]>

/** Every reminder the job looks for. Finders may return messages sent before: the dedupe key drops them. */
export const REMINDER_FINDERS: ReminderFinder[] = [
  hcpcExpiryReminders,
  hcpcLapsedReminders,
  supervisionOverdueReminders,
  staleSignoffReminders,
]

export interface ReminderRunReport extends DeliveryReport {
  found: number
  queued: number
}

/** Queues what is due. Safe to run anywhere at any time: a message already queued is not queued again. */
export async function queueDueReminders(
  db: Kysely<DB>,
  today: string,
  finders: readonly ReminderFinder[] = REMINDER_FINDERS,
): Promise<{ found: number; queued: number }> {
  let found = 0
  let queued = 0
  for (const finder of finders) {
    for (const message of await finder(db, today)) {
      found += 1
      if (await enqueueMessage(db, message)) queued += 1
    }
  }
  return { found, queued }
}

/** `npm run reminders`: queue what is due today, then deliver everything due to leave. */
export async function runReminders(
  db: Kysely<DB>,
  options: DeliveryOptions & { today: string; finders?: readonly ReminderFinder[] },
): Promise<ReminderRunReport> {
  const queued = await queueDueReminders(db, options.today, options.finders)
  const delivered = await deliverDueMessages(db, options)
  return { ...queued, ...delivered }
}
