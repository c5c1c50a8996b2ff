import { describe, expect, it } from 'vitest'
import { InvalidEnvironmentError, parseEnv } from '#app/lib/env.server'
import { retryDelayMs } from '#app/models/outbox/delivery.server'

const ID = '0f1e2d3c-4b5a-4978-8675-a1b2c3d4e5f6'

describe('GOV.UK Notify configuration', () => {
  it('defaults to no key (messages are logged) and no template ids', () => {
    const env = parseEnv({})
    expect(env.NOTIFY_API_KEY).toBeUndefined()
    expect(env.NOTIFY_TEMPLATE_IDS).toEqual({})
  })

  it('reads template ids as name=id pairs and refuses anything else', () => {
    expect(parseEnv({ NOTIFY_TEMPLATE_IDS: ` hcpc-expiry=${ID}, hcpc-lapsed=${ID} ` }).NOTIFY_TEMPLATE_IDS).toEqual({
      'hcpc-expiry': ID,
      'hcpc-lapsed': ID,
    })
    expect(() => parseEnv({ NOTIFY_TEMPLATE_IDS: 'hcpc-expiry' })).toThrow(InvalidEnvironmentError)
    expect(() => parseEnv({ NOTIFY_API_KEY: 'too-short' })).toThrow(/NOTIFY_API_KEY/)
  })
})

describe('retry backoff', () => {
  it('doubles from one minute and stops growing at thirty', () => {
    expect([1, 2, 3, 4, 5, 6, 12].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 30, 30])
  })
})
