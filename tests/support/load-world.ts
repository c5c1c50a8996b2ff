import type { Kysely } from 'kysely'
import { hashPassword } from '#app/lib/password.server'
import { getCurrentVersion } from '#app/models/frameworks/frameworks.server'
import type { DB } from '#db/schema'
import { type BuiltUser, TEST_PASSWORD, makeSupervision, makeUser } from './builders'

export interface LoadDomain {
  id: string
  /** One capability inside the domain, for an entry to be mapped to. */
  capabilityId: string
}

export interface LoadWorld {
  versionId: string
  domains: LoadDomain[]
  /** Level ids of the version, lowest first. */
  levels: string[]
  supervisors: BuiltUser[]
  /** Each staff member with the one supervisor who decides their requests. */
  staff: { person: BuiltUser; supervisor: BuiltUser }[]
}

/**
 * People for a load run: `supervisors` senior OTs, each supervising `perSupervisor` OTs. All share one password
 * hash, computed once: argon2 costs a third of a second a time, and every account would otherwise pay it.
 */
export async function seedLoadWorld(
  db: Kysely<DB>,
  counts: { supervisors: number; perSupervisor: number },
): Promise<LoadWorld> {
  const hash = await hashPassword(TEST_PASSWORD)
  const supervisors: BuiltUser[] = []
  const staff: LoadWorld['staff'] = []
  for (let s = 0; s < counts.supervisors; s++) {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot' })
    supervisors.push(supervisor)
    for (let p = 0; p < counts.perSupervisor; p++) {
      const person = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot' })
      await makeSupervision(db, supervisor, person)
      staff.push({ person, supervisor })
    }
  }
  const everyone = [...supervisors, ...staff.map((s) => s.person)]
  await db
    .insertInto('user_password')
    .values(everyone.map((u) => ({ user_id: u.id, hash })))
    .execute()
  for (const user of everyone) user.password = TEST_PASSWORD

  const version = await getCurrentVersion(db, 'rcot-cdf')
  if (!version) throw new Error('no published RCOT CDF version: load the framework data first')
  const domains = await db
    .selectFrom('framework_domain as d')
    .select((eb) => [
      'd.id',
      eb
        .selectFrom('capability as c')
        .select('c.id')
        .whereRef('c.domain_id', '=', 'd.id')
        .orderBy('c.code')
        .limit(1)
        .as('capabilityId'),
    ])
    .where('d.version_id', '=', version.id)
    .where('d.parent_id', 'is', null)
    .orderBy('d.code')
    .execute()
  const levels = await db
    .selectFrom('framework_level')
    .select('id')
    .where('version_id', '=', version.id)
    .orderBy('ordinal')
    .execute()
  return {
    versionId: version.id,
    domains: domains.filter((d) => d.capabilityId).map((d) => ({ id: d.id, capabilityId: d.capabilityId! })),
    levels: levels.map((l) => l.id),
    supervisors,
    staff,
  }
}
