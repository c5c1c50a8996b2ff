import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../app/lib/env.server'
import { type RunningServer, startServer } from '../../scripts/server'
import { buildIfStale } from '../../scripts/lib/build'
import { TEST_PASSWORD, makeUser } from '../support/builders'

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
    server = await startServer({ env: envFor('pglite://memory'), log: quiet })
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

  it('sends HSTS only to requests that arrived over TLS through a trusted proxy', async () => {
    const proxied = await startServer({
      env: envFor('pglite://memory', { TRUST_PROXY: 'true', COOKIE_SECURE: 'true' }),
      log: quiet,
    })
    try {
      const response = await fetch(`${proxied.url}/login`, { headers: { 'X-Forwarded-Proto': 'https' } })
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    } finally {
      await proxied.close()
    }
  })
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
