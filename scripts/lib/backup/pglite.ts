import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { DatabaseLockedError, acquireDataDirLock, openPglite } from '#db/index'
import { BackupError, RestoreRefusedError } from './errors'
import { refusal, writeAtomically } from './files'
import { type Inventory, occupiedTables, takeInventory } from './inventory'

function hasDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'))
}

/**
 * The embedded database serves one process at a time (db/index.ts keeps a lock beside its folder), so a backup or
 * restore waits for nobody: with the server running it stops and says so.
 */
function lockFor(dataDir: string, job: 'backup' | 'restore'): () => void {
  try {
    return acquireDataDirLock(dataDir)
  } catch (error) {
    if (!(error instanceof DatabaseLockedError)) throw error
    throw new BackupError(
      `The embedded database at ${dataDir} is in use by process ${error.holderPid} (the portal's server, or a ` +
        `script). It serves one process at a time: stop that process, run the ${job} again, then start the server. ` +
        'To take backups while the portal runs, use PostgreSQL (DATABASE_URL=postgres://…).',
    )
  }
}

/** A gzipped tarball of the whole data folder, written after a checkpoint so that it opens without recovery. */
export async function backupPglite(dataDirOption: string, file: string): Promise<{ inventory: Inventory }> {
  const dataDir = path.resolve(dataDirOption)
  if (!hasDatabase(dataDir)) throw new BackupError(`There is no embedded database at ${dataDir} to back up.`)
  const release = lockFor(dataDir, 'backup')
  try {
    const database = await openPglite({ dataDir, lockHeld: true })
    try {
      const inventory = await takeInventory(database.db)
      await sql`checkpoint`.execute(database.db)
      const dump = await database.pglite.dumpDataDir('gzip')
      await writeAtomically(file, async (partial) => fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer())))
      return { inventory }
    } finally {
      await database.close()
    }
  } finally {
    release()
  }
}

async function inventoryOf(dataDir: string): Promise<Inventory | undefined> {
  if (!hasDatabase(dataDir)) return undefined
  const database = await openPglite({ dataDir, lockHeld: true })
  try {
    return await takeInventory(database.db)
  } finally {
    await database.close()
  }
}

/**
 * Loads the tarball into a new data folder. A folder already there is moved aside first and removed only once the
 * backup has opened; if it does not, the folder is put back as it was.
 */
export async function restorePglite(
  dataDirOption: string,
  file: string,
  force: boolean,
): Promise<{ before: Inventory | undefined; after: Inventory }> {
  const dataDir = path.resolve(dataDirOption)
  const release = lockFor(dataDir, 'restore')
  try {
    const moved = fs.readdirSync(dataDir).length > 0
    // Only a data folder is ever replaced: files of anything else stay where they are, whatever the flags.
    if (moved && !hasDatabase(dataDir)) {
      throw new BackupError(`${dataDir} holds files but no embedded database; restore into a new or empty folder.`)
    }
    const before = await inventoryOf(dataDir)
    const occupied = before ? occupiedTables(before) : []
    if (occupied.length > 0 && !force) throw new RestoreRefusedError(refusal(occupied))
    const aside = `${dataDir}.before-restore-${Date.now().toString(36)}`
    if (moved) fs.renameSync(dataDir, aside)
    fs.mkdirSync(dataDir, { recursive: true })
    let after: Inventory
    try {
      const database = await openPglite({ dataDir, lockHeld: true, loadDataDir: await fs.openAsBlob(file) })
      try {
        after = await takeInventory(database.db)
      } finally {
        await database.close()
      }
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (moved) fs.renameSync(aside, dataDir)
      else fs.mkdirSync(dataDir, { recursive: true })
      throw new BackupError(
        `The embedded database in ${file} could not be opened, so the restore did not complete; the database is as ` +
          `it was. ${(error as Error).message}`,
      )
    }
    if (moved) fs.rmSync(aside, { recursive: true, force: true })
    return { before, after }
  } finally {
    release()
  }
}
