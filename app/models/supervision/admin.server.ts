import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import { addDays, formatUkDate, todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import { SUPERVISION_FREQUENCY } from './frequency.data'
import { settledFrequencyDays } from './supervision.rules'
import type { PersonOption } from './supervision.schema'
import { SupervisionRuleError } from './sessions.server'

export interface SupervisionLinkItem {
  id: string
  supervisorId: string
  supervisorName: string
  superviseeId: string
  superviseeName: string
  qualifiedOn: string | null
  startsOn: string
  endsOn: string | null
  status: 'current' | 'ended' | 'future'
}

export const LINKS_PAGE_SIZE = 200

/** Every link, current and past, grouped by supervisee (newest first within a person); `q` matches either name. */
export async function listSupervisionLinks(
  db: Kysely<DB>,
  input: { q?: string } = {},
  today: string = todayInLondon(),
): Promise<SupervisionLinkItem[]> {
  let query = db
    .selectFrom('supervision_link as l')
    .innerJoin('app_user as sup', 'sup.id', 'l.supervisor_id')
    .innerJoin('app_user as u', 'u.id', 'l.supervisee_id')
    .select([
      'l.id',
      'l.supervisor_id as supervisorId',
      'sup.name as supervisorName',
      'l.supervisee_id as superviseeId',
      'u.name as superviseeName',
      'u.qualified_on as qualifiedOn',
      'l.starts_on as startsOn',
      'l.ends_on as endsOn',
      sql<SupervisionLinkItem['status']>`case when l.starts_on > ${today} then 'future'
        when l.ends_on is not null and l.ends_on < ${today} then 'ended' else 'current' end`.as('status'),
    ])
  const q = input.q?.trim()
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', pattern), eb('sup.name', 'ilike', pattern)]))
  }
  return query.orderBy('u.name').orderBy('l.starts_on', 'desc').limit(LINKS_PAGE_SIZE).execute()
}

/** Active people for the link forms, with whether each holds the supervisor role. */
export async function listPeopleForLinks(db: Kysely<DB>): Promise<PersonOption[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .select((eb) => [
      'u.id',
      'u.name',
      eb
        .exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'supervisor'))
        .as('isSupervisor'),
      eb
        .exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'admin'))
        .as('isAdmin'),
    ])
    .where('u.active', '=', true)
    .orderBy('u.name')
    .execute()
  return rows.map((row) => ({ ...row, isSupervisor: Boolean(row.isSupervisor), isAdmin: Boolean(row.isAdmin) }))
}

async function requireSupervisor(trx: Transaction<DB>, id: string, field: string): Promise<void> {
  const row = await trx
    .selectFrom('app_user as u')
    .select('u.id')
    .where('u.id', '=', id)
    .where('u.active', '=', true)
    .where((eb) =>
      eb.exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'supervisor')),
    )
    .executeTakeFirst()
  if (!row) throw new SupervisionRuleError('Choose an active person with the supervisor role', field)
}

async function requireActivePerson(trx: Transaction<DB>, id: string, field: string): Promise<void> {
  const row = await trx
    .selectFrom('app_user')
    .select('id')
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst()
  if (!row) throw new SupervisionRuleError('Choose an active person', field)
}

/** An active person who can be supervised: not someone holding the administrator role. */
async function requireSupervisee(trx: Transaction<DB>, id: string, field: string): Promise<void> {
  await requireActivePerson(trx, id, field)
  const admin = await trx
    .selectFrom('user_role')
    .select('user_id')
    .where('user_id', '=', id)
    .where('role', '=', 'admin')
    .executeTakeFirst()
  if (admin) throw new SupervisionRuleError('An administrator account is not supervised: choose another person', field)
}

async function frequencyDaysFor(trx: Transaction<DB>, superviseeId: string): Promise<number> {
  const person = await trx
    .selectFrom('app_user')
    .select('job_role_code as jobRoleCode')
    .where('id', '=', superviseeId)
    .executeTakeFirst()
  return settledFrequencyDays(SUPERVISION_FREQUENCY, person?.jobRoleCode ?? null)
}

/** Refuses a second link between the same two people for days that are already covered. */
async function refuseOverlap(
  trx: Transaction<DB>,
  input: { supervisorId: string; superviseeId: string; startsOn: string; endsOn: string | null },
): Promise<void> {
  const clash = await trx
    .selectFrom('supervision_link as l')
    .select(['l.starts_on as startsOn', 'l.ends_on as endsOn'])
    .where('l.supervisor_id', '=', input.supervisorId)
    .where('l.supervisee_id', '=', input.superviseeId)
    .where((eb) => eb.or([eb('l.ends_on', 'is', null), eb('l.ends_on', '>=', input.startsOn)]))
    .$if(input.endsOn !== null, (qb) => qb.where('l.starts_on', '<=', input.endsOn!))
    .executeTakeFirst()
  if (clash) {
    const until = clash.endsOn ? ` to ${formatUkDate(clash.endsOn)}` : ''
    throw new SupervisionRuleError(
      `These two people already have a link from ${formatUkDate(clash.startsOn)}${until} covering these dates`,
      'startsOn',
    )
  }
}

