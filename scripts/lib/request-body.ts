import type { IncomingMessage } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { ATTACHMENT_MAX_BYTES, ENTRY_ATTACHMENTS_MAX_BYTES } from '#app/models/evidence/file-types.rules'
import { MOODLE_CSV_MAX_BYTES } from '#app/models/frameworks/moodle-csv-reader'

const MB = 1024 * 1024

/**
 * The largest form is a CPD entry: a title, a description and four reflections of up to 10,000 characters and 30
 * capability notes of up to 500, about 65,000 characters. URL-encoded that is about 80 KB of English, and about
 * 590 KB if every character took three bytes; 1 MB leaves room above both.
 */
export const FORM_BODY_MAX_BYTES = 1 * MB

/** Room beside an upload's file for the form's other fields and the multipart framing. */
const UPLOAD_HEADROOM_BYTES = 1 * MB

export interface BodyRule {
  maxBytes: number
  /** What the refusal page says is allowed. */
  allowance: string
}

const FORM_RULE: BodyRule = {
  maxBytes: FORM_BODY_MAX_BYTES,
  allowance: `A form can send up to ${FORM_BODY_MAX_BYTES / MB} MB of text.`,
}

/**
 * Upload routes, for multipart bodies only. An attachment request carries one file of up to 10 MB, but may be
 * as large as an entry's whole allowance, so that a file a little or a lot too large is refused beside the field;
 * the multipart parser holds no more than one file's limit of it.
 */
const UPLOAD_RULES: { path: RegExp; rule: BodyRule }[] = [
  {
    path: /^\/evidence\/[^/]+(\.data)?$/,
    rule: {
      maxBytes: ENTRY_ATTACHMENTS_MAX_BYTES + UPLOAD_HEADROOM_BYTES,
      allowance: `A file can be up to ${ATTACHMENT_MAX_BYTES / MB} MB, and an entry’s files up to ${ENTRY_ATTACHMENTS_MAX_BYTES / MB} MB together.`,
    },
  },
  {
    path: /^\/admin\/frameworks(\.data)?$/,
    rule: {
      maxBytes: MOODLE_CSV_MAX_BYTES + UPLOAD_HEADROOM_BYTES,
      allowance: `A framework file can be up to ${MOODLE_CSV_MAX_BYTES / MB} MB.`,
    },
  },
]

export function bodyRuleFor(req: IncomingMessage): BodyRule {
  if (!req.headers['content-type']?.startsWith('multipart/form-data')) return FORM_RULE
  const pathname = new URL(req.url ?? '/', 'http://portal.invalid').pathname
  return UPLOAD_RULES.find((upload) => upload.path.test(pathname))?.rule ?? FORM_RULE
}

/** True when the request says (Content-Length) that its body is larger than its route accepts. */
export function declaresTooLargeBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > bodyRuleFor(req).maxBytes
}

interface BodyState {
  rule: BodyRule
  received: number
  refused: boolean
  /** The page's reader (requestBodyStream), if it started one. */
  chunks?: AsyncIterator<Buffer>
}

function stateOf(req: Request, res: Response): BodyState {
  res.locals.body ??= { rule: bodyRuleFor(req), received: 0, refused: false } satisfies BodyState
  return res.locals.body as BodyState
}

/**
 * Caps every request body by route before it is read: a declared Content-Length over the cap is refused at once;
 * a chunked body is counted as it is read (requestBodyStream) and refused when it passes the cap. Whatever a page
 * leaves unread is read and dropped after the answer, up to the same cap, so that the connection stays usable;
 * after a refusal the connection is closed once the client has had a moment to read the answer.
 */
export function limitRequestBodies(req: Request, res: Response, next: NextFunction) {
  const state = stateOf(req, res)
  res.once('finish', () => void (state.refused ? lingerThenClose(req, state) : discardRest(req, state)))
  if (declaresTooLargeBody(req)) return refuseBody(req, res)
  next()
}

/** How long, and how much more, a refused client may go on sending after its answer before the connection is closed. */
const LINGER_MS = 2_000
const LINGER_MAX_BYTES = 4 * MB

/**
 * Closing at once while the client is still sending would reset the connection, and the client could lose the
 * answer (a write error instead of the 413). So the server stops writing, reads and drops whatever still comes
 * for a moment (two seconds, or 4 MB, whichever comes first), then closes.
 */
async function lingerThenClose(req: Request, state: BodyState) {
  const socket = req.socket
  await stopReading(state)
  socket.end()
  let dropped = 0
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > LINGER_MAX_BYTES) socket.destroy()
  })
  req.resume()
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
}

async function discardRest(req: Request, state: BodyState) {
  if (req.complete || req.destroyed) return
  // The page's reader holds the stream paused ('readable' takes precedence over 'data'): let go of it first.
  await stopReading(state)
  req.on('data', (chunk: Buffer) => {
    state.received += chunk.length
    if (state.received > state.rule.maxBytes) req.socket.destroy()
  })
  req.resume()
}

async function stopReading(state: BodyState) {
  try {
    await state.chunks?.return?.()
  } catch {
    // The body had already failed (the client went away): nothing is left to read.
  }
}

export class RequestBodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes`)
    this.name = 'RequestBodyTooLargeError'
  }
}

/**
 * The body as Remix reads it, counted against the route's cap. Nothing is read until the page asks for it; past
 * the cap the stream fails, onTooLarge is called, and bodyWasRefused tells the server to answer 413.
 */
export function requestBodyStream(
  req: Request,
  res: Response,
  onTooLarge: (error: RequestBodyTooLargeError) => void,
): ReadableStream<Uint8Array> {
  const state = stateOf(req, res)
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>
  state.chunks = chunks
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next()
        if (next.done) return controller.close()
        state.received += next.value.length
        if (state.received > state.rule.maxBytes) {
          state.refused = true
          await stopReading(state)
          const error = new RequestBodyTooLargeError(state.rule.maxBytes)
          onTooLarge(error)
          return controller.error(error)
        }
        controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength))
      },
      async cancel() {
        await stopReading(state)
      },
    },
    { highWaterMark: 0 },
  )
}

export function bodyWasRefused(res: Response): boolean {
  return (res.locals.body as BodyState | undefined)?.refused ?? false
}

/** 413 with a page a person can read, pointing back to the page that sent the form. */
export function refuseBody(req: Request, res: Response) {
  const state = stateOf(req, res)
  state.refused = true
  const page = req.path.replace(/\.data$/, '')
  const back = /^\/(?!\/)[\w\-./~%]*$/.test(page) ? page : '/'
  res
    .status(413)
    .type('html')
    .send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<title>Too much to send – OT Capability Portal</title></head>' +
        '<body><main><h1>That was too much to send</h1>' +
        `<p>The page sent more than the portal accepts, so nothing was saved. ${state.rule.allowance}</p>` +
        `<p><a href="${back}">Go back to the page</a></p>` +
        '</main></body></html>',
    )
}
