import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import { BusyError, createConcurrencyLimit } from './concurrency-limit'

// argon2id with the parameters lucia recommends (19 MiB, 2 passes, 1 lane).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 }

export interface PasswordHashingLimits {
  /** Hashes computed at once. */
  concurrency: number
  /** Password checks allowed to wait for a free slot before more are refused as busy. */
  maxQueued: number
}

/**
 * One hash per core keeps pages fast for everyone else while people sign in. argon2 runs on libuv's thread pool
 * (4 threads unless UV_THREADPOOL_SIZE says otherwise), which file reads and compression share, so at most 3.
 */
export function defaultPasswordHashingLimits(): PasswordHashingLimits {
  const concurrency = Math.max(1, Math.min(availableParallelism(), 3))
  return { concurrency, maxQueued: concurrency * 8 }
}

let limit = createConcurrencyLimit(defaultPasswordHashingLimits())

/** Sets the limits for this process (the server does so at start-up from its configuration). */
export function configurePasswordHashing(limits: Partial<PasswordHashingLimits> = {}): void {
  const defaults = defaultPasswordHashingLimits()
  const concurrency = limits.concurrency ?? defaults.concurrency
  limit = createConcurrencyLimit({ concurrency, maxQueued: limits.maxQueued ?? concurrency * 8 })
}

/** Thrown by `verifyPassword` when too many password checks are already waiting. */
export class PasswordHashingBusyError extends BusyError {}

export const PASSWORD_CHECK_BUSY_MESSAGE =
  'Too many people are signing in at this moment, so your password was not checked. Try again in a few seconds.'

/** Hashes a new password; it waits for a free slot however long the queue, since only signed-in people set one. */
export function hashPassword(password: string): Promise<string> {
  return limit.run(() => hash(password, ARGON2_OPTIONS), { wait: 'always' })
}

let timingHash: Promise<string> | undefined

/**
 * Verifies a password; with no stored hash it still spends the same time, so timing does not reveal accounts.
 * Throws PasswordHashingBusyError, without checking, when every slot is taken and the queue is full.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  try {
    return await limit.run(async () => {
      if (!storedHash) {
        timingHash ??= hash('timing-equaliser-not-a-password', ARGON2_OPTIONS)
        await verify(await timingHash, password, ARGON2_OPTIONS).catch(() => false)
        return false
      }
      return verify(storedHash, password, ARGON2_OPTIONS).catch(() => false)
    })
  } catch (error) {
    if (error instanceof BusyError) throw new PasswordHashingBusyError()
    throw error
  }
}
