import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import url from 'node:url'
import { type ServerBuild, broadcastDevReady, createRequestHandler, installGlobals } from '@remix-run/node'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import helmet from 'helmet'
import { configurePasswordHashing } from '#app/lib/password.server'
import { validateRequestSession, createLucia } from '#app/auth/session.server'
import { purgeSignInRecords } from '#app/auth/sign-in-records.server'
import { type Env, getEnv } from '#app/lib/env.server'
import { formTokensExpireBefore, purgeFormSubmissions } from '#app/models/shared/form-submission.server'
import { syncJobRoles } from '#app/models/people/job-roles.server'
import { type AppDatabase, createDatabase, isDatabaseUnavailable } from '#db/index'
import { migrateToLatest } from '#db/migrate'
import { seedDemo } from '#scripts/demo/seed'
import { type RemixHandler, remixRequestHandler } from '#scripts/lib/remix-handler'
import { declaresTooLargeBody, limitRequestBodies } from '#scripts/lib/request-body'
import { deliverDueMessages, jsonLineLogger, senderFromEnv } from '#app/models/outbox/delivery.server'

import { startBackgroundJob } from '#scripts/lib/background'
import { startSnapshots } from '#scripts/lib/snapshot-job'
import { isScriptRun, projectRoot } from '#scripts/lib/root'

installGlobals({ nativeFetch: true })

const ROOT = projectRoot()
const BUILD_PATH = path.join(ROOT, 'build', 'server', 'index.js')

export interface RunningServer {
  url: string
  database: AppDatabase
  seeded: boolean
  close(): Promise<void>
}

export interface StartOptions {
  env?: Env
  /** Fill an empty database with the demo service (first run of `npm start`); unset, SEED_DEMO_IF_EMPTY decides. */
  seedIfEmpty?: boolean
  log?: (line: string) => void
  /** How often expired sessions and old sign-in attempts are removed (hourly unless a test says otherwise). */
  purgeEveryMs?: number
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? getEnv()
  const log = options.log ?? ((line: string) => console.log(line))
  const database = await createDatabase(env.DATABASE_URL)
  let seeded = false
  try {
    await migrateToLatest(database.db, (line) => log(`[db] ${line}`))
    await syncJobRoles(database.db)
    if (options.seedIfEmpty ?? env.SEED_DEMO_IF_EMPTY) {
      seeded = await seedDemo(database.db, { onlyIfEmpty: true, password: process.env.DEMO_PASSWORD || undefined })
    }
  } catch (error) {
    await database.close()
    throw error
  }

