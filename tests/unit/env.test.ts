import { describe, expect, it } from 'vitest'
import { InvalidEnvironmentError, parseEnv } from '../../app/lib/env.server'

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
  it('is frozen', () => {
    expect(Object.isFrozen(parseEnv({}))).toBe(true)
  })
})
