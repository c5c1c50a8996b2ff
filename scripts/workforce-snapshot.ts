import { todayInLondon } from '#app/lib/dates'
import { describeSnapshot, takeWorkforceSnapshot } from '#app/models/workforce/snapshot.server'
import { withDatabase } from '#scripts/lib/cli'

// `npm run workforce:snapshot`: record the month that has just ended for the workforce trends. Safe to run any
// number of times, from cron or by hand, beside running servers: a recorded month is left exactly as it is.
await withDatabase(async ({ db }) => {
  console.log(describeSnapshot(await takeWorkforceSnapshot(db, { today: todayInLondon() })))
})
