import net from 'node:net'
import { tsImport } from 'tsx/esm/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '#app/lib/env.server'
import type { RunningServer } from '#scripts/server'
import { chromiumPath, expectNoAxeViolations, useBrowser } from '#tests/support/browser'
import { type TestProvider, startTestProvider } from '#tests/support/oidc-provider'

// Single sign-on needs its own portal: the shared demo server has none set up. This file starts one on the demo
// service with single sign-on pointed at a real OpenID provider on another loopback port, and signs in through it.

/** A port free now, for the portal, whose callback address the provider must know before either starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

describe.skipIf(!chromiumPath)('signing in with Microsoft in a browser', () => {
  const session = useBrowser()
  let provider: TestProvider
  let portal: RunningServer

  beforeAll(async () => {
    const port = await freePort()
    provider = await startTestProvider({ redirectUri: `http://127.0.0.1:${port}/login/sso/callback` })
    provider.accounts.set('entra-olivia', { email: 'OT@example.org', email_verified: true, name: 'Olivia Bennett' })
    provider.accounts.set('entra-stranger', { email: 'stranger@example.org', email_verified: true })
    // Loaded by Node through tsx, as tests/setup/browser-setup.ts loads it (not through vitest's module runner).
    const { startServer }: typeof import('#scripts/server') = await tsImport('#scripts/server.ts', import.meta.url)
    portal = await startServer({
      env: parseEnv({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: 'pglite://memory',
        FLASH_SECRET: 'browser-sso-tests-'.padEnd(40, 'x'),
        WORKFORCE_SNAPSHOT_HOURS: '0',
        OUTBOX_DELIVERY_SECONDS: '0',
        PASSWORD_SIGN_IN: 'admins-only',
        ...provider.env,
      }),
      seedIfEmpty: true,
      log: () => {},
    })
  }, 120_000)
  afterAll(async () => {
    await portal?.close()
    await provider?.close()
  })

  it('a member of staff goes from the sign-in page through the provider and lands signed in', async () => {
    const page = await session.newPage({ baseURL: portal.url })
    await page.goto('/login?redirectTo=%2Fevidence')
    await page.getByText('Administrators can also sign in with a password.').waitFor()
    await expectNoAxeViolations(page)
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click()
    await page.waitForURL((url) => url.origin === provider.issuer)
    await page.getByRole('button', { name: 'Continue as OT@example.org' }).click()
    await page.waitForURL((url) => url.origin === portal.url && url.pathname === '/evidence')
    await page.getByRole('heading', { level: 1 }).first().waitFor()
    const cookies = await page.context().cookies(portal.url)
    expect(cookies.map((cookie) => cookie.name)).toContain('otp_session')
    expect(cookies.map((cookie) => cookie.name)).not.toContain('otp_sso_state')
    await page.goto('/')
    await page.getByRole('heading', { level: 1, name: 'Hello, Olivia' }).waitFor()
  })

  it('someone with no portal account is told so, not signed in, and can go back to sign in', async () => {
    const page = await session.newPage({ baseURL: portal.url })
    await page.goto('/login')
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click()
    await page.getByRole('button', { name: 'Continue as stranger@example.org' }).click()
    await page.getByRole('heading', { level: 1, name: 'There is no portal account for you' }).waitFor()
    await expectNoAxeViolations(page)
    expect((await page.context().cookies(portal.url)).map((cookie) => cookie.name)).not.toContain('otp_session')
    await page.getByRole('link', { name: 'Back to sign in' }).click()
    await page.waitForURL((url) => url.pathname === '/login')
  })
})
