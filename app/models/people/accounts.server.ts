import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import type { Role } from '#app/auth/policy'

export interface AccountSummary {
  active: number
  inactive: number
  byRole: Record<Role, number>
}

export async function getAccountSummary(db: Kysely<DB>): Promise<AccountSummary> {
  const [totals, roles] = await Promise.all([
    db
      .selectFrom('app_user')
      .select([
        sql<number>`count(*) filter (where active)::int`.as('active'),
        sql<number>`count(*) filter (where not active)::int`.as('inactive'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('user_role as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .select(['r.role', sql<number>`count(*)::int`.as('people')])
      .where('u.active', '=', true)
      .groupBy('r.role')
      .execute(),
  ])
  const byRole: Record<Role, number> = { staff: 0, supervisor: 0, principal: 0, admin: 0 }
  for (const row of roles) byRole[row.role] = row.people
  return { ...totals, byRole }
}
