import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { SESSION_COOKIE_NAME } from '#app/auth/session.server'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { type RunningServer, startServer } from '#scripts/server'
import { MARKUP, findLeak } from './fuzz'
import { type FuzzWorld, type Persona, buildFuzzWorld } from './fuzz-world'
import { withFormToken, withFormTokenPart } from './routes'
import { envFor, quiet } from './server'

// The fuzz world behind the real server (production build, PGlite in memory), and requests to it as a browser
// makes them, each answer checked: no 5xx, no stack trace, and on an HTML page no markup from the generated input.

export interface Page {
  status: number
  location: string | null
  type: string
  html: string
  /** The status of the POST itself, when its redirect was followed to this page. */
  posted?: number
}

export interface FuzzSite {
  server: RunningServer
  world: FuzzWorld
  /** The Cookie header that signs a world persona in (empty for 'anonymous'). */
  cookies: Record<Persona, string>
  cookieFor(context: AppLoadContext): string
  /** Sends a request and checks the answer; a POST's redirect is followed, with the message it left. */
  request(address: string, cookie: string, init?: RequestInit, follow?: boolean): Promise<Page>
  /** `who` is a world persona's name, or a Cookie header. */
  post(address: string, who: string, fields: Record<string, string> | FormData): Promise<Page>
  get(address: string, who: string): Promise<Page>
}

/** Starts the server (after tests/support/server's buildOnce) with the fuzz world in its database. */
export async function startFuzzSite(): Promise<FuzzSite> {
  const server = await startServer({ env: envFor('pglite://memory'), log: quiet })
  await loadFrameworkData(server.database.db, path.resolve(__dirname, '../../framework-data'))
  const world = await buildFuzzWorld(server.database)
  const cookieFor = (context: AppLoadContext) =>
    context.auth ? `${SESSION_COOKIE_NAME}=${context.auth.session.id}` : ''
  const cookies = Object.fromEntries(
    Object.entries(world.contexts).map(([persona, context]) => [persona, cookieFor(context)]),
  ) as Record<Persona, string>

  async function request(address: string, cookie: string, init: RequestInit = {}, follow = true): Promise<Page> {
    const response = await fetch(`${server.url}${address}`, {
      ...init,
      redirect: 'manual',
      headers: { Cookie: cookie, ...(init.body ? { Origin: server.url } : {}), ...(init.headers as object) },
    })
    const flash = response.headers.getSetCookie().find((c) => c.startsWith('otp_flash='))
    const page: Page = {
      status: response.status,
      location: response.headers.get('location'),
      type: response.headers.get('content-type') ?? '',
      html: await response.text(),
    }
    const what = `${init.method ?? 'GET'} ${address.slice(0, 120)}`
    if (page.status >= 500) throw new Error(`${what} answered ${page.status}`)
    const leak = findLeak(page.html)
    if (leak) throw new Error(`${what} shows internals: …${leak}…`)
    const markup = page.type.startsWith('text/html') && MARKUP.slice(0, 3).find((m) => page.html.includes(m))
    if (markup) throw new Error(`${what} shows markup unescaped: ${markup}`)
    if (page.location && init.method === 'POST' && follow) {
      const next = await request(page.location, [cookie, flash?.split(';')[0]].filter(Boolean).join('; '))
      return { ...next, posted: page.status }
    }
    return page
  }
  const cookie = (who: string) => (who in cookies ? cookies[who as Persona] : who)
  return {
    server,
    world,
    cookies,
    cookieFor,
    request,
    post: (address, who, fields) =>
      request(address, cookie(who), {
        method: 'POST',
        body: fields instanceof FormData ? withFormTokenPart(fields) : withFormToken(fields),
      }),
    get: (address, who) => request(address, cookie(who)),
  }
}
