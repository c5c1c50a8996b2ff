import { type Kysely, sql } from 'kysely'
import { createDatabase } from '#db/index'
import { BackupError, RestoreRefusedError } from './errors'
import { type Inventory, occupiedTables, takeInventory } from './inventory'
import { type PgTool, findPgTool, runPgTool } from './pg-tools'
import { refusal, writeAtomically } from './files'

async function serverMajor(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select current_setting('server_version_num')::int as n`.execute(db)
  return Math.floor(rows[0].n / 10_000)
}

async function withPostgres<T>(url: string, job: (db: Kysely<any>) => Promise<T>): Promise<T> {
  const database = await createDatabase(url)
  try {
    return await job(database.db)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError(`Could not use the database: ${(error as Error).message}`)
  } finally {
    await database.close()
  }
}

/** pg_dump's custom format: compressed, and restored table by table with pg_restore. */
export async function backupPostgres(url: string, file: string): Promise<{ inventory: Inventory; tool: PgTool }> {
  const { inventory, tool } = await withPostgres(url, async (db) => ({
    tool: await findPgTool('pg_dump', await serverMajor(db)),
    inventory: await takeInventory(db),
  }))
  await writeAtomically(file, (partial) => runPgTool(tool, ['--format=custom', `--file=${partial}`], url))
  return { inventory, tool }
}

/** The application's schemas: everything but PostgreSQL's own and the temporary ones. */
async function userSchemas(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select nspname as name from pg_namespace
    where nspname <> 'information_schema' and nspname not like 'pg\\_%' order by nspname`.execute(db)
  return rows.map((row) => row.name)
}

/**
 * Replaces the database's content with the archive's. The schemas there now are renamed aside first and dropped
 * only once pg_restore (one transaction) has succeeded; if it fails they are renamed back, as they were.
 * Owners and grants are not restored: the objects belong to the user DATABASE_URL connects as.
 */
export async function restorePostgres(
  url: string,
  file: string,
  force: boolean,
): Promise<{ before: Inventory; after: Inventory; tool: PgTool }> {
  const { tool, before, aside } = await withPostgres(url, async (db) => {
    const before = await takeInventory(db)
    const occupied = occupiedTables(before)
    if (occupied.length > 0 && !force) throw new RestoreRefusedError(refusal(occupied))
    const tool = await findPgTool('pg_restore', await serverMajor(db))
    // The archive is read through once before anything changes, so that a damaged file stops here.
    await runPgTool(tool, ['--list', file]).catch((error: BackupError) => {
      throw new BackupError(`${file} is not a readable PostgreSQL backup: ${error.message}`)
    })
    const stamp = Date.now().toString(36)
    const aside: [string, string][] = (await userSchemas(db)).map((name) => [
      name,
      `${name.slice(0, 40)}_before_${stamp}`,
    ])
    await db.transaction().execute(async (trx) => {
      for (const [name, moved] of aside) await sql`alter schema ${sql.id(name)} rename to ${sql.id(moved)}`.execute(trx)
      await sql`create schema public`.execute(trx)
      await sql`grant usage on schema public to public`.execute(trx)
    })
    return { tool, before, aside }
  })
  try {
    await runPgTool(tool, ['--single-transaction', '--exit-on-error', '--no-owner', '--no-acl', file], url)
  } catch (error) {
    await withPostgres(url, (db) =>
      db.transaction().execute(async (trx) => {
        await sql`drop schema if exists public cascade`.execute(trx)
        for (const [name, moved] of aside)
          await sql`alter schema ${sql.id(moved)} rename to ${sql.id(name)}`.execute(trx)
      }),
    )
    throw new BackupError(`The restore did not complete; the database is as it was. ${(error as Error).message}`)
  }
  const after = await withPostgres(url, async (db) => {
    for (const [, moved] of aside) await sql`drop schema ${sql.id(moved)} cascade`.execute(db)
    return takeInventory(db)
  })
  return { before, after, tool }
}