async function insertLink(
  trx: Transaction<DB>,
  input: { supervisorId: string; superviseeId: string; startsOn: string; endsOn: string | null; actorId: string },
): Promise<string> {
  await refuseOverlap(trx, input)
  const { id } = await trx
    .insertInto('supervision_link')
    .values({
      supervisor_id: input.supervisorId,
      supervisee_id: input.superviseeId,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      frequency_days: await frequencyDaysFor(trx, input.superviseeId),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(trx, {
    actorId: input.actorId,
    action: 'supervision_link.created',
    subjectKind: 'person',
    subjectId: input.superviseeId,
    data: { linkId: id, supervisorId: input.supervisorId, startsOn: input.startsOn, endsOn: input.endsOn },
  })
  return id
}

export async function startSupervisionLink(
  db: Db,
  input: { supervisorId: string; superviseeId: string; startsOn: string; endsOn: string | null; actorId: string },
): Promise<string> {
  if (input.supervisorId === input.superviseeId) {
    throw new SupervisionRuleError('A person cannot supervise themselves', 'superviseeId')
  }
  if (input.endsOn && input.endsOn < input.startsOn) {
    throw new SupervisionRuleError('The end date must be on or after the start date', 'endsOn')
  }
  return inTransaction(db, async (trx) => {
    await requireSupervisor(trx, input.supervisorId, 'supervisorId')
    await requireSupervisee(trx, input.superviseeId, 'superviseeId')
    return insertLink(trx, input)
  })
}

async function lockLink(trx: Transaction<DB>, linkId: string) {
  const link = await trx
    .selectFrom('supervision_link')
    .select([
      'id',
      'supervisor_id as supervisorId',
      'supervisee_id as superviseeId',
      'starts_on as startsOn',
      'ends_on as endsOn',
    ])
    .where('id', '=', linkId)
    // Two administrators ending or handing over the same link at once must not both succeed.
    .forUpdate()
    .executeTakeFirst()
  if (!link) throw new SupervisionRuleError('That link no longer exists', 'form')
  return link
}

/** Sets the last day of a link. A link that has already ended keeps its end date. */
export async function endSupervisionLink(
  db: Kysely<DB>,
  input: { linkId: string; endsOn: string; actorId: string },
  today: string = todayInLondon(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const link = await lockLink(trx, input.linkId)
    if (link.endsOn !== null && link.endsOn < today) {
      throw new SupervisionRuleError(`This link already ended on ${formatUkDate(link.endsOn)}`, 'lastDay')
    }
    if (input.endsOn < link.startsOn) {
      throw new SupervisionRuleError(
        `The last day cannot be before the link started (${formatUkDate(link.startsOn)})`,
        'lastDay',
      )
    }
    await trx.updateTable('supervision_link').set({ ends_on: input.endsOn }).where('id', '=', link.id).execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'supervision_link.ended',
      subjectKind: 'person',
      subjectId: link.superviseeId,
      data: { linkId: link.id, supervisorId: link.supervisorId, endsOn: input.endsOn, previousEndsOn: link.endsOn },
    })
  })
}

/**
 * Hands a supervisee over: the old link ends the day before `changeOn` and a new one starts on it, so the history
 * keeps both and the person is never without a supervisor in between.
 */
export async function changeSupervisor(
  db: Kysely<DB>,
  input: { linkId: string; newSupervisorId: string; changeOn: string; actorId: string },
  today: string = todayInLondon(),
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const link = await lockLink(trx, input.linkId)
    if (link.endsOn !== null && link.endsOn < today) {
      throw new SupervisionRuleError(`This link already ended on ${formatUkDate(link.endsOn)}`, 'changeOn')
    }
    if (input.newSupervisorId === link.supervisorId) {
      throw new SupervisionRuleError('Choose someone other than the current supervisor', 'newSupervisorId')
    }
    if (input.newSupervisorId === link.superviseeId) {
      throw new SupervisionRuleError('A person cannot supervise themselves', 'newSupervisorId')
    }
    if (input.changeOn <= link.startsOn) {
      throw new SupervisionRuleError(
        `The change must come after the current link started (${formatUkDate(link.startsOn)})`,
        'changeOn',
      )
    }
    if (link.endsOn !== null && input.changeOn > addDays(link.endsOn, 1)) {
      throw new SupervisionRuleError(
        `The current link ends on ${formatUkDate(link.endsOn)}: hand over by then`,
        'changeOn',
      )
    }
    await requireSupervisor(trx, input.newSupervisorId, 'newSupervisorId')
    const lastDay = addDays(input.changeOn, -1)
    await trx.updateTable('supervision_link').set({ ends_on: lastDay }).where('id', '=', link.id).execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'supervision_link.ended',
      subjectKind: 'person',
      subjectId: link.superviseeId,
      data: { linkId: link.id, supervisorId: link.supervisorId, endsOn: lastDay, handedTo: input.newSupervisorId },
    })
    return insertLink(trx, {
      supervisorId: input.newSupervisorId,
      superviseeId: link.superviseeId,
      startsOn: input.changeOn,
      endsOn: link.endsOn,
      actorId: input.actorId,
    })
  })
}

/** Records when a person qualified or first registered, which starts their newly qualified supervision stages. */
export async function setQualifiedOn(
  db: Kysely<DB>,
  input: { personId: string; qualifiedOn: string; actorId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('app_user')
      .select('qualified_on as qualifiedOn')
      .where('id', '=', input.personId)
      .executeTakeFirst()
    if (!previous) throw new SupervisionRuleError('Choose an active person', 'personId')
    await trx
      .updateTable('app_user')
      .set({ qualified_on: input.qualifiedOn, updated_at: new Date() })
      .where('id', '=', input.personId)
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'person.qualified_on.set',
      subjectKind: 'person',
      subjectId: input.personId,
      data: { qualifiedOn: input.qualifiedOn, previous: previous.qualifiedOn },
    })
  })
}
