import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { deleteLoginAttemptsBefore } from './login-attempts.server'
import { deleteExpiredSessionRows } from './lucia-adapter.server'
import { deleteStaleSsoLoginRequests } from '#app/models/people/sso.server'

// Attempts are kept a day beyond the lock window: only the window decides a lock, and a day is enough to look
// into a burst of failures.
const ATTEMPT_MARGIN_MINUTES = 24 * 60

/**
 * Removes what sign-in leaves behind once it can no longer matter: sessions that have ended, sign-in attempts
 * older than the lock window with a day's margin, and single sign-ons started but never finished. Run by the server
 * every hour and by `npm run reminders`.
 */
export async function purgeSignInRecords(
  db: Kysely<DB>,
  settings: { absoluteHours: number; lockMinutes: number },
): Promise<{ sessions: number; attempts: number; ssoRequests: number }> {
  const before = new Date(Date.now() - (settings.lockMinutes + ATTEMPT_MARGIN_MINUTES) * 60_000)
  const sessions = await deleteExpiredSessionRows(db, settings.absoluteHours)
  const attempts = await deleteLoginAttemptsBefore(db, before)
  const ssoRequests = await deleteStaleSsoLoginRequests(db)
  return { sessions, attempts, ssoRequests }
}
