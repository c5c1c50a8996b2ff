import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import type { HeadcountRow } from './headcount.rules'

/** Active people per team and job role, in the job-role ladder's order. */
export function listHeadcountByTeam(db: Kysely<DB>): Promise<HeadcountRow[]> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('team as t', 't.id', 'u.team_id')
    .innerJoin('job_role as j', 'j.code', 'u.job_role_code')
    .select([
      't.name as teamName',
      'j.title as jobRoleTitle',
      'j.sort_order as jobRoleOrder',
      sql<number>`count(*)::int`.as('people'),
    ])
    .where('u.active', '=', true)
    .groupBy(['t.name', 'j.title', 'j.sort_order'])
    .orderBy('t.name')
    .orderBy('j.sort_order')
    .execute()
}
