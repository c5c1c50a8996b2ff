import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { syncJobRoles } from '#app/models/people/job-roles.server'
import { type AppDatabase, createDatabase } from '#db/index'
import { migrateToLatest } from '#db/migrate'
import { type ServerProcess, startServerProcess } from '#scripts/lib/server-process'
import { EMPTY_EVIDENCE, TEST_PASSWORD, makeUser } from '#tests/support/builders'
import { attachmentProblems, fileNames } from '#tests/support/fault-checks'
import { type Answer, eventually, multipart, pieces, send } from '#tests/support/http-client'
import { type Cluster, clusterPort, createCluster, findPostgresBinaries } from '#tests/support/pg-cluster'
import { buildOnce, signInOverHttp } from '#tests/support/server'

// The server killed outright (SIGKILL: no shutdown handler runs) while uploads are arriving and being saved: on
// restart it opens the same data (taking over the embedded database's lock) and every upload happened whole or
// left nothing behind.

beforeAll(buildOnce, 180_000)

const postgresBinaries = findPostgresBinaries()

interface Backend {
  /** The server's DATABASE_URL. */
  url: string
  /** Opens the data from this process; for the embedded database only while no server holds it. */
  open(): Promise<AppDatabase>
  cleanUp(): void
}

async function embeddedBackend(): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-kill-'))
  const url = `pglite://${path.join(dir, 'pglite')}`
  return { url, open: () => createDatabase(url), cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

async function postgresBackend(): Promise<Backend> {
  const cluster: Cluster = createCluster(await clusterPort())
  return { url: cluster.url, open: () => createDatabase(cluster.url), cleanUp: () => cluster.destroy() }
}

const backends: [string, () => Promise<Backend>, boolean, boolean][] = [
  ['the embedded database (PGlite)', embeddedBackend, true, false],
  [
    `PostgreSQL${postgresBinaries ? '' : ' (skipped: no PostgreSQL server binaries; apt-get install postgresql)'}`,
    postgresBackend,
    Boolean(postgresBinaries),
    true,
  ],
]

for (const [name, makeBackend, available, postgres] of backends) {
  describe.skipIf(!available)(`killing the server mid-upload on ${name}`, () => {
    let backend: Backend
    let email: string
    let evidenceId: string
    let server: ServerProcess | undefined

    beforeAll(async () => {
      backend = await makeBackend()
      const database = await backend.open()
      try {
        await migrateToLatest(database.db)
        await syncJobRoles(database.db)
        const person = await makeUser(database.db, { password: TEST_PASSWORD })
        email = person.email
        evidenceId = await createEvidence(database.db, {
          ownerId: person.id,
          evidence: { ...EMPTY_EVIDENCE, title: 'Kept through a crash' },
        })
      } finally {
        await database.close()
      }
    }, 120_000)

    afterAll(async () => {
      await server?.stop()
      backend?.cleanUp()
    })

    function upload(base: string, cookie: string, fileName: string, options: { slowly?: boolean } = {}) {
      const body = multipart({}, { name: fileName, content: Buffer.from(`Notes in ${fileName}\n`.repeat(4_000)) })
      return (beforeLastPiece?: () => Promise<void>): Promise<Answer> =>
        send(base, {
          method: 'POST',
          path: `/evidence/${evidenceId}`,
          headers: { Cookie: cookie, Origin: base, 'Content-Type': body.contentType },
          body: options.slowly ? pieces(body.body, 8) : [body.body],
          beforeLastPiece,
        })
    }

    it('restarts on the same data with every upload whole or absent, and keeps the ones saved before', async () => {
      server = await startServerProcess({ DATABASE_URL: backend.url })
      const first = server
      const cookie = await signInOverHttp(first, email)
      expect((await upload(first.url, cookie, 'before.txt')()).status).toBe(302)

      // One upload waits for its last piece while others are read and saved; once the first of those is saved,
      // SIGKILL, with the rest still arriving or being written.
      let saved = 0
      const burst = Array.from({ length: 8 }, (_, i) =>
        upload(first.url, cookie, `burst-${i}.txt`)().then(
          (answer) => ((saved += 1), answer),
          (error: Error) => error,
        ),
      )
      const kill = async () => {
        await eventually(async () => saved > 0, 20_000, 'an upload to be saved')
        first.child.kill('SIGKILL')
      }
      const slow = upload(first.url, cookie, 'cut-off.txt', { slowly: true })(kill).catch((error: Error) => error)
      const outcomes = await Promise.all([slow, ...burst])
      await first.exited
      expect(first.alive()).toBe(false)
      // Each either finished before the kill or lost its connection; none was answered with an error page.
      for (const outcome of outcomes) {
        if (!(outcome instanceof Error)) expect(outcome.status).toBe(302)
      }
      expect(outcomes[0]).toBeInstanceOf(Error)

      server = await startServerProcess({ DATABASE_URL: backend.url })
      const again = server
      const page = await eventually(
        async () => {
          const answer = await send(again.url, { path: `/evidence/${evidenceId}`, headers: { Cookie: cookie } })
          return answer.status === 200 && answer
        },
        20_000,
        'the entry to be served after the restart',
      )
      expect(page.body).toContain('before.txt')
      expect(page.body).not.toContain('cut-off.txt')
      expect((await upload(again.url, cookie, 'after.txt')()).status).toBe(302)
      await again.stop()
      server = undefined

      const database = await backend.open()
      try {
        expect(await attachmentProblems(database.db)).toEqual([])
        const names = await fileNames(database.db, evidenceId)
        expect(names).toContain('before.txt')
        expect(names).toContain('after.txt')
        expect(names).not.toContain('cut-off.txt')
        // Uploads answered 302 before the kill were saved for good.
        for (const [i, outcome] of outcomes.slice(1).entries()) {
          if (!(outcome instanceof Error)) expect(names).toContain(`burst-${i}.txt`)
        }
      } finally {
        await database.close()
      }
    }, 120_000)

    it.skipIf(!postgres)(
      'leaves nothing of a save whose transaction was open when it died',
      async () => {
        const database = await backend.open()
        onTestFinished(() => database.close())
        const owner = await database.db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
        const evidenceId = await createEvidence(database.db, {
          ownerId: owner.id,
          evidence: { ...EMPTY_EVIDENCE, title: 'Saved while the server died' },
        })
        server = await startServerProcess({ DATABASE_URL: backend.url })
        const first = server
        const cookie = await signInOverHttp(first, email)
        // A session of our own holds the entry's row, so the server's save waits inside its transaction.
        const holder = new pg.Client({ connectionString: backend.url })
        await holder.connect()
        await holder.query('begin')
        await holder.query('select id from evidence where id = $1 for update', [evidenceId])
        const body = multipart({}, { name: 'in-transaction.txt', content: Buffer.from('Notes\n'.repeat(1_000)) })
        const pending = send(first.url, {
          method: 'POST',
          path: `/evidence/${evidenceId}`,
          headers: { Cookie: cookie, Origin: first.url, 'Content-Type': body.contentType },
          body: [body.body],
        }).catch((error: Error) => error)
        await eventually(
          async () => {
            const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and query ilike '%from "evidence"%for update%'`.execute(database.db)
            return rows[0].n > 0
          },
          15_000,
          'the server’s save to wait for the entry',
        )
        first.child.kill('SIGKILL')
        await first.exited
        expect(await pending).toBeInstanceOf(Error)
        await holder.query('commit')
        await holder.end()
        // PostgreSQL notices the dead client and ends its session, rolling back what it had written.
        await eventually(
          async () => {
            const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
            where query ilike '%from "evidence"%for update%' and pid <> pg_backend_pid()`.execute(database.db)
            return rows[0].n === 0
          },
          15_000,
          'the dead server’s session to end',
        )
        expect(await fileNames(database.db, evidenceId)).toEqual([])
        expect(await attachmentProblems(database.db)).toEqual([])

        server = await startServerProcess({ DATABASE_URL: backend.url })
        const answer = await send(server.url, {
          method: 'POST',
          path: `/evidence/${evidenceId}`,
          headers: { Cookie: cookie, Origin: server.url, 'Content-Type': body.contentType },
          body: [body.body],
        })
        expect(answer.status).toBe(302)
        expect(await fileNames(database.db, evidenceId)).toEqual(['in-transaction.txt'])
        expect(await attachmentProblems(database.db)).toEqual([])
      },
      90_000,
    )
  })
}
