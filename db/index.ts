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

/** Which database a DATABASE_URL names: unset means the embedded database in DEFAULT_PGLITE_DIR. */
export type DatabaseTarget =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string } | { kind: 'pglite'; dataDir: undefined }

export function databaseTarget(url: string | undefined): DatabaseTarget {
  const target = url?.trim() || `pglite://${DEFAULT_PGLITE_DIR}`
  if (target.startsWith('postgres://') || target.startsWith('postgresql://')) return { kind: 'postgres', url: target }
  if (target.startsWith('pglite://')) {
    const where = target.slice('pglite://'.length)
    return { kind: 'pglite', dataDir: where === 'memory' ? undefined : where }
  }
  throw new Error('DATABASE_URL must start with postgres://, postgresql:// or pglite://')
}

export async function createDatabase(url: string | undefined): Promise<AppDatabase> {
  const target = databaseTarget(url)
  return target.kind === 'postgres' ? openPostgres(target.url) : openPglite({ dataDir: target.dataDir })
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
  /** The caller holds the data dir's lock (acquireDataDirLock) for longer than this connection, and releases it. */
  lockHeld?: boolean
}

export async function openPglite(options: PgliteOptions): Promise<AppDatabase & { pglite: PGlite }> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined
  const release = dataDir && !options.lockHeld ? acquireDataDirLock(dataDir) : () => {}
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
 * The lock is a file beside the folder, created exclusively, naming its owner as `pid:starttime` (the
 * process's start time from /proc/<pid>/stat, in clock ticks since boot; just `pid` where there is no /proc).
 * It is stale, and taken over, when that process has gone, when the PID now belongs to a process that started
 * at another time, or when it names this process without this process holding it: after a crash a container's
 * new server usually has the same PID (1) as the old one, so a PID alone cannot tell a live owner from a dead one.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const lockPath = `${dataDir}.lock`
  const owner = lockOwnerToken(process.pid)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, owner, { flag: 'wx' })
      heldLocks.add(lockPath)
      let released = false
      return () => {
        if (released) return
        released = true
        heldLocks.delete(lockPath)
        if (readLockFile(lockPath) === owner) fs.rmSync(lockPath, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = parseLockHolder(readLockFile(lockPath))
      if (holder && isLockHolderAlive(holder, lockPath)) throw new DatabaseLockedError(dataDir, holder.pid)
      fs.rmSync(lockPath, { force: true })
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`)
}

/** Lock files this process holds, so that a lock naming its own PID can be told from one left by a crash. */
const heldLocks = new Set<string>()

interface LockHolder {
  pid: number
  /** Absent in a lock written where /proc could not be read. */
  startTime?: string
}

function lockOwnerToken(pid: number): string {
  const startTime = processStartTime(pid)
  return startTime === undefined ? String(pid) : `${pid}:${startTime}`
}

function readLockFile(lockPath: string): string | undefined {
  try {
    return fs.readFileSync(lockPath, 'utf8').trim()
  } catch {
    return undefined
  }
}

function parseLockHolder(content: string | undefined): LockHolder | undefined {
  const match = /^(\d+)(?::(\d+))?$/.exec(content ?? '')
  if (!match) return undefined
  const pid = Number(match[1])
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined
  return match[2] === undefined ? { pid } : { pid, startTime: match[2] }
}

function isLockHolderAlive(holder: LockHolder, lockPath: string): boolean {
  if (holder.pid === process.pid) return heldLocks.has(lockPath)
  if (!isProcessAlive(holder.pid)) return false
  if (holder.startTime === undefined) return true
  const startTime = processStartTime(holder.pid)
  // Without a readable start time (no /proc, or the holder is hidden from us) a live PID has to count as the owner.
  return startTime === undefined || startTime === holder.startTime
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot; undefined without /proc. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const startTime = fields[22 - 3]
    return startTime && /^\d+$/.test(startTime) ? startTime : undefined
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
