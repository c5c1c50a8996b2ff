import { syncJobRoles } from '#app/models/people/job-roles.server'
import { createDatabase } from '#db/index'
import { migrateToLatest } from '#db/migrate'

// `npm run db:migrate`: the manual route; the server also migrates at start-up.
const database = await createDatabase(process.env.DATABASE_URL)
try {
  await migrateToLatest(database.db, (line) => console.log(line))
  await syncJobRoles(database.db)
  console.log(`Database is up to date (${database.kind}: ${database.location}).`)
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await database.close()
}
