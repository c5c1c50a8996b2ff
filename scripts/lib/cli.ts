import { type AppDatabase, createDatabase } from '#db/index'
import { migrateToLatest } from '#db/migrate'

/** Opens the configured database, migrated, runs the job and closes it; a thrown error exits 1 with its message. */
export async function withDatabase(job: (database: AppDatabase) => Promise<number | void>): Promise<void> {
  let database: AppDatabase | undefined
  try {
    database = await createDatabase(process.env.DATABASE_URL)
    await migrateToLatest(database.db)
    process.exitCode = (await job(database)) ?? 0
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  } finally {
    await database?.close()
  }
}
