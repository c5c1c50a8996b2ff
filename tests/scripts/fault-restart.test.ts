import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { type AppDatabase, createDatabase } from '#db/index'
import { type ServerProcess, startServerProcess } from '#scripts/lib/server-process'
import { expectConsoleErrors } from '#tests/setup/fail-on-console-error'
import { EMPTY_EVIDENCE, TEST_PASSWORD } from '#tests/support/builders'
import { attachmentProblems, fileNames, signoffDecisionState } from '#tests/support/fault-checks'
import { type Answer, eventually, multipart, pieces, send } from '#tests/support/http-client'
import { type Cluster, clusterPort, createCluster, findPostgresBinaries } from '#tests/support/pg-cluster'
import { type SignoffScenario, askForSignoff, signoffScenario } from '#tests/support/signoffs'
import { buildOnce, root, signInOverHttp } from '#tests/support/server'

// PostgreSQL restarted (pg_ctl restart -m fast) while a save is in flight, on a private cluster: the save either
// happens whole or not at all, the person is told which, and the server carries on by itself.

const postgresBinaries = findPostgresBinaries()
const ROUNDS = 3
const UNAVAILABLE = 'cannot reach the database'

beforeAll(buildOnce, 180_000)

describe.skipIf(!postgresBinaries)(
  `restarting PostgreSQL in the middle of a save${postgresBinaries ? '' : ' (skipped: no PostgreSQL server binaries; apt-get install postgresql)'}`,
  () => {
    let cluster: Cluster
    let server: ServerProcess
    let database: AppDatabase
    let scenario: SignoffScenario
    let otCookie: string
    let seniorCookie: string

    beforeAll(async () => {
      cluster = createCluster(await clusterPort())
      server = await startServerProcess({ DATABASE_URL: `${cluster.url}?pool_max=4` })
      database = await createDatabase(cluster.url)
      await loadFrameworkData(database.db, path.join(root, 'framework-data'))
      scenario = await signoffScenario(database.db, { password: TEST_PASSWORD })
      otCookie = await signInOverHttp(server, scenario.ot.email)
      seniorCookie = await signInOverHttp(server, scenario.senior.email)
    }, 120_000)

    afterAll(async () => {
      await server?.stop()
      await database?.close()
      cluster?.destroy()
    })

    /** A session of its own that holds a row lock, so that the server's transaction waits inside PostgreSQL. */
    async function holdRowLock(table: 'evidence' | 'signoff_request', id: string) {
      const client = new pg.Client({ connectionString: cluster.url })
      // The restart ends this session too; that is the point.
      client.on('error', () => {})
      await client.connect()
      await client.query('begin')
      await client.query(`select id from ${table} where id = $1 for update`, [id])
      // Polled from another session: a session in a transaction sees pg_stat_activity as it was when it began.
      const waiting = () =>
        eventually(
          async () => {
            const { rows } = await sql<{ n: number }>`
              select count(*)::int as n from pg_stat_activity
              where wait_event_type = 'Lock' and query ilike ${`%from "${table}"%for update%`}`.execute(database.db)
            return rows[0].n > 0
          },
          15_000,
          `the server's transaction to wait for the ${table} row`,
        )
      return { waiting, release: () => client.end().catch(() => {}) }
    }

    function upload(evidenceId: string, name: string, options: { slow?: boolean } = {}) {
      const body = multipart({}, { name, content: Buffer.from(`Notes from ${name}\n`.repeat(2_000)) })
      return (beforeLastPiece?: () => Promise<void>): Promise<Answer> =>
        send(server.url, {
          method: 'POST',
          path: `/evidence/${evidenceId}`,
          headers: { Cookie: otCookie, Origin: server.url, 'Content-Type': body.contentType },
          body: options.slow ? pieces(body.body, 4) : [body.body],
          beforeLastPiece,
        })
    }

    function decide(requestId: string, comment: string) {
      const body = Buffer.from(new URLSearchParams({ intent: 'decide', decision: 'return', comment }).toString())
      return (beforeLastPiece?: () => Promise<void>): Promise<Answer> =>
        send(server.url, {
          method: 'POST',
          path: `/signoffs/${requestId}`,
          headers: { Cookie: seniorCookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: beforeLastPiece ? pieces(body, 2) : [body],
          beforeLastPiece,
        })
    }

    function expectToldPlainly(answer: Answer) {
      expect([302, 503], answer.body.slice(0, 500)).toContain(answer.status)
      if (answer.status === 503) {
        expect(answer.body).toContain(UNAVAILABLE)
        expect(answer.body).toContain('may not have been saved')
        expect(answer.headers['retry-after']).toBe('30')
      }
    }

    async function expectRecovered() {
      const home = await eventually(
        async () => {
          const answer = await send(server.url, { path: '/', headers: { Cookie: otCookie } })
          return answer.status === 200 && answer
        },
        20_000,
        'the home page to answer 200 again',
      )
      expect(home.body).not.toContain(UNAVAILABLE)
      expect(server.alive(), server.output().slice(-2000)).toBe(true)
    }

    it(`keeps an upload whole or leaves no trace of it, ${ROUNDS} times each way`, async () => {
      expectConsoleErrors()
      for (let round = 1; round <= ROUNDS; round++) {
        const evidenceId = await createEvidence(database.db, {
          ownerId: scenario.ot.id,
          evidence: { ...EMPTY_EVIDENCE, title: `Restart round ${round}` },
        })

        // The body is still arriving when PostgreSQL restarts: the session and entry were read on connections
        // the restart ends, and the save runs on new ones once the body is in.
        const slow = await upload(evidenceId, `slow-${round}.txt`, { slow: true })(() => cluster.restartInBackground())
        expectToldPlainly(slow)
        await expectRecovered()
        expect(await attachmentProblems(database.db)).toEqual([])
        expect(await fileNames(database.db, evidenceId)).toEqual(slow.status === 302 ? [`slow-${round}.txt`] : [])

        // The save's transaction is open, waiting for the entry's row, when PostgreSQL restarts: it is rolled back.
        const lock = await holdRowLock('evidence', evidenceId)
        const midway = upload(evidenceId, `midway-${round}.txt`)()
        midway.catch(() => {})
        await lock.waiting()
        await cluster.restartInBackground()
        const answer = await midway
        await lock.release()
        expect(answer.status, answer.body.slice(0, 500)).toBe(503)
        expectToldPlainly(answer)
        await expectRecovered()
        expect(await attachmentProblems(database.db)).toEqual([])
        expect(await fileNames(database.db, evidenceId)).not.toContain(`midway-${round}.txt`)

        // Trying again afterwards saves it once.
        expect((await upload(evidenceId, `midway-${round}.txt`)()).status).toBe(302)
        expect(await fileNames(database.db, evidenceId)).toContain(`midway-${round}.txt`)
        expect(await attachmentProblems(database.db)).toEqual([])
      }
    }, 90_000)

    it(`records a sign-off decision whole or not at all, ${ROUNDS} times each way`, async () => {
      expectConsoleErrors()
      for (let round = 1; round <= ROUNDS; round++) {
        const slowId = await askForSignoff(database.db, scenario)
        const slow = await decide(slowId, `Slow round ${round}`)(() => cluster.restartInBackground())
        expectToldPlainly(slow)
        await expectRecovered()
        const afterSlow = await signoffDecisionState(database.db, slowId)
        expect(afterSlow).toMatchObject({ whole: true, status: slow.status === 302 ? 'returned' : 'pending' })
        if (afterSlow.status === 'pending') expect((await decide(slowId, 'Again')()).status).toBe(302)

        const requestId = await askForSignoff(database.db, scenario)
        const lock = await holdRowLock('signoff_request', requestId)
        const midway = decide(requestId, `Midway round ${round}`)()
        midway.catch(() => {})
        await lock.waiting()
        await cluster.restartInBackground()
        const answer = await midway
        await lock.release()
        expect(answer.status, answer.body.slice(0, 500)).toBe(503)
        expectToldPlainly(answer)
        await expectRecovered()
        expect(await signoffDecisionState(database.db, requestId)).toMatchObject({ whole: true, status: 'pending' })

        expect((await decide(requestId, `Midway round ${round}, again`)()).status).toBe(302)
        expect(await signoffDecisionState(database.db, requestId)).toMatchObject({ whole: true, status: 'returned' })
      }
      const healthz = await send(server.url, { path: '/healthz' })
      expect(healthz.status).toBe(200)
    }, 90_000)
  },
)
