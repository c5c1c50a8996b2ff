import { type RawBuilder, sql } from 'kysely'

function textArray(list: readonly string[]) {
  return sql`(array[${sql.join(list.map((t) => sql.lit(t)))}]::text[])`
}

/** One of `list`, chosen by a uniform number in [0, 1). */
export function choose(list: readonly string[], roll: RawBuilder<number> | ReturnType<typeof sql>) {
  return sql`${textArray(list)}[1 + floor(${roll} * ${sql.lit(list.length)})::int]`
}

/**
 * Deterministic "random" numbers in [0, 1), and ids, from a hash of the seed and the row's keys, so that the same
 * seed gives the same rows whatever order the database writes them in. A string part is a literal; anything
 * else (a column reference) is used as it is.
 */
export function seededSql(seed: number) {
  const key = (parts: unknown[]) =>
    sql`concat_ws(':', ${sql.lit(String(seed))}, ${sql.join(parts.map((p) => (typeof p === 'string' ? sql.lit(p) : p)))})`
  return {
    rnd: (...parts: unknown[]) =>
      sql<number>`(('x' || substr(md5(${key(parts)}), 1, 8))::bit(32)::bigint / 4294967296.0)`,
    idFrom: (...parts: unknown[]) => sql<string>`md5(${key(parts)})::uuid`,
  }
}
