export interface ThrottlePolicy {
  maxFailures: number
  windowMinutes: number
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMinutes: number }

/**
 * Given the times of recent failed sign-ins (newest first, already limited to the window), decides
 * whether another attempt may be made now. The lock lifts when the oldest counted failure leaves the window.
 */
export function decideThrottle(
  failuresNewestFirst: readonly Date[],
  now: Date,
  policy: ThrottlePolicy,
): ThrottleDecision {
  if (failuresNewestFirst.length < policy.maxFailures) return { allowed: true }
  const pivot = failuresNewestFirst[policy.maxFailures - 1]
  const liftsAt = pivot.getTime() + policy.windowMinutes * 60_000
  const remaining = liftsAt - now.getTime()
  if (remaining <= 0) return { allowed: true }
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(remaining / 60_000)) }
}

export function describeRetry(minutes: number): string {
  return `Too many sign-in attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`
}

/** The same lock met while checking a signed-in person's current password (it counts with failed sign-ins). */
export function describePasswordCheckRetry(minutes: number): string {
  return `Too many wrong passwords for this account. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`
}
