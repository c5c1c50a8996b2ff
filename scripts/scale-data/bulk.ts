import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB } from '#db/schema'

type Writer = Kysely<DB> | Transaction<DB>

/**
 * Rows as one JSON array literal. A value already serialised as JSON (a revision's content) is passed as `raw` so
 * that it is written into the array as it is, not quoted a second time.
 */
export function jsonRows<T extends object>(rows: readonly T[], raw?: keyof T & string): string {
  const parts: string[] = []
  for (const row of rows) {
    if (!raw) {
      parts.push(JSON.stringify(row))
      continue
    }
    const { [raw]: rawValue, ...rest } = row as Record<string, unknown>
    const head = JSON.stringify(rest)
    parts.push(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(raw)}:${String(rawValue)}}`)
  }
  return `[${parts.join(',')}]`
}

/**
 * Inserts many rows in one statement with one parameter: PostgreSQL spreads the JSON array over the table's
 * columns. Far cheaper than thousands of bound parameters, and the same on PostgreSQL and the embedded database.
 */
export async function insertJson(db: Writer, table: keyof DB, columns: readonly string[], json: string) {
  const list = sql.join(columns.map((column) => sql.id(column)))
  await sql`insert into ${sql.table(table)} (${list})
    select ${list} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(db)
}

/**
 * Runs the jobs with at most `limit` in flight, in the order given; a failed job fails the whole run once the
 * others in flight have settled.
 */
export function createInFlight(limit: number) {
  const running = new Set<Promise<void>>()
  let failure: Error | null = null
  return {
    async add(job: () => Promise<void>): Promise<void> {
      while (running.size >= limit) await Promise.race(running)
      if (failure) throw failure
      const promise: Promise<void> = job()
        .catch((error: unknown) => {
          failure ??= error instanceof Error ? error : new Error(String(error))
        })
        .finally(() => running.delete(promise))
      running.add(promise)
    },
    async drain(): Promise<void> {
      await Promise.all(running)
      if (failure) throw failure
    },
  }
}
