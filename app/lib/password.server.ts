import { hash, verify } from '@node-rs/argon2'

// argon2id with the parameters lucia recommends (19 MiB, 2 passes, 1 lane).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

let timingHash: Promise<string> | undefined

/** Verifies a password; with no stored hash it still spends the same time, so timing does not reveal accounts. */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    timingHash ??= hashPassword('timing-equaliser-not-a-password')
    await verify(await timingHash, password, ARGON2_OPTIONS).catch(() => false)
    return false
  }
  return verify(storedHash, password, ARGON2_OPTIONS).catch(() => false)
}
