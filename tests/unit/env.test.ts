import { describe, expect, it } from 'vitest'
import { InvalidEnvironmentError, parseEnv } from '#app/lib/env.server'

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
})
