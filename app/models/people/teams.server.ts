import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'

/** Creates the team if its code is new; returns its id either way. */
export async function ensureTeam(db: Kysely<DB>, team: { code: string; name: string }): Promise<string> {
  const { id } = await db
    .insertInto('team')
    .values(team)
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: team.name }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export function listTeams(db: Kysely<DB>): Promise<{ id: string; code: string; name: string }[]> {
  return db.selectFrom('team').select(['id', 'code', 'name']).orderBy('name').execute()
}
