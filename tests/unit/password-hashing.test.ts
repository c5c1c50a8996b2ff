import os from 'node:os'
import { describe, expect, it, vi } from 'vitest'

// Every argon2 call waits at a gate the test opens, so what runs at once is counted, not timed.
const gate = vi.hoisted(() => ({ inFlight: 0, most: 0, held: [] as (() => void)[] }))

vi.mock('@node-rs/argon2', async (importActual) => {
  const actual = await importActual<typeof import('@node-rs/argon2')>()
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      gate.inFlight += 1
      gate.most = Math.max(gate.most, gate.inFlight)
      try {
        await new Promise<void>((resolve) => gate.held.push(resolve))
        return await fn(...args)
      } finally {
        gate.inFlight -= 1
      }
    }
  return { ...actual, hash: counted(actual.hash), verify: counted(actual.verify) }
})

const password = await import('#app/lib/password.server')
const { hash } = await vi.importActual<typeof import('@node-rs/argon2')>('@node-rs/argon2')
const stored = await hash('the right one', { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 })

/** Opens the gate for whatever is waiting until every call has finished. */
async function settle<T>(calls: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  let done = false
  const all = Promise.allSettled(calls).finally(() => (done = true))
  while (!done) {
    gate.held.splice(0).forEach((release) => release())
    await new Promise((resolve) => setImmediate(resolve))
  }
  return all
}

function reset() {
  gate.inFlight = 0
  gate.most = 0
}

describe('password hashing under load', () => {
  it('checks no more passwords at once than the server has cores for, however many arrive', async () => {
    reset()
    const expected = Math.max(1, Math.min(os.availableParallelism(), 3))
    const results = await settle(Array.from({ length: 12 }, () => password.verifyPassword(stored, 'a guess')))
    expect(gate.most).toBe(expected)
    expect(results.every((result) => result.status === 'fulfilled' && result.value === false)).toBe(true)
  })

  it('refuses checks beyond the queue as busy, without checking them, and lets the queued ones through', async () => {
    reset()
    password.configurePasswordHashing({ concurrency: 2, maxQueued: 3 })
    try {
      const calls = Array.from({ length: 10 }, (_, i) =>
        password.verifyPassword(stored, i === 0 ? 'the right one' : 'x'),
      )
      const results = await settle(calls)
      expect(gate.most).toBe(2)
      const busy = results.filter(
        (result) => result.status === 'rejected' && result.reason instanceof password.PasswordHashingBusyError,
      )
      expect(busy).toHaveLength(5)
      expect(results.slice(0, 5).map((result) => result.status === 'fulfilled' && result.value)).toEqual([
        true,
        false,
        false,
        false,
        false,
      ])
    } finally {
      password.configurePasswordHashing()
    }
  })

  it('makes a new password wait for a slot rather than refusing it', async () => {
    reset()
    password.configurePasswordHashing({ concurrency: 1, maxQueued: 0 })
    try {
      const results = await settle<unknown>([
        password.verifyPassword(stored, 'x'),
        password.hashPassword('a new passphrase'),
      ])
      expect(gate.most).toBe(1)
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled'])
    } finally {
      password.configurePasswordHashing()
    }
  })
})
