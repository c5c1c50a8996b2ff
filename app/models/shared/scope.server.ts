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

/**
 * The person (`alias` names app_user) should have a supervisor today and has none: an active member of staff,
 * not the principal OT (who leads the service), with no current supervision link. The administrators' list,
 * home and the workforce dashboard all count by this one condition.
 */
export function lacksSupervisor(alias: string, today: string): RawBuilder<boolean> {
  const id = sql.ref(`${alias}.id`)
  return sql<boolean>`(${sql.ref(`${alias}.active`)}
    and exists (select 1 from user_role sr where sr.user_id = ${id} and sr.role = 'staff')
    and not exists (select 1 from user_role pr where pr.user_id = ${id} and pr.role = 'principal')
    and not exists (select 1 from supervision_link cl where cl.supervisee_id = ${id} and ${isCurrentLink('cl', today)}))`
}
