import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '#scripts/server'
import { TEST_PASSWORD, makeUser } from '#tests/support/builders'
import { buildOnce, envFor, quiet, signInOverHttp } from '#tests/support/server'

// The server's own answers over HTTP: headers, where forms may come from, errors, health, sessions and caching.
// The embedded database's lock is in server-lock.test.ts, PostgreSQL going away and first starts in
// server-postgres.test.ts.

beforeAll(buildOnce, 180_000)

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
