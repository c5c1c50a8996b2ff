import fs from 'node:fs'
import path from 'node:path'
import { databaseTarget } from '#db/index'
import { BackupError } from './errors'
import { type BackupKind, readBackupKind } from './files'
import { type Inventory, describeMigrationLevel, describeTables, describeTotals } from './inventory'
import { backupPglite, restorePglite } from './pglite'
import { backupPostgres, restorePostgres } from './postgres'

export interface BackupReport {
  kind: BackupKind
  /** The database, without credentials: host:port/name or the data folder. */
  location: string
  file: string
  bytes: number
  inventory: Inventory
  milliseconds: number
  /** The pg_dump used, for PostgreSQL. */
  tool?: string
}

export interface RestoreReport extends Omit<BackupReport, 'inventory'> {
  /** What the database held before, when it held anything (a restore with --force). */
  replaced?: Inventory
  restored: Inventory
}

const KIND_NAMES: Record<BackupKind, string> = {
  postgres: 'PostgreSQL database',
  pglite: 'embedded database (PGlite)',
}
const WITH_ARTICLE: Record<BackupKind, string> = { postgres: 'a PostgreSQL database', pglite: 'an embedded database' }

type Target =
  { kind: 'postgres'; url: string; location: string } | { kind: 'pglite'; dataDir: string; location: string }

function resolveTarget(databaseUrl: string | undefined, doing: string): Target {
  const target = databaseTarget(databaseUrl)
  if (target.kind === 'postgres') {
    const url = new URL(target.url)
    return { ...target, location: `${url.hostname}:${url.port || 5432}${url.pathname}` }
  }
  if (target.dataDir === undefined) {
    throw new BackupError(
      `DATABASE_URL names an in-memory database, which lasts only as long as its process: ${doing}.`,
    )
  }
  return { kind: 'pglite', dataDir: target.dataDir, location: path.resolve(target.dataDir) }
}

export async function backupDatabase(options: {
  databaseUrl: string | undefined
  file: string
}): Promise<BackupReport> {
  const started = performance.now()
  const target = resolveTarget(options.databaseUrl, 'there is nothing to back up')
  const { inventory, tool } =
    target.kind === 'postgres'
      ? await backupPostgres(target.url, options.file)
      : { ...(await backupPglite(target.dataDir, options.file)), tool: undefined }
  return {
    kind: target.kind,
    location: target.location,
    file: path.resolve(options.file),
    bytes: fs.statSync(options.file).size,
    inventory,
    milliseconds: performance.now() - started,
    tool: tool && `${tool.path} ${tool.version}`,
  }
}

export async function restoreDatabase(options: {
  databaseUrl: string | undefined
  file: string
  force: boolean
}): Promise<RestoreReport> {
  const started = performance.now()
  const target = resolveTarget(options.databaseUrl, 'a restore into it would be lost at once')
  const kind = await readBackupKind(options.file)
  if (kind !== target.kind) {
    throw new BackupError(
      `${options.file} is a backup of ${WITH_ARTICLE[kind]}, and DATABASE_URL names ${WITH_ARTICLE[target.kind]}: ` +
        `restore it into ${WITH_ARTICLE[kind]} (a backup does not move data from one kind to the other).`,
    )
  }
  const result =
    target.kind === 'postgres'
      ? await restorePostgres(target.url, options.file, options.force)
      : { ...(await restorePglite(target.dataDir, options.file, options.force)), tool: undefined }
  const replaced = result.before && result.before.rows > 0 ? result.before : undefined
  return {
    kind,
    location: target.location,
    file: path.resolve(options.file),
    bytes: fs.statSync(options.file).size,
    replaced,
    restored: result.after,
    milliseconds: performance.now() - started,
    tool: result.tool && `${result.tool.path} ${result.tool.version}`,
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function formatDuration(milliseconds: number): string {
  return milliseconds < 10_000 ? `${(milliseconds / 1000).toFixed(2)} s` : `${(milliseconds / 1000).toFixed(1)} s`
}

export function describeBackup(report: BackupReport): string[] {
  return [
    `Backed up the ${KIND_NAMES[report.kind]} at ${report.location} to ${report.file} ` +
      `(${formatBytes(report.bytes)}) in ${formatDuration(report.milliseconds)}.`,
    `  ${describeTotals(report.inventory)}; ${describeMigrationLevel(report.inventory.migrations)}.`,
    ...(report.tool ? [`  made with ${report.tool}`] : []),
  ]
}

export function describeRestore(report: RestoreReport): string[] {
  return [
    `Restored ${report.file} (${formatBytes(report.bytes)}) into the ${KIND_NAMES[report.kind]} at ` +
      `${report.location} in ${formatDuration(report.milliseconds)}.`,
    ...(report.replaced ? [`  It replaced ${describeTotals(report.replaced)} (--force).`] : []),
    `  ${describeTotals(report.restored)}; ${describeMigrationLevel(report.restored.migrations)}.`,
    ...describeTables(report.restored),
  ]
}

export const BACKUP_USAGE = 'Usage: npm run db:backup -- FILE'
export const RESTORE_USAGE = 'Usage: npm run db:restore -- FILE [--force]'

/** The command lines: one file name, and for a restore --force; anything else is a usage error. */
export function parseBackupArgs(argv: string[], allowForce: boolean): { file: string; force: boolean } {
  const usage = allowForce ? RESTORE_USAGE : BACKUP_USAGE
  const force = allowForce && argv.includes('--force')
  const rest = argv.filter((arg) => !(allowForce && arg === '--force'))
  const unknown = rest.filter((arg) => arg.startsWith('--'))
  if (unknown.length > 0) throw new BackupError(`Unknown option ${unknown[0]}.\n${usage}`)
  if (rest.length !== 1) throw new BackupError(usage)
  return { file: rest[0], force }
}
