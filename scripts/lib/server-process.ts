import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import url from 'node:url'

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '../..')

export interface ServerProcess {
  child: ChildProcess
  /** Set once the server has printed its address. */
  url: string
  output(): string
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string | null>
  alive(): boolean
  /** Resident memory now and at its peak, in MB (Linux /proc). */
  memory(): { rssMb: number; peakRssMb: number }
  stop(): Promise<void>
}

/**
 * The production server (build/scripts/server.js, compiled from scripts/server.ts) in a process of its own, so
 * that a crash is seen as an exit rather than taking the test runner down, and its memory can be measured on its own.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  let output = ''
  // The compiled server, as production runs it (node build/scripts/server.js, no TypeScript loader).
  const entry = path.join(root, 'build', 'scripts', 'server.js')
  if (!fs.existsSync(entry)) throw new Error(`No build at ${entry}: run "npm run build" first`)
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      COOKIE_SECURE: 'false',
      FLASH_SECRET: 'server-process-flash-secret-0123456789abcdef',
      // No workforce snapshot while being measured or tested, unless asked: it would work out a month's figures.
      WORKFORCE_SNAPSHOT_HOURS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  let exitedWith: number | string | null | undefined
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedWith = code ?? signal
      resolve(exitedWith)
    }),
  )
  const started = Date.now()
  let url: string | undefined
  while (!url) {
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
    if (url) break
    if (exitedWith !== undefined) throw new Error(`the server exited (${exitedWith}) before listening:\n${output}`)
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`the server did not start within ${timeoutMs} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const readStatus = (field: string) => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024
  }
  return {
    child,
    url,
    output: () => output,
    exited,
    alive: () => exitedWith === undefined,
    memory: () => ({ rssMb: Math.round(readStatus('VmRSS')), peakRssMb: Math.round(readStatus('VmHWM')) }),
    async stop() {
      if (exitedWith !== undefined) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
