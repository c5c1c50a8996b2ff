import { type RawBuilder, sql } from 'kysely'
import type { Db } from '#db/schema'

/**
 * A supervision link is current on a day when it has started and not yet ended (the end date is the
 * last day it applies). Every "supervises today" question in SQL uses this one condition.
 */
export function isCurrentLink(alias: string, today: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`)
  return sql<boolean>`(${column('starts_on')} <= ${today} and (${column('ends_on')} is null or ${column('ends_on')} >= ${today}))`
}

/** Every principal OT whose account is active: the people told when nobody else is. */
export function listActivePrincipals(db: Db) {
  return db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.name'])
    .where('r.role', '=', 'principal')
    .where('u.active', '=', true)
    .execute()
}
