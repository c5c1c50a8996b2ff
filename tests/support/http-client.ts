import { randomUUID } from 'node:crypto'
import http from 'node:http'

export interface Answer {
  status: number
  body: string
  headers: http.IncomingHttpHeaders
}

export interface SendOptions {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: Buffer[]
  /** Pause between the pieces of the body, as a slow upload arrives. */
  pauseMs?: number
  /** Awaited after every piece but the last has gone: the request is in flight, its body unfinished. */
  beforeLastPiece?: () => Promise<void>
}

/**
 * One request over node:http, so that a connection the server drops is told apart from an answer. The body
 * may be sent in pieces with a pause between them, as a slow upload arrives.
 */
export function send(base: string, options: SendOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const pieces = options.body ?? []
    const length = pieces.reduce((sum, piece) => sum + piece.length, 0)
    let answered = false
    const request = http.request(
      new URL(options.path, base),
      {
        method: options.method ?? 'GET',
        headers: { ...(pieces.length ? { 'Content-Length': String(length) } : {}), ...options.headers },
      },
      (response) => {
        answered = true
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => {
          resolve({ status: response.statusCode!, body, headers: response.headers })
          if (!request.writableFinished) request.destroy()
        })
        response.on('error', reject)
      },
    )
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    void (async () => {
      for (const [index, piece] of pieces.entries()) {
        if (index === pieces.length - 1 && options.beforeLastPiece) await options.beforeLastPiece()
        if (answered || request.destroyed) return
        request.write(piece)
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs))
      }
      if (!request.destroyed) request.end()
    })().catch((error: unknown) => {
      request.destroy()
      reject(error as Error)
    })
  })
}

/**
 * A multipart/form-data body with the given fields and one plain-text file in the field "file". Like the page's
 * upload form it carries a fresh one-time form token unless the fields name one.
 */
export function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----portal${Math.random().toString(16).slice(2)}`
  const head = Object.entries({ formToken: randomUUID(), ...fields })
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('')
  const body = Buffer.concat([
    Buffer.from(
      `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        'Content-Type: text/plain\r\n\r\n',
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

/** Splits a buffer into n pieces, for a body sent slowly. */
export function pieces(buffer: Buffer, n: number): Buffer[] {
  const size = Math.ceil(buffer.length / n)
  return Array.from({ length: n }, (_, i) => buffer.subarray(i * size, (i + 1) * size)).filter((p) => p.length)
}

/** Polls a condition until it holds, or fails after the deadline with what it last saw. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value) return value
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