  configurePasswordHashing({ concurrency: env.PASSWORD_HASH_CONCURRENCY, maxQueued: env.PASSWORD_HASH_QUEUE })
  const lucia = createLucia(database.db, {
    idleMinutes: env.SESSION_IDLE_MINUTES,
    absoluteHours: env.SESSION_ABSOLUTE_HOURS,
    secureCookies: env.COOKIE_SECURE,
  })
  const purge = startPurging(database, env, options.purgeEveryMs ?? 60 * 60_000, log)
  const delivery = startDelivering(database, env, log)
  const snapshots = startSnapshots(database, env, log)
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', env.TRUST_PROXY)
  app.use(preferGzip)
  app.use(compression())
  app.use(securityHeaders(env))
  app.use(limitRequestBodies)
  app.use('/assets', express.static(path.join(ROOT, 'build', 'client', 'assets'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(path.join(ROOT, 'build', 'client'), { maxAge: '1h', index: false }))
  app.use(refuseCrossOrigin)
  app.use(refuseNonFormBodies)

  const build = await importBuild()
  const getLoadContext = async (req: Request, res: Response) => {
    const cookieHeader = req.headers.cookie
    const { auth, setCookie } = await validateRequestSession(lucia, cookieHeader)
    keepOutOfCaches(res, auth !== null, lucia.sessionCookieName)
    // Without a session nothing above touched the database; make sure it answers before Remix runs.
    if (!cookieHeader?.includes(lucia.sessionCookieName)) await database.ping()
    if (setCookie) res.append('Set-Cookie', setCookie)
    return {
      db: database.db,
      lucia,
      auth,
      env,
      clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      cspNonce: res.locals.cspNonce as string,
    }
  }
  let handler = createRequestHandler(build, env.NODE_ENV)
  if (env.NODE_ENV === 'development') reloadOnRebuild((rebuilt) => (handler = rebuilt))
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler catches every error itself and passes it to next()
  app.all('*', remixRequestHandler({ handler: () => handler, getLoadContext }))
  app.use(unavailableHandler)

  // Headers within 20 s, so a client dripping them (slowloris) cannot hold a connection; a whole request within
  // 10 min, room for a 50 MB upload below 1 Mbit/s; idle connections kept 65 s, above a load balancer's usual 60 s,
  // so that it never reuses a connection the server is closing. (HEADERS_/REQUEST_/KEEP_ALIVE_TIMEOUT_SECONDS)
  const server = createServer(
    {
      headersTimeout: env.HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeout: env.REQUEST_TIMEOUT_SECONDS * 1000,
      connectionsCheckingInterval: Math.min(5_000, (env.HEADERS_TIMEOUT_SECONDS * 1000) / 2),
    },
    app,
  )
  server.keepAliveTimeout = env.KEEP_ALIVE_TIMEOUT_SECONDS * 1000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(env.PORT, env.HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // A client that asks before sending a body (Expect: 100-continue) is refused before it sends one too large.
  server.on('checkContinue', (req, res) => {
    if (!declaresTooLargeBody(req)) res.writeContinue()
    server.emit('request', req, res)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  const hostForUrl = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST
  if (env.NODE_ENV === 'development') await broadcastDevReady(build)

  let closing: Promise<void> | undefined
  return {
    url: `http://${hostForUrl}:${port}`,
    database,
    seeded,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
        .then(() => Promise.all([purge.stop(), delivery.stop(), snapshots.stop()]))
        .then(() => database.close())
      return closing
    },
  }
}

function securityHeaders(env: Env) {
  const dev = env.NODE_ENV === 'development'
  const helmetMiddleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        // Radix Themes and Recharts position elements with style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: dev ? ["'self'", 'ws:'] : ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Only a request that reached us over TLS (directly or through a trusted proxy) gets HSTS.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  })
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    helmetMiddleware(req, res, next)
  }
}

/** Removes expired sessions, old sign-in attempts and old form tokens, so that no such table grows without end. */
function startPurging(database: AppDatabase, env: Env, everyMs: number, log: (line: string) => void) {
  return startBackgroundJob('purge', everyMs, async () => {
    const removed = await purgeSignInRecords(database.db, {
      absoluteHours: env.SESSION_ABSOLUTE_HOURS,
      lockMinutes: env.LOGIN_LOCK_MINUTES,
    })
    if (removed.sessions > 0 || removed.attempts > 0) {
      log(`[purge] removed ${removed.sessions} ended sessions and ${removed.attempts} old sign-in attempts`)
    }
    if (removed.ssoRequests > 0) log(`[purge] removed ${removed.ssoRequests} unfinished single sign-ons`)
    const tokens = await purgeFormSubmissions(database.db, formTokensExpireBefore())
    if (tokens > 0) log(`[purge] removed ${tokens} old form tokens`)
  })
}

/**
 * Delivers the outbox from the server itself, so that "your supervisor has been told" is true without a cron job.
 * Claims use SKIP LOCKED with a lease, so several instances (and `npm run reminders`) never send a message twice.
 * While the database is unreachable a run fails quietly and the next one tries again.
 */
function startDelivering(database: AppDatabase, env: Env, log: (line: string) => void) {
  if (env.OUTBOX_DELIVERY_SECONDS === 0) return { runSoon: () => {}, stop: () => Promise.resolve() }
  const sender = senderFromEnv(env)
  return startBackgroundJob(
    'outbox',
    env.OUTBOX_DELIVERY_SECONDS * 1000,
    async () => {
      const report = await deliverDueMessages(database.db, {
        sender,
        logger: jsonLineLogger,
        batchSize: env.REMINDER_BATCH_SIZE,
      })
      const done = report.sent + report.logged + report.retrying + report.failed
      if (done > 0)
        log(
          `[outbox] sent ${report.sent}, logged ${report.logged}, retrying ${report.retrying}, failed ${report.failed}`,
        )
    },
    (error, message) => (isDatabaseUnavailable(error) ? log(message) : console.error(message)),
  )
}

const PRIVATE_RESPONSE = 'private, no-store'

/**
 * Nothing sent to a signed-in person (pages, single-fetch data, downloads, redirects, error pages) may stay in a
 * shared computer's cache after they sign out, nor in a proxy's; nor may a response that starts or ends a session.
 * The header is set as the headers go out, so that nothing a route sets can replace it. Static files never get
 * here and stay cacheable.
 */
function keepOutOfCaches(res: Response, signedIn: boolean, sessionCookieName: string) {
  const writeHead = res.writeHead
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (signedIn || setsCookie(this, sessionCookieName)) this.setHeader('Cache-Control', PRIVATE_RESPONSE)
    return (writeHead as (...args: unknown[]) => Response).apply(this, args)
  } as Response['writeHead']
}

function setsCookie(res: Response, name: string): boolean {
  const cookies = res.getHeader('Set-Cookie')
  const list = Array.isArray(cookies) ? cookies : typeof cookies === 'string' ? [cookies] : []
  return list.some((cookie) => cookie.startsWith(`${name}=`))
}

/**
 * Brotli costs 6–12 ms of CPU per page against gzip's ~1 ms (measured with npm run bench), and CPU is what
 * limits a two-core server; pages are small, so gzip's slightly larger output is the better trade.
 */
function preferGzip(req: Request, _res: Response, next: NextFunction) {
  const accepted = req.headers['accept-encoding']
  if (accepted?.includes('br')) {
    req.headers['accept-encoding'] = accepted
      .split(',')
      .filter((encoding) => encoding.trim().split(';')[0] !== 'br')
      .join(',')
  }
  next()
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * With SameSite=Lax cookies and no state change on GET, refusing writes whose Origin is not this
 * site is what stands in for CSRF tokens.
 */
function refuseCrossOrigin(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next()
  const origin = req.get('origin')
  const host = req.get('x-forwarded-host') && req.app.get('trust proxy') ? req.get('x-forwarded-host') : req.get('host')
  let sameOrigin = false
  try {
    sameOrigin = Boolean(origin && host && new URL(origin).host === host)
  } catch {
    sameOrigin = false
  }
  if (sameOrigin) return next()
  res.status(403).type('text/plain').send('This request came from another site and was refused.')
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

/**
 * Every action reads a form, and the portal's pages send nothing else (Remix's client posts the same form
 * encodings to the page's .data address). Anything else would make the action's request.formData() throw,
 * so it is refused here, before a route reads the body.
 */
function refuseNonFormBodies(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next()
  const contentType = req.get('content-type') ?? ''
  const type = contentType.split(';')[0].trim().toLowerCase()
  if (!FORM_TYPES.has(type)) {
    res
      .status(415)
      .type('text/plain')
      .send('This address takes only forms (application/x-www-form-urlencoded or multipart/form-data).')
    return
  }
  if (type === 'multipart/form-data' && !/;\s*boundary=/i.test(contentType)) {
    res.status(400).type('text/plain').send('The form could not be read: its multipart boundary is missing.')
    return
  }
  next()
}

function unavailableHandler(error: unknown, req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return next(error)
  if (isDatabaseUnavailable(error)) {
    console.error('[db] unavailable:', (error as Error).message)
    // A save cut off this way is rolled back whole, unless the database went away while confirming it: so the
    // person is asked to look before sending it again, rather than told it failed.
    const saving = req.method !== 'GET' && req.method !== 'HEAD'
    const advice = saving
      ? 'What you just sent may not have been saved. Nothing you saved before has been lost. ' +
        'In a minute, check whether your change is there before you try again.'
      : 'Nothing you saved has been lost. Please try again in a minute.'
    res
      .status(503)
      .set('Retry-After', '30')
      .type('html')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>' +
          '<body><main><h1>The portal is unavailable for a moment</h1>' +
          `<p>We cannot reach the database. ${advice}</p>` +
          '</main></body></html>',
      )
    return
  }
  console.error('[server] unexpected error:', error)
  res.status(500).type('text/plain').send('Something went wrong on our side.')
}

async function importBuild(): Promise<ServerBuild> {
  if (!fs.existsSync(BUILD_PATH)) {
    throw new Error(`No build at ${BUILD_PATH}. Run "npm run build" first (npm start does this for you).`)
  }
  const stat = fs.statSync(BUILD_PATH)
  return import(`${url.pathToFileURL(BUILD_PATH).href}?t=${stat.mtimeMs}`)
}

/** In development the server keeps running and picks up each rebuild (remix dev --manual). */
function reloadOnRebuild(use: (handler: RemixHandler) => void) {
  const versionFile = path.join(ROOT, 'build', 'server', 'version.txt')
  const reload = async () => {
    const build = await importBuild()
    use(createRequestHandler(build, 'development'))
    await broadcastDevReady(build)
  }
  fs.watchFile(versionFile, { interval: 200 }, () => void reload().catch((error) => console.error(error)))
}

/** Stops cleanly on SIGTERM/SIGINT: no new connections, the database closed (and its lock released). */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    console.log(`[server] ${signal}: shutting down`)
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

if (isScriptRun('server')) {
  try {
    const server = await startServer()
    closeOnSignals(server)
    console.log(`[server] listening on ${server.url} (${server.database.kind}: ${server.database.location})`)
  } catch (error) {
    console.error(`[server] could not start: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
