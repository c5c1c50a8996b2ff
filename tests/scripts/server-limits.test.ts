import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite } from '#db/index'
import { migrateToLatest } from '#db/migrate'
import { buildIfStale } from '#scripts/lib/build'
import { TEST_PASSWORD, makeUser } from '#tests/support/builders'
import { type ServerProcess, startServerProcess } from '#scripts/lib/server-process'

const root = path.resolve(__dirname, '../..')
const MB = 1024 * 1024

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  /** Bytes of the request body written before the answer came (or the connection closed). */
  sent: number
}

/**
 * Sends a body made by `piece(i)` for i = 0..count-1, with Content-Length unless `chunked`, honouring
 * back-pressure and stopping as soon as the server answers, as a browser stops an upload it was refused.
 */
function post(
  base: string,
  options: {
    path: string
    headers: Record<string, string>
    pieces: { count: number; piece: (i: number) => Buffer }
    chunked?: boolean
  },
): Promise<Answer> {
  const { count, piece } = options.pieces
  let length = 0
  if (!options.chunked) for (let i = 0; i < count; i++) length += piece(i).length
  return new Promise((resolve, reject) => {
    let sent = 0
    let answered = false
    const request = http.request(
      new URL(options.path, base),
      {
        method: 'POST',
        headers: { ...options.headers, ...(options.chunked ? {} : { 'Content-Length': String(length) }) },
      },
      (response) => {
        answered = true
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => {
          resolve({ status: response.statusCode!, headers: response.headers, body, sent })
          request.destroy()
        })
      },
    )
    request.on('error', (error) => {
      if (!answered) reject(Object.assign(error, { sent }))
    })
    void (async () => {
      for (let i = 0; i < count && !answered && !request.destroyed; i++) {
        const chunk = piece(i)
        sent += chunk.length
        if (!request.write(chunk)) {
          await new Promise<void>((resolve) => {
            request.once('drain', resolve)
            request.once('close', resolve)
          })
        }
      }
      if (!answered && !request.destroyed) request.end()
    })()
  })
}

/**
 * A client that sends a chunked body and goes on sending whatever the answer, until the server closes the
 * connection: what a careless or hostile client does.
 */
function sendRegardless(
  base: string,
  options: { path: string; headers: Record<string, string>; pieces: { count: number; piece: (i: number) => Buffer } },
): Promise<{ status: number; closedAfter: number }> {
  const url = new URL(base)
  return new Promise((resolve) => {
    let answer = ''
    let sent = 0
    let closed = false
    const socket = net.connect(Number(url.port), url.hostname)
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      closed = true
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), closedAfter: sent })
    })
    const head = Object.entries({ ...options.headers, Host: url.host, 'Transfer-Encoding': 'chunked' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')
    socket.write(`POST ${options.path} HTTP/1.1\r\n${head}\r\n`)
    void (async () => {
      for (let i = 0; i < options.pieces.count && !closed; i++) {
        const piece = options.pieces.piece(i)
        sent += piece.length
        const flushed = socket.write(
          Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]),
        )
        if (!flushed) await new Promise((resolve) => (socket.once('drain', resolve), socket.once('close', resolve)))
      }
      if (!closed) socket.end('0\r\n\r\n')
    })()
  })
}

/** Forgets the process's peak memory so far (Linux), so that the next peak is the attack's own. */
function resetPeak(server: ServerProcess) {
  fs.writeFileSync(`/proc/${server.child.pid}/clear_refs`, '5')
}

const figures: string[] = []

async function measure(server: ServerProcess, label: string, attack: () => Promise<Answer>) {
  await new Promise((resolve) => setTimeout(resolve, 500))
  resetPeak(server)
  const before = server.memory()
  const result = await attack()
  await new Promise((resolve) => setTimeout(resolve, 500))
  const after = server.memory()
  figures.push(
    `${label}: ${result.status} after ${Math.round(result.sent / MB)} MB sent; RSS ${before.rssMb} MB before, ` +
      `peak ${after.peakRssMb} MB (+${after.peakRssMb - before.rssMb}), ${after.rssMb} MB after`,
  )
  return { result, growthMb: after.peakRssMb - before.rssMb }
}

beforeAll(() => buildIfStale(root, () => {}), 180_000)

