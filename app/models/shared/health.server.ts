import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { isDatabaseUnavailable } from '#db/errors'

export type DatabaseHealth = { ok: true; roundTripMs: number } | { ok: false }

/** Whether the database answers, and how fast; a fault other than unavailability is rethrown. */
export async function checkDatabaseHealth(db: Kysely<DB>): Promise<DatabaseHealth> {
  const started = performance.now()
  try {
    await sql`select 1`.execute(db)
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { ok: false }
    throw error
  }
  return { ok: true, roundTripMs: Math.round((performance.now() - started) * 100) / 100 }
}
