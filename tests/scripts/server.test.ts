import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '#app/lib/env.server'
import { DatabaseLockedError, acquireDataDirLock } from '#db/index'
import { type RunningServer, startServer } from '#scripts/server'
import { buildIfStale } from '#scripts/lib/build'
import { DEMO_LOGINS } from '#scripts/demo/seed'
import { TEST_PASSWORD, makeUser } from '#tests/support/builders'
import { createCluster, findPostgresBinaries } from '#tests/support/pg-cluster'

const root = path.resolve(__dirname, '../..')
const quiet = () => {}

function envFor(databaseUrl: string, extra: Record<string, string> = {}) {
  return parseEnv({
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    FLASH_SECRET: 'server-test-flash-secret-0123456789abcdef',
    COOKIE_SECURE: 'false',
    ...extra,
  })
}

async function signInOverHttp(server: RunningServer, email: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }),
  })
  expect(response.status).toBe(302)
  return response.headers.get('set-cookie')!.split(';')[0]
}

beforeAll(() => buildIfStale(root, quiet), 180_000)

describe('the web server', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ env: envFor('pglite://memory'), log: quiet, purgeEveryMs: 200 })
  })
  afterAll(() => server?.close())

  it('sends security headers with every page', async () => {
    const response = await fetch(`${server.url}/login`)
    expect(response.status).toBe(200)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    expect(response.headers.get('strict-transport-security')).toBeNull()
    expect(response.headers.get('x-powered-by')).toBeNull()
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    expect(await response.text()).toContain(`nonce="${nonce}"`)
  })

  it('refuses a form post from another site, or from nowhere', async () => {
    for (const headers of [{ Origin: 'https://evil.example' }, {} as Record<string, string>]) {
      const response = await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40b.org&password=x',
      })
      expect(response.status).toBe(403)
      expect(await response.text()).toMatch(/another site/)
    }
  })

  it('accepts a form post from its own pages', async () => {
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=&password=',
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Enter your email address')
  })

  it('answers an unknown address with a friendly 404 page', async () => {
    const response = await fetch(`${server.url}/no/such/page`)
    expect(response.status).toBe(404)
    const html = await response.text()
    expect(html).toContain('Page not found')
    expect(html).not.toMatch(/at .*\.(js|ts):\d+/)
  })

  it('reports its health for load balancers', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok' })
  })

  it('signs a person in and shows their home page', async () => {
    const user = await makeUser(server.database.db, { name: 'Harriet Example', password: TEST_PASSWORD })
    const cookie = await signInOverHttp(server, user.email)
    const response = await fetch(`${server.url}/`, { headers: { Cookie: cookie } })
    expect(await response.text()).toContain('Hello, Harriet')
  })

  it('removes ended sessions by itself', async () => {
    const db = server.database.db
    const user = await makeUser(db, { password: TEST_PASSWORD })
    await signInOverHttp(server, user.email)
    // A session ends with time; the test moves its expiry into the past directly.
    await db
      .updateTable('user_session')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('user_id', '=', user.id)
      .execute()
    const remaining = async () =>
      (await db.selectFrom('user_session').select('id').where('user_id', '=', user.id).execute()).length
    const until = Date.now() + 10_000
    while ((await remaining()) > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await remaining()).toBe(0)
  })

  it('tells browsers and proxies not to keep anything a signed-in person was sent', async () => {
    const user = await makeUser(server.database.db, { password: TEST_PASSWORD })
    const signingIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
    })
    expect(signingIn.headers.get('cache-control')).toBe('private, no-store')
    const cookie = signingIn.headers.get('set-cookie')!.split(';')[0]
    const asUser = { Cookie: cookie }
    const pages = [
      '/', // a page
      '/account',
      '/_root.data', // the data a client-side navigation fetches
      '/account.data',
      '/evidence.csv', // a download
      '/logout', // a redirect
      '/no/such/page', // an error page
    ]
    for (const page of pages) {
      const response = await fetch(`${server.url}${page}`, { headers: asUser, redirect: 'manual' })
      expect(response.status, page).toBeLessThan(500)
      expect(response.headers.get('cache-control'), page).toBe('private, no-store')
    }
    const signingOut = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...asUser, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(signingOut.status).toBe(302)
    expect(signingOut.headers.get('cache-control')).toBe('private, no-store')
  })

  it('lets the scripts and styles everyone gets be cached', async () => {
    const html = await (await fetch(`${server.url}/login`)).text()
    const asset = /(\/assets\/[^"]+\.js)"/.exec(html)![1]
    const response = await fetch(`${server.url}${asset}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/)
  })

  it('sends HSTS only to requests that arrived over TLS through a trusted proxy', async () => {
    const proxied = await startServer({
      env: envFor('pglite://memory', { TRUST_PROXY: '1', COOKIE_SECURE: 'true' }),
      log: quiet,
    })
    try {
      const response = await fetch(`${proxied.url}/login`, { headers: { 'X-Forwarded-Proto': 'https' } })
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    } finally {
      await proxied.close()
    }
  })

  it('limits sign-ins by the address the proxy saw, whatever the client wrote first in X-Forwarded-For', async () => {
    // One hop (the proxy in front) or the proxy's own address: the two ways of saying whom to believe.
    for (const trustProxy of ['1', '127.0.0.1']) {
      const proxied = await startServer({
        env: envFor('pglite://memory', {
          TRUST_PROXY: trustProxy,
          COOKIE_SECURE: 'true',
          LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
        }),
        log: quiet,
      })
      try {
        const attempt = (n: number) =>
          fetch(`${proxied.url}/login`, {
            method: 'POST',
            headers: {
              Origin: proxied.url,
              'Content-Type': 'application/x-www-form-urlencoded',
              // The client wrote the first entry; the proxy appended the address it saw.
              'X-Forwarded-For': `198.51.100.${n}, 203.0.113.77`,
            },
            body: new URLSearchParams({ email: `nobody${n}@example.org`, password: 'guess' }),
          })
        for (let n = 1; n <= 3; n++) expect((await attempt(n)).status).toBe(400)
        const refused = await attempt(4)
        expect(refused.status).toBe(429)
        expect(await refused.text()).toContain('Too many sign-in attempts')
      } finally {
        await proxied.close()
      }
    }
  }, 60_000)
})

function spawnServer(dataDir: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/server.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: `pglite://${dataDir}`,
      COOKIE_SECURE: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
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

const postgresBinaries = findPostgresBinaries()

/** `npm start` as a person runs it, with only the settings given here. */
function spawnStart(env: Record<string, string>): {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
} {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
    cwd: root,
    // NODE_ENV as npm start sets it when unset (vitest's own 'test' would otherwise be inherited).
    env: { ...process.env, NODE_ENV: 'production', DEMO_PASSWORD: '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

describe.skipIf(!postgresBinaries)('npm start on an empty PostgreSQL database with SEED_DEMO_IF_EMPTY=true', () => {
  it('adds the demo service and its sign-ins with DEMO_PASSWORD, and a second start adds nothing', async () => {
    const demoPassword = 'review-environment-2026'
    const cluster = createCluster(56_021 + (process.pid % 10))
    const pool = new pg.Pool({ connectionString: cluster.url, max: 1 })
    const counts = async () =>
      (
        await pool.query<Record<string, number>>(
          `select (select count(*)::int from app_user) as people, (select count(*)::int from supervision_link) as links,
             (select count(*)::int from evidence) as evidence, (select count(*)::int from hcpc_registration) as registrations`,
        )
      ).rows[0]
    const startOnce = async () => {
      const started = spawnStart({
        DATABASE_URL: cluster.url,
        SEED_DEMO_IF_EMPTY: 'true',
        DEMO_PASSWORD: demoPassword,
        COOKIE_SECURE: 'false',
      })
      try {
        await waitFor(() => /is running at|Could not start/.test(started.output()), 120_000)
        expect(started.output()).toContain('is running at')
        return { output: started.output(), url: /running at (http:\/\/\S+)/.exec(started.output())![1], started }
      } catch (error) {
        started.child.kill('SIGTERM')
        throw error
      }
    }
    try {
      const first = await startOnce()
      try {
        expect(first.output).toContain('demo data added')
        expect(first.output).toContain(`password for each: ${demoPassword}`)
        const response = await fetch(`${first.url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Origin: first.url, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ email: 'ot@example.org', password: demoPassword }),
        })
        expect(response.status).toBe(302)
      } finally {
        first.started.child.kill('SIGTERM')
      }
      expect(await first.started.exited).toBe(0)
      const { rows } = await pool.query<{ email: string }>(
        `select u.email from app_user u join user_password p on p.user_id = u.id order by u.email`,
      )
      expect(rows.map((row) => row.email)).toEqual(DEMO_LOGINS.map((login) => login.email).sort())
      const afterFirst = await counts()
      expect(afterFirst.people).toBe(25)

      const second = await startOnce()
      second.started.child.kill('SIGTERM')
      expect(await second.started.exited).toBe(0)
      expect(second.output).not.toContain('demo data added')
      expect(await counts()).toEqual(afterFirst)
    } finally {
      await pool.end()
      cluster.destroy()
    }
  }, 300_000)
})
