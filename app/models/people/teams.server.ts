import { type Kysely, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import { RuleError } from '#app/lib/rule-error'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'

export class TeamRuleError extends RuleError {}

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

/**
 * Every team, archived ones included, for the filters of reports: what people recorded under an archived team
 * stays findable by it.
 */
export function listTeams(db: Kysely<DB>): Promise<{ id: string; code: string; name: string }[]> {
  return db.selectFrom('team').select(['id', 'code', 'name']).orderBy('name').execute()
}

/** The teams a person can be put in: those not archived, and the person's own team whatever it is now. */
export function listAssignableTeams(db: Db, keepTeamId: string | null = null): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('team')
    .select(['id', 'name'])
    .where((eb) =>
      keepTeamId ? eb.or([eb('archived_at', 'is', null), eb('id', '=', keepTeamId)]) : eb('archived_at', 'is', null),
    )
    .orderBy('name')
    .execute()
}

export interface TeamListItem {
  id: string
  code: string
  name: string
  archivedAt: Date | null
  activePeople: number
  people: number
}

/** Every team with how many people are in it (and how many of them are active): active teams first. */
export function listTeamsWithCounts(db: Kysely<DB>): Promise<TeamListItem[]> {
  return db
    .selectFrom('team as t')
    .select([
      't.id',
      't.code',
      't.name',
      't.archived_at as archivedAt',
      sql<number>`(select count(*)::int from app_user u where u.team_id = t.id and u.active)`.as('activePeople'),
      sql<number>`(select count(*)::int from app_user u where u.team_id = t.id)`.as('people'),
    ])
    .orderBy(sql`t.archived_at is not null`)
    .orderBy('t.name')
    .execute()
}

async function refuseTakenName(db: Db, name: string, exceptId: string | null): Promise<void> {
  let query = db
    .selectFrom('team')
    .select('id')
    .where(sql`lower(btrim(name))`, '=', name.trim().toLowerCase())
  if (exceptId) query = query.where('id', '<>', exceptId)
  if (await query.executeTakeFirst()) throw new TeamRuleError(`There is already a team called ${name.trim()}`, 'name')
}

/** A short code for a new team, made from its name, unique among the teams. */
async function freeCode(db: Db, name: string): Promise<string> {
  const stem =
    name
      .normalize('NFKD')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'TEAM'
  const taken = new Set(
    (await db.selectFrom('team').select('code').where('code', 'like', `${stem}%`).execute()).map((row) => row.code),
  )
  let code = stem
  for (let n = 2; taken.has(code); n += 1) code = `${stem}-${n}`
  return code
}

export async function createTeam(db: Db, input: { name: string; actorId: string }): Promise<string> {
  return inTransaction(db, async (trx) => {
    // Serialises team creation, so two teams made at once cannot both take the same name or code.
    await sql`lock table team in share row exclusive mode`.execute(trx)
    await refuseTakenName(trx, input.name, null)
    const code = await freeCode(trx, input.name)
    const { id } = await trx
      .insertInto('team')
      .values({ code, name: input.name.trim() })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'team.created',
      subjectKind: 'team',
      subjectId: id,
      data: { name: input.name.trim(), code },
    })
    return id
  })
}

/** Renames a team; false if there is no such team. */
export async function renameTeam(db: Db, input: { teamId: string; name: string; actorId: string }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const team = await trx
      .selectFrom('team')
      .select('name')
      .where('id', '=', input.teamId)
      .forUpdate()
      .executeTakeFirst()
    if (!team) return false
    const name = input.name.trim()
    if (team.name === name) return true
    await refuseTakenName(trx, name, input.teamId)
    await trx.updateTable('team').set({ name }).where('id', '=', input.teamId).execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'team.renamed',
      subjectKind: 'team',
      subjectId: input.teamId,
      data: { from: team.name, to: name },
    })
    return true
  })
}

/**
 * Archives a team, or brings it back. An archived team keeps its people and history but is not offered for new
 * assignments. Returns false if there is no such team; archiving an archived team changes nothing.
 */
export async function setTeamArchived(
  db: Db,
  input: { teamId: string; archived: boolean; actorId: string },
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const team = await trx
      .selectFrom('team')
      .select(['archived_at as archivedAt'])
      .where('id', '=', input.teamId)
      .forUpdate()
      .executeTakeFirst()
    if (!team) return false
    if (Boolean(team.archivedAt) === input.archived) return true
    await trx
      .updateTable('team')
      .set({ archived_at: input.archived ? sql`now()` : null })
      .where('id', '=', input.teamId)
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: input.archived ? 'team.archived' : 'team.unarchived',
      subjectKind: 'team',
      subjectId: input.teamId,
    })
    return true
  })
}