describe('request bodies', () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'otp-limits-')), 'pglite')
  let server: ServerProcess
  let cookie: string
  let entryPath: string
  let email: string

  beforeAll(async () => {
    const database = await openPglite({ dataDir })
    try {
      await migrateToLatest(database.db)
      email = (await makeUser(database.db, { password: TEST_PASSWORD, jobRoleCode: null })).email
    } finally {
      await database.close()
    }
    server = await startServerProcess({ DATABASE_URL: `pglite://${dataDir}` })
    const signIn = await post(server.url, {
      path: '/login',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      pieces: {
        count: 1,
        piece: () => Buffer.from(new URLSearchParams({ email, password: TEST_PASSWORD }).toString()),
      },
    })
    expect(signIn.status).toBe(302)
    cookie = String(signIn.headers['set-cookie']![0]).split(';')[0]
    const created = await post(server.url, {
      path: '/evidence/new',
      headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      pieces: { count: 1, piece: () => Buffer.from(`title=Body+limits&intent=draft&formToken=${randomUUID()}`) },
    })
    expect(created.status).toBe(302)
    entryPath = created.headers.location!
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true })
    if (figures.length) console.log(`Server memory under oversized bodies:\n  ${figures.join('\n  ')}`)
  })

  const login = () => ({ Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' })
  const megabyteOfX = Buffer.alloc(MB, 'x')
  const hugeLogin = (i: number) => (i === 0 ? Buffer.from(`email=${encodeURIComponent(email)}&password=`) : megabyteOfX)

  it('refuses an anonymous 100 MB form post to /login with 413 and a readable page, without reading it', async () => {
    const { result, growthMb } = await measure(server, '100 MB form to /login (Content-Length)', () =>
      post(server.url, { path: '/login', headers: login(), pieces: { count: 101, piece: hugeLogin } }),
    )
    expect(result.status).toBe(413)
    expect(result.headers['content-type']).toMatch(/^text\/html/)
    expect(result.body).toContain('more than the portal accepts')
    expect(result.body).toContain('href="/login"')
    expect(growthMb).toBeLessThan(60)
  }, 120_000)

  it('cuts off the same post sent chunked, once it passes the limit', async () => {
    const { result, growthMb } = await measure(server, '100 MB form to /login (chunked)', () =>
      post(server.url, { path: '/login', headers: login(), pieces: { count: 101, piece: hugeLogin }, chunked: true }),
    )
    expect(result.status).toBe(413)
    expect(result.body).toContain('more than the portal accepts')
    expect(result.sent).toBeLessThan(20 * MB)
    expect(growthMb).toBeLessThan(60)
  }, 120_000)

  const boundary = '----limits-boundary-3f9a'
  const nineMegabytes = Buffer.alloc(9 * MB, 'a')
  /** 60 files of 9 MB each (540 MB), each under the 10 MB a file may have. */
  const sixtyParts = (i: number) => {
    if (i === 120) return Buffer.from(`\r\n--${boundary}--\r\n`)
    if (i % 2 === 1) return nineMegabytes
    return Buffer.from(
      `${i ? '\r\n' : ''}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="part${i / 2}.txt"\r\n` +
        'Content-Type: text/plain\r\n\r\n',
    )
  }
  const upload = () => ({
    Origin: server.url,
    Cookie: cookie,
    'Content-Type': `multipart/form-data; boundary=${boundary}`,
  })

  it('refuses a 540 MB upload of 60 parts of 9 MB with 413, without reading it', async () => {
    const { result, growthMb } = await measure(server, '540 MB multipart to an entry (Content-Length)', () =>
      post(server.url, { path: entryPath, headers: upload(), pieces: { count: 121, piece: sixtyParts } }),
    )
    expect(result.status).toBe(413)
    expect(result.body).toContain('up to 10 MB')
    expect(growthMb).toBeLessThan(60)
  }, 180_000)

  it('stops reading the same upload sent chunked, holding no more than a file or two of it', async () => {
    const { result, growthMb } = await measure(server, '540 MB multipart to an entry (chunked)', () =>
      post(server.url, {
        path: entryPath,
        headers: upload(),
        pieces: { count: 121, piece: sixtyParts },
        chunked: true,
      }),
    )
    // The second file is refused beside the field (one file at a time) or the body passes the upload limit.
    expect([400, 413]).toContain(result.status)
    expect(result.sent).toBeLessThan(100 * MB)
    expect(growthMb).toBeLessThan(100)
  }, 180_000)

  it('closes the connection of a client that goes on sending after the answer, once past the upload limit', async () => {
    const result = await sendRegardless(server.url, {
      path: entryPath,
      headers: upload(),
      pieces: { count: 121, piece: sixtyParts },
    })
    expect([400, 413]).toContain(result.status)
    figures.push(
      `a client that goes on sending: ${result.status}, connection closed after ${Math.round(result.closedAfter! / MB)} MB`,
    )
    expect(result.closedAfter).toBeLessThan(100 * MB)
    const form = await sendRegardless(server.url, {
      path: '/login',
      headers: login(),
      pieces: { count: 101, piece: hugeLogin },
    })
    figures.push(
      `a form sender that goes on: ${form.status}, connection closed after ${Math.round(form.closedAfter / MB)} MB`,
    )
    expect(form.status).toBe(413)
    // The 1 MB form limit, the 4 MB the server drops after its answer, and what the two sockets buffer.
    expect(form.closedAfter).toBeLessThan(20 * MB)
  }, 180_000)

  it('refuses a client that asks first (Expect: 100-continue) before it sends anything', async () => {
    const outcome = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false
      const request = http.request(new URL('/login', server.url), {
        method: 'POST',
        headers: { ...login(), 'Content-Length': String(100 * MB), Expect: '100-continue' },
      })
      request.on('continue', () => (continued = true))
      request.on('response', (response) => {
        response.resume()
        resolve({ status: response.statusCode!, continued })
        request.destroy()
      })
      request.on('error', reject)
      request.flushHeaders()
    })
    expect(outcome).toEqual({ status: 413, continued: false })
  })

  it('takes the largest form a page can legitimately send', async () => {
    // Every text field of a CPD entry at its longest, in characters that take three bytes (nine URL-encoded).
    const long = '’'.repeat(10_000)
    const fields = new URLSearchParams({
      intent: 'draft',
      title: '’'.repeat(200),
      description: long,
      reflectionWhat: long,
      reflectionLearned: long,
      reflectionPractice: long,
      reflectionBenefit: long,
    })
    for (let i = 0; i < 30; i++) fields.append(`map.${i}.note`, '’'.repeat(500))
    const body = Buffer.from(fields.toString())
    expect(body.length).toBeGreaterThan(500_000)
    const outcome = await post(server.url, {
      path: '/evidence/new',
      headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      pieces: { count: 1, piece: () => body },
    })
    expect(outcome.status).not.toBe(413)
    expect([302, 400]).toContain(outcome.status)
  }, 60_000)

  it('still takes an ordinary form and an ordinary upload', async () => {
    const form = await post(server.url, {
      path: '/login',
      headers: login(),
      pieces: { count: 1, piece: () => Buffer.from(`email=${encodeURIComponent(email)}&password=wrong`) },
    })
    expect(form.status).toBe(400)
    const file = await post(server.url, {
      path: entryPath,
      headers: upload(),
      pieces: {
        count: 1,
        piece: () =>
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="formToken"\r\n\r\n${randomUUID()}\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\n\r\n` +
              `Notes from the seating clinic.\r\n--${boundary}--\r\n`,
          ),
      },
    })
    expect(file.status).toBe(302)
    expect(server.alive()).toBe(true)
  }, 60_000)
})

describe('slow clients', () => {
  let server: ServerProcess

  beforeAll(async () => {
    server = await startServerProcess({
      DATABASE_URL: 'pglite://memory',
      HEADERS_TIMEOUT_SECONDS: '2',
      REQUEST_TIMEOUT_SECONDS: '4',
      KEEP_ALIVE_TIMEOUT_SECONDS: '3',
    })
  }, 120_000)
  afterAll(() => server?.stop())

  /** Opens a connection, writes `start`, then `drip` every interval until the server closes it. */
  function trickle(start: string, drip: string, intervalMs: number) {
    const url = new URL(server.url)
    return new Promise<{ closedAfterMs: number; answer: string }>((resolve) => {
      const opened = Date.now()
      let answer = ''
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write(start))
      const timer = setInterval(() => socket.writable && socket.write(drip), intervalMs)
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
      socket.on('error', () => {})
      socket.on('close', () => {
        clearInterval(timer)
        resolve({ closedAfterMs: Date.now() - opened, answer })
      })
      setTimeout(() => socket.destroy(), 20_000).unref()
    })
  }

  it('cuts off a client that sends its headers slowly (slowloris)', async () => {
    const { closedAfterMs, answer } = await trickle(
      `GET /login HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n`,
      'X-Slow: 1\r\n',
      300,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    expect(closedAfterMs).toBeGreaterThanOrEqual(1_900)
    expect(closedAfterMs).toBeLessThan(6_000)
  }, 30_000)

  it('cuts off a request whose body takes longer than the request timeout', async () => {
    const host = new URL(server.url).host
    const { closedAfterMs, answer } = await trickle(
      `POST /login HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${server.url}\r\n` +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nemail=',
      'x',
      300,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    expect(closedAfterMs).toBeGreaterThanOrEqual(3_900)
    expect(closedAfterMs).toBeLessThan(8_000)
  }, 30_000)

  it('keeps an idle connection open for the keep-alive timeout, and says so', async () => {
    const host = new URL(server.url).host
    const { closedAfterMs, answer } = await trickle(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`, '', 60_000)
    expect(answer).toMatch(/^HTTP\/1\.1 200/)
    expect(answer).toMatch(/keep-alive: timeout=3/i)
    expect(closedAfterMs).toBeGreaterThanOrEqual(2_900)
    expect(closedAfterMs).toBeLessThan(6_000)
  }, 30_000)
})
