import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import type { AppLucia, AuthState } from '#app/auth/session.server'
import type { Env } from '#app/lib/env.server'

declare module '@remix-run/node' {
  interface AppLoadContext {
    db: Kysely<DB>
    lucia: AppLucia
    auth: AuthState | null
    env: Env
    /** The caller's address (behind a proxy only when TRUST_PROXY is set). */
    clientAddress: string
    cspNonce: string
    /** Set by handleError when a loader or action could not reach the database: the server answers 503. */
    databaseUnavailable?: Error
  }
  interface Future {
    v3_singleFetch: true
  }
}
