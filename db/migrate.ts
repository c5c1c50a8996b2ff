import { type Kysely, type MigrationResultSet, Migrator } from 'kysely'
import { migrations } from '#db/migrations/index'

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

/** Brings the schema up to date; throws (after logging each step) when a migration fails. */
export async function migrateToLatest(db: Kysely<any>, log: (line: string) => void = () => {}): Promise<void> {
  assertMigrated(await createMigrator(db).migrateToLatest(), log)
}

export function assertMigrated({ error, results }: MigrationResultSet, log: (line: string) => void): void {
  for (const result of results ?? []) {
    log(`migration ${result.migrationName}: ${result.status.toLowerCase()}`)
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a failure that is not an Error can be any value; String() is the best description of it
  if (error) throw error instanceof Error ? error : new Error(String(error))
}
