import { type RawBuilder, sql } from 'kysely'

/**
 * A supervision link is current on a day when it has started and not yet ended (the end date is the
 * last day it applies). Every "supervises today" question in SQL uses this one condition.
 */
export function isCurrentLink(alias: string, today: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`)
  return sql<boolean>`(${column('starts_on')} <= ${today} and (${column('ends_on')} is null or ${column('ends_on')} >= ${today}))`
}
