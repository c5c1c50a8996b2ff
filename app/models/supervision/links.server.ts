import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { isCurrentLink, lacksSupervisor } from '#app/models/shared/scope.server'
import { RuleError } from '#app/lib/rule-error'

export class SelfSupervisionError extends RuleError {
  constructor(field = 'form') {
    super('A person cannot supervise themselves', field)
  }
}

export interface NewSupervisionLink {
  supervisorId: string
  superviseeId: string
  startsOn: string
  endsOn?: string | null
  frequencyDays?: number
}

export async function linkSupervision(
  db: Kysely<DB>,
  input: NewSupervisionLink,
  actorId: string | null = null,
): Promise<string> {
  if (input.supervisorId === input.superviseeId) throw new SelfSupervisionError()
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('supervision_link')
      .values({
        supervisor_id: input.supervisorId,
        supervisee_id: input.superviseeId,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        frequency_days: input.frequencyDays ?? 28,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actorId,
      action: 'supervision_link.created',
      subjectKind: 'person',
      subjectId: input.superviseeId,
      data: { supervisorId: input.supervisorId, startsOn: input.startsOn, endsOn: input.endsOn ?? null },
    })
    return id
  })
}

export interface SuperviseeItem {
  id: string
  name: string
  jobRoleTitle: string | null
  teamName: string | null
  since: string
  frequencyDays: number
}

/** The people a supervisor supervises today, by name. */
export function listCurrentSupervisees(
  db: Kysely<DB>,
  supervisorId: string,
  today: string = todayInLondon(),
): Promise<SuperviseeItem[]> {
  return db
    .selectFrom('supervision_link as l')
    .innerJoin('app_user as u', 'u.id', 'l.supervisee_id')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .select([
      'u.id',
      'u.name',
      'j.title as jobRoleTitle',
      't.name as teamName',
      'l.starts_on as since',
      'l.frequency_days as frequencyDays',
    ])
    .where('l.supervisor_id', '=', supervisorId)
    .where(isCurrentLink('l', today))
    .where('u.active', '=', true)
    .orderBy('u.name')
    .execute()
}

export async function countActiveLinks(db: Kysely<DB>): Promise<number> {
  const today = todayInLondon()
  const row = await db
    .selectFrom('supervision_link')
    .select(sql<number>`count(*)::int`.as('count'))
    .where(isCurrentLink('supervision_link', today))
    .executeTakeFirstOrThrow()
  return row.count
}

/** Active staff with nobody supervising them today (the principal OT, who leads the service, is not counted). */
export async function countPeopleWithoutSupervisor(db: Kysely<DB>, today: string = todayInLondon()): Promise<number> {
  const row = await db
    .selectFrom('app_user as u')
    .select(sql<number>`count(*)::int`.as('count'))
    .where(lacksSupervisor('u', today))
    .executeTakeFirstOrThrow()
  return row.count
}
