import { createHash } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { parseEnv } from '#app/lib/env.server'
import { DatabaseLockedError, acquireDataDirLock } from '#db/index'
import { buildIfStale } from '#scripts/lib/build'
import { TEST_PASSWORD } from './builders'

export const root = path.resolve(__dirname, '../..')
export const quiet = () => {}

/**
 * Builds the app when it is stale, one test file at a time: the server tests are in several files that may run at
 * once, and two builds into the same folder would spoil each other. The lock is the embedded database's (one
 * process at a time, a dead holder's lock taken over); the second file in finds the build fresh.
 */
export async function buildOnce(): Promise<void> {
  const lockDir = path.join(os.tmpdir(), `otp-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`)
  const until = Date.now() + 170_000
  let release: () => void
  for (;;) {
    try {
      release = acquireDataDirLock(lockDir)
      break
    } catch (error) {
      if (!(error instanceof DatabaseLockedError) || Date.now() > until) throw error
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    await buildIfStale(root, quiet)
  } finally {
    release()
  }
}

export function envFor(databaseUrl: string, extra: Record<string, string> = {}) {
  return parseEnv({
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    FLASH_SECRET: 'server-test-flash-secret-0123456789abcdef',
    COOKIE_SECURE: 'false',
    // The servers tests start keep no workforce snapshots unless a test asks for them.
    WORKFORCE_SNAPSHOT_HOURS: '0',
    ...extra,
  })
}

export async function signInOverHttp(server: { url: string }, email: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }),
  })
  expect(response.status).toBe(302)
  return response.headers.get('set-cookie')!.split(';')[0]
}

export async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
