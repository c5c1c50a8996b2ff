import { type Kysely, sql } from 'kysely'
import { migrations } from '#db/migrations/index'

/** One table of the application's schemas (everything but PostgreSQL's own) and how many rows it holds. */
export interface TableCount {
  table: string
  rows: number
}

export interface Inventory {
  tables: TableCount[]
  rows: number
  /** The migrations recorded as run, in order; empty for a database that was never migrated. */
  migrations: string[]
}

const SYSTEM_SCHEMAS = sql`('pg_catalog', 'information_schema', 'pg_toast')`

/** Tables are named `name` in public and `schema.name` elsewhere, so that the usual case reads plainly. */
async function listTables(db: Kysely<any>): Promise<{ schema: string; name: string; label: string }[]> {
  const { rows } = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ${SYSTEM_SCHEMAS}
    order by table_schema, table_name`.execute(db)
  return rows.map((row) => ({ ...row, label: row.schema === 'public' ? row.name : `${row.schema}.${row.name}` }))
}

export async function takeInventory(db: Kysely<any>): Promise<Inventory> {
  const tables: TableCount[] = []
  for (const { schema, name, label } of await listTables(db)) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema, name)}`.execute(db)
    tables.push({ table: label, rows: rows[0].n })
  }
  const migrated = tables.some((t) => t.table === 'kysely_migration')
    ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name)
    : []
  return { tables, rows: tables.reduce((sum, t) => sum + t.rows, 0), migrations: migrated }
}

/** The tables that hold rows: a database with any (migrations run count too) is not restored over without --force. */
export function occupiedTables(inventory: Inventory): TableCount[] {
  return inventory.tables.filter((t) => t.rows > 0)
}

/**
 * Where a database's migrations stand against this version of the portal: the last one run, and what the server
 * will do about the difference.
 */
export function describeMigrationLevel(run: string[], known: string[] = Object.keys(migrations)): string {
  if (run.length === 0) return 'no migrations run'
  const last = run[run.length - 1]
  const unknown = run.filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    return (
      `migrations up to ${last}, which this version of the portal does not know (${unknown.join(', ')}): ` +
      'run the version the backup came from'
    )
  }
  const pending = known.filter((name) => !run.includes(name))
  if (pending.length === 0) return `migrations up to ${last} (the latest)`
  return (
    `migrations up to ${last}; ${pending.length} newer one${pending.length === 1 ? '' : 's'} ` +
    `(${pending[pending.length - 1]}) will run when the server starts or on npm run db:migrate`
  )
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB')
}

/** The table-by-table listing printed after a restore. */
export function describeTables(inventory: Inventory): string[] {
  const width = Math.max(0, ...inventory.tables.map((t) => t.table.length))
  const digits = Math.max(0, ...inventory.tables.map((t) => formatCount(t.rows).length))
  return inventory.tables.map((t) => `  ${t.table.padEnd(width)}  ${formatCount(t.rows).padStart(digits)}`)
}

export function describeTotals(inventory: Inventory): string {
  const tables = inventory.tables.length
  return `${tables} table${tables === 1 ? '' : 's'}, ${formatCount(inventory.rows)} row${inventory.rows === 1 ? '' : 's'}`
}

/** Per table: row count and an md5 of every row's text in a fixed order; two databases with equal content agree. */
export async function tableFingerprints(db: Kysely<any>): Promise<Record<string, { rows: number; md5: string }>> {
  const result: Record<string, { rows: number; md5: string }> = {}
  for (const { schema, name, label } of await listTables(db)) {
    const { rows } = await sql<{ rows: number; md5: string }>`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5
      from ${sql.id(schema, name)} as t`.execute(db)
    result[label] = rows[0]
  }
  return result
}

/** Each sequence's last value, so that a restored database hands out the next ids the original would have. */
export async function sequenceValues(db: Kysely<any>): Promise<Record<string, string | null>> {
  const { rows } = await sql<{ name: string; value: string | null }>`
    select schemaname || '.' || sequencename as name, last_value::text as value from pg_sequences
    where schemaname not in ${SYSTEM_SCHEMAS} order by 1`.execute(db)
  return Object.fromEntries(rows.map((row) => [row.name, row.value]))
}
