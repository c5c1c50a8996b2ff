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

/**
 * Logs with a reference a user can quote; stack traces stay in the log, never in a page. A database that cannot
 * be reached is not a fault in the page: it is noted on the load context, and the server answers 503 (and logs
 * it once) instead of sending Remix's 500.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (isDatabaseUnavailable(error)) {
    context.databaseUnavailable = error as Error
    return
  }
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
  // The server answers 503 in place of this page: nothing to render.
  if (loadContext.databaseUnavailable) return new Response(null, { status: 503 })
  const nonce = loadContext.cspNonce
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
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
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
