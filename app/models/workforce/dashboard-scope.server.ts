import { type Kysely } from 'kysely'
import type { DB } from '#db/schema'

export interface DashboardScope {
  teamId: string | null
  jobRoleCode: string | null
}

/** Everyone the dashboard counts: active members of staff, in the team and job role asked for. */
export function peopleInScope(db: Kysely<DB>, scope: DashboardScope) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .where('u.active', '=', true)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'staff')),
    )
    .$if(Boolean(scope.teamId), (qb) => qb.where('u.team_id', '=', scope.teamId!))
    .$if(Boolean(scope.jobRoleCode), (qb) => qb.where('u.job_role_code', '=', scope.jobRoleCode!))
}
