import { purgeSignInRecords } from '#app/auth/sign-in-records.server'
import { getEnv } from '#app/lib/env.server'
import { todayInLondon } from '#app/lib/dates'
import { jsonLineLogger, senderFromEnv } from '#app/models/outbox/delivery.server'

import { runReminders } from '#app/models/outbox/reminders.server'
import { formTokensExpireBefore, purgeFormSubmissions } from '#app/models/shared/form-submission.server'
import { withDatabase } from '#scripts/lib/cli'

// `npm run reminders`: queue the reminders due today, deliver the outbox and remove old sign-in records and form tokens. Safe to run
// from cron every few minutes on several machines at once: each message is queued once (dedupe key) and claimed by
// one process.
await withDatabase(async ({ db }) => {
  const env = getEnv()
  const sender = senderFromEnv(env)
  const report = await runReminders(db, {
    today: todayInLondon(),
    sender,
    logger: jsonLineLogger,
    batchSize: env.REMINDER_BATCH_SIZE,
  })
  jsonLineLogger.info('reminders run finished', { ...report, notify: sender ? 'on' : 'off (messages logged)' })
  const removed = await purgeSignInRecords(db, {
    absoluteHours: env.SESSION_ABSOLUTE_HOURS,
    lockMinutes: env.LOGIN_LOCK_MINUTES,
  })
  jsonLineLogger.info('old sign-in records removed', removed)
  jsonLineLogger.info('old form tokens removed', {
    formTokens: await purgeFormSubmissions(db, formTokensExpireBefore()),
  })
  return report.failed > 0 ? 2 : 0
})
