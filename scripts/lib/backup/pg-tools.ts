import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { BackupError } from './errors'

const run = promisify(execFile)

export type PgToolName = 'pg_dump' | 'pg_restore'

export interface PgTool {
  name: PgToolName
  path: string
  major: number
  /** As the tool prints it, e.g. "15.18". */
  version: string
}

/** Where Debian and Ubuntu install each PostgreSQL version's client programs side by side. */
export const VERSIONED_ROOT = '/usr/lib/postgresql'

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → 15 and "15.18"; undefined for anything else. */
export function parseToolVersion(output: string): { major: number; version: string } | undefined {
  const match = /\(PostgreSQL\)\s+((\d+)(?:\.\d+)*(?:[a-z]+\d*)?)/i.exec(output)
  return match ? { major: Number(match[2]), version: match[1] } : undefined
}

/** Every copy of the program on PATH and under /usr/lib/postgresql/<version>/bin, PATH first. */
export function candidatePaths(name: PgToolName, searchPath = process.env.PATH ?? '', versionedRoot = VERSIONED_ROOT) {
  const dirs = searchPath.split(path.delimiter).filter(Boolean)
  let versions: string[] = []
  try {
    versions = fs.readdirSync(versionedRoot)
  } catch {
    // No versioned installs here.
  }
  dirs.push(...versions.map((version) => path.join(versionedRoot, version, 'bin')))
  const found: string[] = []
  for (const dir of dirs) {
    const file = path.resolve(dir, name)
    if (found.includes(file)) continue
    try {
      fs.accessSync(file, fs.constants.X_OK)
      found.push(file)
    } catch {
      // Not here.
    }
  }
  return found
}

/**
 * The newest of the copies found, which must be at least the server's major version: pg_dump refuses a newer
 * server, and the newest one also reads the most archive versions.
 */
export function chooseTool(name: PgToolName, found: PgTool[], serverMajor: number): PgTool {
  if (found.length === 0) {
    throw new BackupError(
      `${name} was not found on PATH or in ${VERSIONED_ROOT}/*/bin. Install the PostgreSQL client programs ` +
        `for version ${serverMajor} or newer (on Debian or Ubuntu: apt-get install postgresql-client-${serverMajor}).`,
    )
  }
  const newest = found.reduce((best, tool) => (tool.major > best.major ? tool : best))
  if (newest.major < serverMajor) {
    throw new BackupError(
      `${name} ${newest.version} (${newest.path}) is older than the PostgreSQL ${serverMajor} server and cannot ` +
        `work with it. Install the client programs for version ${serverMajor} or newer ` +
        `(on Debian or Ubuntu: apt-get install postgresql-client-${serverMajor}).`,
    )
  }
  return newest
}

export async function findPgTool(name: PgToolName, serverMajor: number): Promise<PgTool> {
  const found: PgTool[] = []
  for (const file of candidatePaths(name)) {
    try {
      const { stdout } = await run(file, ['--version'])
      const parsed = parseToolVersion(stdout)
      if (parsed) found.push({ name, path: file, ...parsed })
    } catch {
      // A copy that does not run (a wrapper without a matching install, say) does not count.
    }
  }
  return chooseTool(name, found, serverMajor)
}

/**
 * The libpq connection for a DATABASE_URL: the password goes in the environment rather than on the command line,
 * where other users could read it, and the portal's own parameters (pool_max) are left out, as libpq refuses them.
 */
export function libpqConnection(databaseUrl: string): { dbname: string; env: Record<string, string> } {
  const url = new URL(databaseUrl)
  const env: Record<string, string> = {}
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password)
  url.password = ''
  url.searchParams.delete('pool_max')
  return { dbname: url.toString(), env }
}

/** Runs a client program with the connection; a failure becomes a BackupError carrying the program's own words. */
export async function runPgTool(tool: PgTool, args: string[], databaseUrl?: string): Promise<void> {
  const connection = databaseUrl ? libpqConnection(databaseUrl) : undefined
  const fullArgs = connection ? ['--no-password', `--dbname=${connection.dbname}`, ...args] : args
  try {
    await run(tool.path, fullArgs, {
      env: { ...process.env, ...connection?.env },
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (error) {
    const { stderr: output } = error as { stderr?: string | Buffer }
    const stderr = (output ?? '').toString().trim()
    throw new BackupError(`${tool.name} failed: ${stderr || (error as Error).message}`)
  }
}
