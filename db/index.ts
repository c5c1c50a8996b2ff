import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import type { DB } from './schema'

export { isDatabaseUnavailable } from './errors'

export type { DB } from './schema'

export const DEFAULT_PGLITE_DIR = './.data/pglite'

export type DatabaseKind = 'postgres' | 'pglite'

export interface AppDatabase {
  db: Kysely<DB>
  kind: DatabaseKind
  /** Where the data lives, without credentials: a folder, ':memory:' or host/database. */
  location: string
  ping(): Promise<void>
  close(): Promise<void>
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by another process (PID ${holderPid}). ` +
        `Stop that process first (kill ${holderPid}), or point DATABASE_URL at PostgreSQL to run several instances.`,
    )
    this.name = 'DatabaseLockedError'
  }
}

// DATE columns stay 'YYYY-MM-DD' strings so that a UK calendar date never shifts through a time zone.
const DATE_OID = 1082
const INT8_OID = 20

export async function createDatabase(url: string | undefined): Promise<AppDatabase> {
  const target = url?.trim() || `pglite://${DEFAULT_PGLITE_DIR}`
  if (target.startsWith('postgres://') || target.startsWith('postgresql://')) {
    return openPostgres(target)
  }
  if (target.startsWith('pglite://')) {
    const where = target.slice('pglite://'.length)
    return where === 'memory' ? openPglite({}) : openPglite({ dataDir: where })
  }
  throw new Error('DATABASE_URL must start with postgres://, postgresql:// or pglite://')
}

function openPostgres(url: string): AppDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(new URL(url).searchParams.get('pool_max') ?? 10),
    connectionTimeoutMillis: 5_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return (value: string) => value
        if (oid === INT8_OID) return (value: string) => Number(value)
        return pg.types.getTypeParser(oid, format as 'text')
      }) as typeof pg.types.getTypeParser,
    },
  })
  // A client losing its connection must not crash the server, whether it sits idle in the pool (the pool's
  // 'error') or is checked out between two queries (the client's own 'error', which the pool does not catch).
  // The failed query or transaction rejects on its own; the pool drops the broken client and opens a new one.
  pool.on('error', (error) => console.error('[db] idle connection error:', error.message))
  pool.on('connect', (client) => {
    client.on('error', (error) => console.error('[db] connection error:', error.message))
  })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  const parsed = new URL(url)
  return {
    db,
    kind: 'postgres',
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    ping: () => sql`select 1`.execute(db).then(() => undefined),
    close: () => db.destroy(),
  }
}

export interface PgliteOptions {
  /** A folder on disk; omitted for an in-memory database. */
  dataDir?: string
  /** A tarball from dumpDataDir, to start from a copy (tests clone a migrated template this way). */
  loadDataDir?: Blob | File
}

export async function openPglite(options: PgliteOptions): Promise<AppDatabase & { pglite: PGlite }> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined
  const release = dataDir ? acquireDataDirLock(dataDir) : () => {}
  let pglite: PGlite
  try {
    pglite = await PGlite.create({
      dataDir,
      loadDataDir: options.loadDataDir,
      parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
    })
  } catch (error) {
    release()
    throw error
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
  let closed = false
  return {
    db,
    pglite,
    kind: 'pglite',
    location: dataDir ?? ':memory:',
    ping: () => sql`select 1`.execute(db).then(() => undefined),
    async close() {
      if (closed) return
      closed = true
      await db.destroy()
      if (!pglite.closed) await pglite.close()
      release()
    },
  }
}

/**
 * PGlite has no lock of its own: two processes on one folder lose writes and then corrupt it.
 * The lock is a file beside the folder holding the owner's PID, created exclusively; a lock whose
 * process is gone is stale and taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const lockPath = `${dataDir}.lock`
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' })
      let released = false
      return () => {
        if (released) return
        released = true
        if (readLockHolder(lockPath) === process.pid) fs.rmSync(lockPath, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readLockHolder(lockPath)
      if (holder !== undefined && isProcessAlive(holder)) throw new DatabaseLockedError(dataDir, holder)
      fs.rmSync(lockPath, { force: true })
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`)
}

function readLockHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
