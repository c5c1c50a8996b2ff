import { describe, expect, it } from 'vitest'
import { decideThrottle, describeRetry } from '#app/auth/login-throttle.rules'

const now = new Date('2026-11-23T12:00:00Z')
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000)
const policy = { maxFailures: 3, windowMinutes: 15 }

describe('sign-in throttling', () => {
  it('allows attempts below the limit', () => {
    expect(decideThrottle([minutesAgo(1), minutesAgo(2)], now, policy)).toEqual({ allowed: true })
  })
  it('locks at the limit until the oldest counted failure leaves the window', () => {
    expect(decideThrottle([minutesAgo(1), minutesAgo(2), minutesAgo(10)], now, policy)).toEqual({
      allowed: false,
      retryAfterMinutes: 5,
    })
  })
  it('rounds the wait up to whole minutes, at least one', () => {
    expect(decideThrottle([minutesAgo(0), minutesAgo(0), minutesAgo(14.99)], now, policy)).toEqual({
      allowed: false,
      retryAfterMinutes: 1,
    })
  })
  it('words the wait for people', () => {
    expect(describeRetry(1)).toBe('Too many sign-in attempts. Try again in 1 minute.')
    expect(describeRetry(12)).toBe('Too many sign-in attempts. Try again in 12 minutes.')
  })
})
