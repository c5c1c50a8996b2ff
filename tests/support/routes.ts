import type { AppLoadContext } from '@remix-run/node'
import type { AppDatabase } from '#db/index'
import { createLucia } from '#app/auth/session.server'
import { parseEnv } from '#app/lib/env.server'
import { FORM_TOKEN_FIELD, newFormToken } from '#app/lib/form-token'

export const TEST_ORIGIN = 'http://portal.test'

export const testEnv = parseEnv({ NODE_ENV: 'test', FLASH_SECRET: 'test-flash-secret-that-is-long-enough-0123' })

/** The load context the server would build, with a real session row for the user (or none). */
export async function contextFor(
  database: AppDatabase,
  user: { id: string } | null,
  options: { clientAddress?: string } = {},
): Promise<AppLoadContext> {
  const lucia = createLucia(database.db, { idleMinutes: 60, absoluteHours: 12, secureCookies: false })
  let auth: AppLoadContext['auth'] = null
  if (user) {
    const created = await lucia.createSession(user.id, {})
    const validated = await lucia.validateSession(created.id)
    if (!validated.session) throw new Error('test session did not validate')
    auth = { user: validated.user, session: validated.session }
  }
  return {
    db: database.db,
    lucia,
    auth,
    env: testEnv,
    clientAddress: options.clientAddress ?? '192.0.2.10',
    cspNonce: 'test-nonce',
  }
}

export function getRequest(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`${TEST_ORIGIN}${path}`, { headers })
}

/**
 * A form POST as a page sends it. Like every page, it carries a fresh one-time form token unless the fields name
 * one; `formToken: null` in the options leaves it out altogether.
 */
export function postRequest(
  path: string,
  /** Pairs when a field repeats (checkboxes). */
  fields: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
  options: { formToken?: string | null } = {},
): Request {
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: 'POST',
    body: withFormToken(fields, options.formToken),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: TEST_ORIGIN, ...headers },
  })
}

/** The fields with a one-time form token added (a fresh one unless given; none for null) when they lack one. */
export function withFormToken(
  fields: Record<string, string> | [string, string][],
  formToken: string | null = newFormToken(),
): URLSearchParams {
  const body = new URLSearchParams(fields)
  if (formToken !== null && !body.has(FORM_TOKEN_FIELD)) body.append(FORM_TOKEN_FIELD, formToken)
  return body
}

/** A multipart form with a fresh one-time form token added when it lacks one. */
export function withFormTokenPart(form: FormData, formToken: string = newFormToken()): FormData {
  if (!form.has(FORM_TOKEN_FIELD)) form.append(FORM_TOKEN_FIELD, formToken)
  return form
}

export interface Outcome {
  status: number
  location: string | null
  headers: Headers
  data: any
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown

/** Runs a loader or action as Remix would and describes what came back, thrown or returned. */
export async function run(
  fn: RouteFunction | undefined,
  request: Request,
  context: AppLoadContext,
  params: Record<string, string> = {},
): Promise<Outcome> {
  if (!fn) throw new Error('the route has no such function')
  let result: unknown
  try {
    result = await fn({ request, params, context })
  } catch (thrown) {
    if (thrown instanceof Response) return fromResponse(thrown)
    throw thrown
  }
  return describe(result)
}

async function fromResponse(response: Response): Promise<Outcome> {
  const type = response.headers.get('Content-Type') ?? ''
  const body = await response.text()
  return {
    status: response.status,
    location: response.headers.get('Location'),
    headers: response.headers,
    data: type.includes('json') && body ? JSON.parse(body) : body,
  }
}

function describe(result: unknown): Promise<Outcome> | Outcome {
  if (result instanceof Response) return fromResponse(result)
  if (result && typeof result === 'object' && (result as { type?: unknown }).type === 'DataWithResponseInit') {
    const { data, init } = result as { data: unknown; init: ResponseInit | null }
    return { status: init?.status ?? 200, location: null, headers: new Headers(init?.headers), data }
  }
  return { status: 200, location: null, headers: new Headers(), data: result }
}
