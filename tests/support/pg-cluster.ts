import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

/** Where Debian's PostgreSQL server binaries are, if installed. */
export function findPostgresBinaries(): string | null {
  const candidates = [
    process.env.PG_BINDIR,
    ...listVersions('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`),
  ]
  return candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null
}

function listVersions(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort((a, b) => Number(b) - Number(a))
  } catch {
    return []
  }
}

export interface Cluster {
  url: string
  port: number
  start(): void
  stop(): void
  /** The same, without blocking this process's event loop (for tests that keep sending requests meanwhile). */
  startInBackground(): Promise<void>
  stopInBackground(): Promise<void>
  /** A fast restart (pg_ctl restart -m fast): every session is ended, open transactions rolled back. */
  restartInBackground(): Promise<void>
  destroy(): void
}

/** TEST_PG_PORT when set, else a port the system says is free on 127.0.0.1. */
export async function clusterPort(): Promise<number> {
  if (process.env.TEST_PG_PORT) return Number(process.env.TEST_PG_PORT)
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/**
 * A throwaway PostgreSQL cluster in a temp folder on 127.0.0.1. initdb refuses to run as root, so as
 * root every command runs as the postgres user.
 */
export function createCluster(port: number): Cluster {
  const bin = findPostgresBinaries()
  if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-pg-'))
  const data = path.join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir])
  const commandLine = (command: string, args: string[]): [string, string[]] => [
    asRoot ? 'runuser' : path.join(bin, command),
    asRoot ? ['-u', 'postgres', '--', path.join(bin, command), ...args] : args,
  ]
  const exec = (command: string, args: string[]) => execFileSync(...commandLine(command, args), { stdio: 'pipe' })
  const execInBackground = (command: string, args: string[]) =>
    promisify(execFile)(...commandLine(command, args)).then(() => undefined)
  exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => void exec('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']),
    stop: () => void exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    startInBackground: () =>
      execInBackground('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']),
    stopInBackground: () => execInBackground('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    restartInBackground: () =>
      execInBackground('pg_ctl', [
        '-D',
        data,
        '-o',
        options,
        '-l',
        path.join(dir, 'log'),
        '-m',
        'fast',
        '-w',
        'restart',
      ]),
    destroy: () => {
      try {
        cluster.stop()
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  cluster.start()
  return cluster
}
