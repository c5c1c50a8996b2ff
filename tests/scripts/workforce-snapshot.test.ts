import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snapshotMonth } from '#app/models/workforce/trend.rules'
import { formatUkMonth, todayInLondon } from '#app/lib/dates'
import { createDatabase } from '#db/index'
import { type RunningServer, startServer } from '#scripts/server'
import { buildOnce, envFor, quiet, root } from '#tests/support/server'

beforeAll(buildOnce, 180_000)

const run = promisify(execFile)
const month = snapshotMonth(todayInLondon())

async function snapshotRows(server: RunningServer) {
  return server.database.db.selectFrom('workforce_snapshot').selectAll().orderBy('id').execute()
}

describe('the workforce snapshot job', () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'otp-snapshot-')), 'pglite')
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }))
  let recorded: Awaited<ReturnType<typeof snapshotRows>> = []

  it('is run by the server on start when asked, and records the month just ended once', async () => {
    const lines: string[] = []
    const server = await startServer({
      env: envFor(`pglite://${dataDir}`, { WORKFORCE_SNAPSHOT_HOURS: '24' }),
      log: (line) => lines.push(line),
    })
    try {
      const until = Date.now() + 20_000
      while ((await snapshotRows(server)).length === 0 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const rows = (recorded = await snapshotRows(server))
      expect(rows.map((r) => [r.month, r.team_id, r.as_of])).toEqual([[month, null, todayInLondon()]])
      expect(
        lines.some((line) => line.startsWith(`[snapshot] Workforce snapshot: recorded ${formatUkMonth(month)}`)),
      ).toBe(true)
    } finally {
      await server.close()
    }
  }, 60_000)

  it('is left alone by servers that were not asked', async () => {
    const server = await startServer({ env: envFor('pglite://memory'), log: quiet })
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(await snapshotRows(server)).toEqual([])
    } finally {
      await server.close()
    }
  }, 60_000)

  it('says from the command line that the month was already recorded, and changes nothing', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts/workforce-snapshot.ts')],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `pglite://${dataDir}` },
      },
    )
    expect(stdout).toContain(`Workforce snapshot: ${formatUkMonth(month)} was already recorded`)
    expect(stdout).toContain('nothing changed')
    const database = await createDatabase(`pglite://${dataDir}`)
    try {
      expect(await database.db.selectFrom('workforce_snapshot').selectAll().orderBy('id').execute()).toEqual(recorded)
    } finally {
      await database.close()
    }
  }, 60_000)
})
