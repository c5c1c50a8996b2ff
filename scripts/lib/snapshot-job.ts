import { type Env } from '#app/lib/env.server'
import { todayInLondon } from '#app/lib/dates'
import { describeSnapshot, takeWorkforceSnapshot } from '#app/models/workforce/snapshot.server'
import { type AppDatabase, isDatabaseUnavailable } from '#db/index'
import { startBackgroundJob } from './background'

/**
 * Keeps the workforce trends: on start and then every WORKFORCE_SNAPSHOT_HOURS, records the month just ended if
 * nobody has yet. A recorded month is never rewritten, so several servers and the npm script can all run it.
 */
export function startSnapshots(database: AppDatabase, env: Env, log: (line: string) => void) {
  if (env.WORKFORCE_SNAPSHOT_HOURS === 0) return { stop: () => Promise.resolve() }
  return startBackgroundJob(
    'snapshot',
    env.WORKFORCE_SNAPSHOT_HOURS * 3_600_000,
    async () => {
      const result = await takeWorkforceSnapshot(database.db, { today: todayInLondon() })
      if (result.recorded) log(`[snapshot] ${describeSnapshot(result)}`)
    },
    (error, message) => (isDatabaseUnavailable(error) ? log(message) : console.error(message)),
  )
}
