import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_LOGINS } from '#scripts/demo/seed'
import { createCluster, findPostgresBinaries } from '#tests/support/pg-cluster'
import { buildOnce, root, waitFor } from '#tests/support/server'

// The server on PostgreSQL (when it is installed): an outage and the recovery, and npm start seeding an empty
// database once.

beforeAll(buildOnce, 180_000)

const postgresBinaries = findPostgresBinaries()

/** `npm start` as a person runs it, with only the settings given here. */
function spawnStart(env: Record<string, string>): {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
} {
  let output = ''
  const child = spawn(process.execPath, [path.join(root, 'build', 'scripts', 'start.js')], {
    cwd: root,
    // NODE_ENV as npm start sets it when unset (vitest's own 'test' would otherwise be inherited).
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEMO_PASSWORD: '',
      PORT: '0',
      WORKFORCE_SNAPSHOT_HOURS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

describe.skipIf(!postgresBinaries)('npm start on an empty PostgreSQL database with SEED_DEMO_IF_EMPTY=true', () => {
  it('adds the demo service and its sign-ins with DEMO_PASSWORD, and a second start adds nothing', async () => {
    const demoPassword = 'review-environment-2026'
    const cluster = createCluster(56_021 + (process.pid % 10))
    const pool = new pg.Pool({ connectionString: cluster.url, max: 1 })
    const counts = async () =>
      (
        await pool.query<Record<string, number>>(
          `select (select count(*)::int from app_user) as people, (select count(*)::int from supervision_link) as links,
             (select count(*)::int from evidence) as evidence, (select count(*)::int from hcpc_registration) as registrations`,
        )
      ).rows[0]
    const startOnce = async () => {
      const started = spawnStart({
        DATABASE_URL: cluster.url,
        SEED_DEMO_IF_EMPTY: 'true',
        DEMO_PASSWORD: demoPassword,
        COOKIE_SECURE: 'false',
      })
      try {
        await waitFor(() => /is running at|Could not start/.test(started.output()), 120_000)
        expect(started.output()).toContain('is running at')
        return { output: started.output(), url: /running at (http:\/\/\S+)/.exec(started.output())![1], started }
      } catch (error) {
        started.child.kill('SIGTERM')
        throw error
      }
    }
    try {
      const first = await startOnce()
      try {
        expect(first.output).toContain('demo data added')
        expect(first.output).toContain(`password for each: ${demoPassword}`)
        const response = await fetch(`${first.url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Origin: first.url, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ email: 'ot@example.org', password: demoPassword }),
        })
        expect(response.status).toBe(302)
      } finally {
        first.started.child.kill('SIGTERM')
      }
      expect(await first.started.exited).toBe(0)
      const { rows } = await pool.query<{ email: string }>(
        `select u.email from app_user u join user_password p on p.user_id = u.id order by u.email`,
      )
      expect(rows.map((row) => row.email)).toEqual(DEMO_LOGINS.map((login) => login.email).sort())
      const afterFirst = await counts()
      // 25 people at work and a leaver kept on record.
      expect(afterFirst.people).toBe(26)

      const second = await startOnce()
      second.started.child.kill('SIGTERM')
      expect(await second.started.exited).toBe(0)
      expect(second.output).not.toContain('demo data added')
      expect(await counts()).toEqual(afterFirst)
    } finally {
      await pool.end()
      cluster.destroy()
    }
  }, 300_000)
})
