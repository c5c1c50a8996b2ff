import { type Kysely, sql } from 'kysely'
import { ensureTeam } from '#app/models/people/teams.server'
import { createUser } from '#app/models/people/users.server'
import type { DB } from '#db/schema'

/** A team that closed when its work moved to the locality teams: archived, so it shows on the teams page. */
export const ARCHIVED_DEMO_TEAM = { code: 'intermediate-care', name: 'Intermediate care OT team (closed)' }

/** Someone who left when that team closed: deactivated, with their dates, so a leaver shows on the people page. */
const LEAVER = {
  name: 'Peter Shaw',
  email: 'peter.shaw@example.org',
  jobRoleCode: 'ot',
  employeeNumber: 'E19001',
  startsOn: '2019-04-01',
  leavesOn: '2025-03-31',
  qualifiedOn: '2019-01-15',
}

/**
 * An archived team and a deactivated leaver in it, so that people and teams administration has its history to show
 * on first start. Written once; a second run changes nothing.
 */
export async function seedDemoPeopleAdmin(db: Kysely<DB>): Promise<boolean> {
  const existing = await db.selectFrom('app_user').select('id').where('email', '=', LEAVER.email).executeTakeFirst()
  if (existing) return false
  const teamId = await ensureTeam(db, ARCHIVED_DEMO_TEAM)
  const id = await createUser(db, {
    email: LEAVER.email,
    name: LEAVER.name,
    jobRoleCode: LEAVER.jobRoleCode,
    teamId,
    employeeNumber: LEAVER.employeeNumber,
    roles: ['staff'],
  })
  await db
    .updateTable('app_user')
    .set({ starts_on: LEAVER.startsOn, leaves_on: LEAVER.leavesOn, qualified_on: LEAVER.qualifiedOn, active: false })
    .where('id', '=', id)
    .execute()
  await db
    .updateTable('team')
    .set({ archived_at: sql`now()` })
    .where('id', '=', teamId)
    .where('archived_at', 'is', null)
    .execute()
  return true
}
