import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildIfStale } from '#scripts/lib/build'
import { createDatabase } from '#db/index'
import { expectConsoleErrors } from '#tests/setup/fail-on-console-error'
import { TEST_PASSWORD, makeUser } from '#tests/support/builders'
import { type Cluster, clusterPort, createCluster, findPostgresBinaries } from '#tests/support/pg-cluster'
import { type ServerProcess, startServerProcess } from '#scripts/lib/server-process'
import { type Answer, multipart, pieces, send } from '#tests/support/http-client'

const root = path.resolve(__dirname, '../..')

const postgresBinaries = findPostgresBinaries()
const NORMAL = new Set([200, 302, 303, 400, 409])

beforeAll(() => buildIfStale(root, () => {}), 180_000)

describe.skipIf(!postgresBinaries)('when PostgreSQL goes away and comes back (needs PostgreSQL installed)', () => {
  let cluster: Cluster
  let server: ServerProcess
  let cookie: string
  let entryPath: string

  beforeAll(async () => {
    cluster = createCluster(await clusterPort())
    server = await startServerProcess({ DATABASE_URL: `${cluster.url}?pool_max=5` })
    const database = await createDatabase(cluster.url)
    try {
      const user = await makeUser(database.db, { password: TEST_PASSWORD })
      const signIn = await send(server.url, {
        method: 'POST',
        path: '/login',
        headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: [Buffer.from(new URLSearchParams({ email: user.email, password: TEST_PASSWORD }).toString())],
      })
      expect(signIn.status).toBe(302)
      cookie = String(signIn.headers['set-cookie']![0]).split(';')[0]
    } finally {
      await database.close()
    }
    const created = await send(server.url, {
      method: 'POST',
      path: '/evidence/new',
      headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: [Buffer.from(`title=Moving+and+handling+refresher&intent=draft&formToken=${randomUUID()}`)],
    })
    expect(created.status).toBe(302)
    entryPath = created.headers.location!
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    cluster?.destroy()
  })

  it('answers 503 with a plain explanation, then recovers by itself', async () => {
    expect((await send(server.url, { path: '/', headers: { Cookie: cookie } })).status).toBe(200)
    cluster.stop()
    try {
      for (const headers of [{}, { Cookie: cookie }] as Record<string, string>[]) {
        for (const page of ['/login', '/']) {
          const response = await send(server.url, { path: page, headers })
          expect(response.status).toBe(503)
          expect(response.headers['retry-after']).toBe('30')
          expect(response.body).toContain('cannot reach the database')
        }
      }
      expect((await send(server.url, { path: '/healthz' })).status).toBe(503)
    } finally {
      cluster.start()
    }
    expect((await send(server.url, { path: '/', headers: { Cookie: cookie } })).status).toBe(200)
    expect((await send(server.url, { path: '/healthz' })).status).toBe(200)
    expect(server.alive()).toBe(true)
  }, 60_000)

  it('stays up under load through repeated outages, answering 503 (never 500) and 200 again after each', async () => {
    expectConsoleErrors()
    const statuses = new Map<string, number>()
    const failures: string[] = []
    const signedIn = { Cookie: cookie }
    const form = { ...signedIn, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }
    const text = (size: number, seed: number) => Buffer.from(`${seed} `.repeat(size).slice(0, size))
    let sequence = 0
    const operations: [string, () => Promise<Answer>][] = [
      ['GET /', () => send(server.url, { path: '/', headers: signedIn })],
      ['GET /evidence', () => send(server.url, { path: '/evidence', headers: signedIn })],
      ['GET entry', () => send(server.url, { path: entryPath, headers: signedIn })],
      [
        'POST /evidence/new',
        () =>
          send(server.url, {
            method: 'POST',
            path: '/evidence/new',
            headers: form,
            body: [Buffer.from(`title=Outage+draft+${++sequence}&intent=draft&formToken=${randomUUID()}`)],
          }),
      ],
      [
        'upload',
        () => {
          const upload = multipart({ intent: 'attach' }, { name: 'notes.txt', content: text(16_384, ++sequence) })
          return send(server.url, {
            method: 'POST',
            path: entryPath,
            headers: { ...signedIn, Origin: server.url, 'Content-Type': upload.contentType },
            body: [upload.body],
          })
        },
      ],
      [
        'slow upload',
        () => {
          const upload = multipart({ intent: 'attach' }, { name: 'slow.txt', content: text(65_536, ++sequence) })
          return send(server.url, {
            method: 'POST',
            path: entryPath,
            headers: { ...signedIn, Origin: server.url, 'Content-Type': upload.contentType },
            body: pieces(upload.body, 10),
            pauseMs: 80,
          })
        },
      ],
    ]

    let running = true
    const worker = async (offset: number) => {
      for (let i = offset; running; i++) {
        const [name, operation] = operations[i % operations.length]
        try {
          const answer = await operation()
          const key = `${name} ${answer.status}`
          statuses.set(key, (statuses.get(key) ?? 0) + 1)
          if (!NORMAL.has(answer.status) && answer.status !== 503) {
            failures.push(`${name}: ${answer.status} ${answer.body.slice(0, 200)}`)
          }
        } catch (error) {
          failures.push(`${name}: connection failed (${(error as Error).message})`)
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }
    }
    const workers = Array.from({ length: 6 }, (_, i) => worker(i))
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

    try {
      for (let cycle = 1; cycle <= 3; cycle++) {
        await pause(1_500)
        await cluster.stopInBackground()
        await pause(2_000)
        expect(server.alive(), `the server died in outage ${cycle}:\n${server.output().slice(-3000)}`).toBe(true)
        await cluster.startInBackground()
        const until = Date.now() + 20_000
        let status = 0
        while (Date.now() < until) {
          status = (await send(server.url, { path: '/', headers: signedIn }).catch(() => ({ status: 0 }))).status
          if (status === 200) break
          await pause(200)
        }
        expect(status, `no recovery after outage ${cycle}`).toBe(200)
      }
    } finally {
      running = false
      await Promise.all(workers)
    }

    const summary = [...statuses].map(([key, count]) => `${key}: ${count}`).join(', ')
    expect(server.alive(), server.output().slice(-3000)).toBe(true)
    const logged = server
      .output()
      .split('\n')
      .filter((line) => /^\[(app|server)\]|^\s+at |Error/.test(line))
      .slice(0, 40)
    expect(failures, `${summary}\n${logged.join('\n')}`).toEqual([])
    expect(
      [...statuses.keys()].some((key) => key.endsWith(' 503')),
      summary,
    ).toBe(true)
    expect(
      [...statuses.keys()].some((key) => key.startsWith('upload') && key.endsWith(' 503')),
      summary,
    ).toBe(true)
    expect(
      [...statuses.keys()].some((key) => key.startsWith('upload') && key.endsWith(' 302')),
      summary,
    ).toBe(true)
  }, 180_000)
})
