import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatabaseLockedError, acquireDataDirLock } from '#db/index'
import { buildOnce, root, waitFor } from '#tests/support/server'

// The embedded database folder belongs to one process at a time: between servers, and the lock itself.

beforeAll(buildOnce, 180_000)

function spawnServer(dataDir: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = ''
  const child = spawn(process.execPath, [path.join(root, 'build', 'scripts', 'server.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: `pglite://${dataDir}`,
      COOKIE_SECURE: 'false',
      WORKFORCE_SNAPSHOT_HOURS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

describe('the embedded database folder', () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'otp-lock-')), 'pglite')
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }))

  it('is refused to a second server, naming the first one’s PID; SIGTERM closes it and frees it', async () => {
    const first = spawnServer(dataDir)
    try {
      await waitFor(() => first.output().includes('listening on'), 60_000)
      const second = spawnServer(dataDir)
      expect(await second.exited).toBe(1)
      expect(second.output()).toContain(`in use by another process (PID ${first.child.pid})`)
    } finally {
      first.child.kill('SIGTERM')
    }
    expect(await first.exited).toBe(0)
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false)
  }, 120_000)

  it('takes over a lock left by a process that no longer exists', async () => {
    fs.writeFileSync(`${dataDir}.lock`, '999999')
    const server = spawnServer(dataDir)
    try {
      await waitFor(() => server.output().includes('listening on'), 60_000)
    } finally {
      server.child.kill('SIGTERM')
    }
    expect(await server.exited).toBe(0)
  }, 120_000)
})

/** A process other than this one that takes the lock on `dataDir` itself and keeps it until killed. */
async function lockFromAnotherProcess(dataDir: string): Promise<ChildProcess> {
  const script = `const { acquireDataDirLock } = await import(${JSON.stringify(path.join(root, 'db/index.ts'))})
acquireDataDirLock(${JSON.stringify(dataDir)})
console.log('locked')
setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  await waitFor(() => output.includes('locked') || child.exitCode !== null, 30_000)
  if (!output.includes('locked')) throw new Error(`the other process did not take the lock: ${output}`)
  return child
}

describe('the embedded database lock', () => {
  let base = ''
  beforeAll(() => void (base = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-lock-unit-'))))
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }))
  let n = 0
  const freshDir = () => path.join(base, `db${++n}`)
  const hasProc = fs.existsSync(`/proc/${process.pid}/stat`)

  it('is taken over when it names this process’s own PID with another start time (a restarted container)', () => {
    // A container's server is PID 1 after every restart: the PID in a lock left by a crash is its own.
    const dataDir = freshDir()
    fs.writeFileSync(`${dataDir}.lock`, `${process.pid}:1`)
    const release = acquireDataDirLock(dataDir)
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid}(:\\d+)?$`))
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).not.toBe(`${process.pid}:1`)
    release()
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false)
  })

  it('is taken over when it names only this process’s own PID (a lock file of the older format)', () => {
    const dataDir = freshDir()
    fs.writeFileSync(`${dataDir}.lock`, String(process.pid))
    acquireDataDirLock(dataDir)()
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false)
  })

  it('is refused to a second open in the same process while the first holds it', () => {
    const dataDir = freshDir()
    const release = acquireDataDirLock(dataDir)
    try {
      expect(() => acquireDataDirLock(dataDir)).toThrow(DatabaseLockedError)
      expect(() => acquireDataDirLock(dataDir)).toThrow(`in use by another process (PID ${process.pid})`)
    } finally {
      release()
    }
    acquireDataDirLock(dataDir)()
  })

  it('is refused while a live other process holds it, naming that PID, and taken over once it has died', async () => {
    const dataDir = freshDir()
    const holder = await lockFromAnotherProcess(dataDir)
    const exited = new Promise((resolve) => holder.once('exit', resolve))
    try {
      expect(() => acquireDataDirLock(dataDir)).toThrow(`in use by another process (PID ${holder.pid})`)
    } finally {
      holder.kill('SIGKILL')
    }
    await exited
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(true)
    acquireDataDirLock(dataDir)()
  }, 60_000)

  it.skipIf(!hasProc)('is taken over when its PID now belongs to another process that started later', async () => {
    const dataDir = freshDir()
    const other = spawn('sleep', ['30'], { stdio: 'ignore' })
    const exited = new Promise((resolve) => other.once('exit', resolve))
    try {
      fs.writeFileSync(`${dataDir}.lock`, `${other.pid}:1`)
      acquireDataDirLock(dataDir)()
    } finally {
      other.kill('SIGKILL')
    }
    await exited
  })
})
