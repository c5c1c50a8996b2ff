import { type AppLoadContext, type createRequestHandler, writeReadableStreamToWritable } from '@remix-run/node'
import type { NextFunction, Request, Response } from 'express'
import { bodyWasRefused, refuseBody, requestBodyStream } from './request-body'

export type RemixHandler = ReturnType<typeof createRequestHandler>

/**
 * Serves Remix from express as @remix-run/express does, except that:
 * - a page, form or download whose loader or action could not reach the database is passed to the server's error
 *   handler (which answers 503) instead of going out as Remix's 500; the app's handleError records such an error
 *   on the load context;
 * - the body is read through the route's size cap (request-body.ts): past it the request is aborted and answered
 *   413, whatever the page made of the cut-off body.
 */
export function remixRequestHandler(options: {
  /** The handler for the current build (development replaces it on each rebuild). */
  handler: () => RemixHandler
  getLoadContext: (req: Request, res: Response) => Promise<AppLoadContext>
}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = fetchRequestFrom(req, res)
      const context = await options.getLoadContext(req, res)
      const response = await options.handler()(request, context)
      if (bodyWasRefused(res)) {
        await response.body?.cancel()
        return refuseBody(req, res)
      }
      if (context.databaseUnavailable && response.status >= 500) {
        await response.body?.cancel()
        return next(context.databaseUnavailable)
      }
      await sendResponse(res, response)
    } catch (error) {
      if (bodyWasRefused(res) && !res.headersSent) return refuseBody(req, res)
      next(error)
    }
  }
}

/** The request as Remix sees it; the same URL, headers and abort signal as @remix-run/express gives. */
function fetchRequestFrom(req: Request, res: Response): globalThis.Request {
  // req.hostname respects "trust proxy" but has no port: take that from X-Forwarded-Host or Host.
  const port = [req.get('X-Forwarded-Host'), req.get('host')]
    .map((host) => Number.parseInt(host?.split(':')[1] ?? '', 10))
    .find(Number.isSafeInteger)
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  const headers = new Headers()
  for (const [name, values] of Object.entries(req.headers)) {
    for (const value of Array.isArray(values) ? values : values ? [values] : []) headers.append(name, value)
  }
  // Loaders and actions stop once the response can no longer be sent ("close" before "finish").
  const controller = new AbortController()
  const abort = () => controller.abort()
  res.on('close', abort)
  res.on('finish', () => res.off('close', abort))
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const body = hasBody ? requestBodyStream(req, res, (error) => controller.abort(error)) : undefined
  return new Request(url.href, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(body ? { body, duplex: 'half' } : {}),
  } as RequestInit)
}

async function sendResponse(res: Response, response: globalThis.Response): Promise<void> {
  const { status, statusText, headers, body } = response
  res.statusMessage = statusText
  res.status(status)
  for (const [name, value] of headers.entries()) res.append(name, value)
  if (headers.get('Content-Type')?.match(/text\/event-stream/i)) res.flushHeaders()
  if (body) await writeReadableStreamToWritable(body, res)
  else res.end()
}
