import fs from 'node:fs'
import path from 'node:path'
import url from 'node:url'
import { tsImport } from 'tsx/esm/api'
import type { TestProject } from 'vitest/node'
import { parseEnv } from '#app/lib/env.server'
import { buildIfStale } from '#scripts/lib/build'
import type { RunningServer } from '#scripts/server'
import { adminPool } from '#tests/support/postgres'
import { withDatabase } from './global-setup'

declare module 'vitest' {
  export interface ProvidedContext {
    browserBaseUrl: string
    chromiumPath: string | null
  }
}

const ROOT = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '../..')
const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/**
 * Serves the production build with the demo service for the browser tests: PGlite in memory by default,
 * a fresh database on the TEST_DATABASE_URL server when that is set.
 */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium()
  project.provide('chromiumPath', chromiumPath)
  if (!chromiumPath) {
    project.provide('browserBaseUrl', '')
    return
  }

  await buildIfStale(ROOT)
  // Loaded by Node itself (through tsx), not by vitest's module runner: through the runner, every page failed
  // with a 500 ("useRouteLoaderData must be used within a data router"), the build not seeing React Router's context.
  const { startServer }: typeof import('#scripts/server') = await tsImport('#scripts/server.ts', import.meta.url)

  const adminUrl = process.env.TEST_DATABASE_URL
  const databaseName = `otp_browser_${process.pid}`
  if (adminUrl) await recreateDatabase(adminUrl, databaseName)
  const dropDatabase = async () => {
    if (!adminUrl) return
    const pool = adminPool(adminUrl)
    await pool.query(`drop database if exists ${databaseName} with (force)`).finally(() => pool.end())
  }

  let server: RunningServer
  try {
    server = await startServer({
      // COOKIE_SECURE is left to its production default (Secure): Chromium keeps Secure cookies from
      // http://127.0.0.1, so the tests sign in with the settings a real deployment uses.
      env: parseEnv({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: adminUrl ? withDatabase(adminUrl, databaseName) : 'pglite://memory',
        FLASH_SECRET: 'browser-tests-'.padEnd(40, 'x'),
        WORKFORCE_SNAPSHOT_HOURS: '0',
        // Messages stay waiting, so the administrator's outbox pages have something to show and send.
        OUTBOX_DELIVERY_SECONDS: '0',
      }),
      seedIfEmpty: true,
      log: () => {},
    })
  } catch (error) {
    await dropDatabase()
    throw error
  }
  project.provide('browserBaseUrl', server.url)

  return async () => {
    await server.close()
    await dropDatabase()
  }
}

function findChromium(): string | null {
  const candidate = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM
  if (fs.existsSync(candidate)) return candidate
  if (process.env.REQUIRE_BROWSER) {
    throw new Error(
      `Chromium not found at ${candidate}, and REQUIRE_BROWSER is set: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    )
  }
  console.warn(`Chromium not found at ${candidate}: browser tests skipped (apt-get install chromium)`)
  return null
}

async function recreateDatabase(adminUrl: string, name: string) {
  const pool = adminPool(adminUrl)
  try {
    await pool.query(`drop database if exists ${name} with (force)`)
    await pool.query(`create database ${name}`)
  } finally {
    await pool.end()
  }
}
