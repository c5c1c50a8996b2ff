import { describe, expect, it } from 'vitest'
import { InvalidEnvironmentError, parseEnv, ssoSettings } from '#app/lib/env.server'

describe('configuration', () => {
  it('has safe defaults for a single machine', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({ HOST: '127.0.0.1', PORT: 3000, NODE_ENV: 'development', COOKIE_SECURE: false })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.FLASH_SECRET.length).toBeGreaterThanOrEqual(32)
  })
  it('uses Secure cookies in production unless told otherwise', () => {
    expect(parseEnv({ NODE_ENV: 'production' }).COOKIE_SECURE).toBe(true)
    expect(parseEnv({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }).COOKIE_SECURE).toBe(false)
  })
  it('lists every bad variable at once', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', FLASH_SECRET: 'short' })).toThrow(
      InvalidEnvironmentError,
    )
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/)
      expect((error as Error).message).toMatch(/DATABASE_URL: must start with/)
    }
  })
  it('believes X-Forwarded-For only as far as it is told: a number of proxies or their addresses', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false)
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
    expect(parseEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false)
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1)
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,2001:db8::/32, loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '192.0.2.7',
      '2001:db8::/32',
      'loopback',
    ])
  })
  it('refuses TRUST_PROXY=true, which would believe what the client writes, and explains what to give', () => {
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: .*number of proxies in front/)
  })
  it('names the entries of TRUST_PROXY that are not addresses', () => {
    for (const value of ['10.0.0.0/33', 'proxy.internal', '1.5', '10.0.0.1,', '::1/129']) {
      expect(() => parseEnv({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY: must be false, a number/)
    }
  })
  it('sets server timeouts deliberately, and refuses a request timeout shorter than the headers timeout', () => {
    expect(parseEnv({})).toMatchObject({
      HEADERS_TIMEOUT_SECONDS: 20,
      REQUEST_TIMEOUT_SECONDS: 600,
      KEEP_ALIVE_TIMEOUT_SECONDS: 65,
    })
    expect(() => parseEnv({ HEADERS_TIMEOUT_SECONDS: '30', REQUEST_TIMEOUT_SECONDS: '10' })).toThrow(
      /REQUEST_TIMEOUT_SECONDS: must not be less than HEADERS_TIMEOUT_SECONDS/,
    )
  })
  it('delivers the outbox every 10 seconds unless told otherwise (0 leaves it to cron)', () => {
    expect(parseEnv({}).OUTBOX_DELIVERY_SECONDS).toBe(10)
    expect(parseEnv({ OUTBOX_DELIVERY_SECONDS: '0' }).OUTBOX_DELIVERY_SECONDS).toBe(0)
    expect(() => parseEnv({ OUTBOX_DELIVERY_SECONDS: '-1' })).toThrow(/OUTBOX_DELIVERY_SECONDS/)
  })
  it('runs the workforce snapshot daily unless told otherwise (0 leaves it to cron)', () => {
    expect(parseEnv({}).WORKFORCE_SNAPSHOT_HOURS).toBe(24)
    expect(parseEnv({ WORKFORCE_SNAPSHOT_HOURS: '0' }).WORKFORCE_SNAPSHOT_HOURS).toBe(0)
    expect(() => parseEnv({ WORKFORCE_SNAPSHOT_HOURS: 'daily' })).toThrow(/WORKFORCE_SNAPSHOT_HOURS/)
  })
  it('is frozen', () => {
    expect(Object.isFrozen(parseEnv({}))).toBe(true)
  })

  describe('single sign-on', () => {
    const oidc = {
      OIDC_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
      OIDC_CLIENT_ID: '11111111-1111-1111-1111-111111111111',
      OIDC_CLIENT_SECRET: 'a-client-secret',
      OIDC_REDIRECT_URI: 'https://portal.example.org/login/sso/callback',
    }
    it('is off with none of the four variables, and password sign-in is on', () => {
      const env = parseEnv({})
      expect(ssoSettings(env)).toBeNull()
      expect(env.PASSWORD_SIGN_IN).toBe('on')
    })
    it('is on with all four', () => {
      expect(ssoSettings(parseEnv(oidc))).toEqual({
        issuer: oidc.OIDC_ISSUER,
        clientId: oidc.OIDC_CLIENT_ID,
        clientSecret: oidc.OIDC_CLIENT_SECRET,
        redirectUri: oidc.OIDC_REDIRECT_URI,
      })
    })
    it('refuses to start with only some of them, naming each one missing', () => {
      const partial = { OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_CLIENT_ID: oidc.OIDC_CLIENT_ID }
      expect(() => parseEnv(partial)).toThrow(InvalidEnvironmentError)
      expect(() => parseEnv(partial)).toThrow(/OIDC_CLIENT_SECRET: single sign-on needs all of/)
      expect(() => parseEnv(partial)).toThrow(/OIDC_REDIRECT_URI: single sign-on needs all of/)
      expect(() => parseEnv({ ...oidc, OIDC_ISSUER: 'login.microsoftonline.com' })).toThrow(/OIDC_ISSUER/)
    })
    it('takes PASSWORD_SIGN_IN on, off or admins-only, and off only with single sign-on', () => {
      expect(parseEnv({ ...oidc, PASSWORD_SIGN_IN: 'off' }).PASSWORD_SIGN_IN).toBe('off')
      expect(parseEnv({ ...oidc, PASSWORD_SIGN_IN: 'admins-only' }).PASSWORD_SIGN_IN).toBe('admins-only')
      expect(() => parseEnv({ ...oidc, PASSWORD_SIGN_IN: 'sometimes' })).toThrow(/PASSWORD_SIGN_IN/)
      expect(() => parseEnv({ PASSWORD_SIGN_IN: 'off' })).toThrow(/PASSWORD_SIGN_IN: must be "on" unless/)
    })
  })
})
