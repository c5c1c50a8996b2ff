import { randomUUID } from 'node:crypto'
import { PassThrough } from 'node:stream'
import {
  type AppLoadContext,
  type EntryContext,
  type HandleErrorFunction,
  createReadableStreamFromReadable,
} from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { isDatabaseUnavailable } from '#db/errors'
import { NonceProvider } from '#app/lib/nonce'

const ABORT_DELAY = 5_000

/** Logs with a reference a user can quote; stack traces stay in the log, never in a page. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  const reference = randomUUID().slice(0, 8)
  const where = `${request.method} ${new URL(request.url).pathname}`
  console.error(`[app] error ${reference} on ${where}:`, error)
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  const errors = Object.values(remixContext.staticHandlerContext.errors ?? {})
  // A database outage is a temporary unavailability, not a fault in the page.
  const status = errors.some(isDatabaseUnavailable) ? 503 : responseStatusCode
  const callbackName = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [callbackName]() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          if (shellRendered) console.error('[app] render error:', error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
