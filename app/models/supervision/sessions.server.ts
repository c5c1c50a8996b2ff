import { type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { DB, Db } from '#db/schema'
import { type Actor, type PersonSubject, type SupervisionSessionSubject, can } from '#app/auth/policy'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { type SessionInput, type SupervisionKindCode, type SupervisionActionItem } from './supervision.schema'
import { getPersonSubject } from '#app/models/people/users.server'
import { isUuid } from '#app/lib/ids'
import { RuleError } from '#app/lib/rule-error'

/** A rule about sessions was broken; `field` names the form field it belongs to, when there is one. */
export class SupervisionRuleError extends RuleError {
  constructor(message: string, field = 'form', status: 400 | 409 = 400) {
    super(message, field, status)
  }
}

export class NotCurrentSupervisorError extends SupervisionRuleError {
  constructor() {
    super('Only someone who supervises this person today can record a session with them')
  }
}

export class ActionAlreadyDoneError extends SupervisionRuleError {
  constructor() {
    super('That action was already marked done', 'form', 409)
  }
}

/** The policy's view of the person whose supervision page this is; undefined for an unknown or malformed id. */
export function getSupervisionSubject(db: Kysely<DB>, personId: string): Promise<PersonSubject | undefined> {
  return isUuid(personId) ? getPersonSubject(db, personId) : Promise.resolve(undefined)
}

/**
 * Records a session with its agreed actions. The recorder must supervise the person today, and have supervised
 * them on the day of the session; dates are checked again here so that scripts obey the same rules as the form.
 */
export async function recordSupervisionSession(
  db: Db,
  input: SessionInput & { supervisorId: string; superviseeId: string },
  today: string = todayInLondon(),
): Promise<string> {
  if (input.heldOn > today) throw new SupervisionRuleError('The session cannot be in the future', 'heldOn')
  if (input.nextOn && input.nextOn <= input.heldOn) {
    throw new SupervisionRuleError('The next session must be after this one', 'nextOn')
  }
  return inTransaction(db, async (trx) => {
    const links = await trx
      .selectFrom('supervision_link as l')
      .select(['l.starts_on as startsOn', sql<boolean>`${isCurrentLink('l', input.heldOn)}`.as('coversSession')])
      .where('l.supervisor_id', '=', input.supervisorId)
      .where('l.supervisee_id', '=', input.superviseeId)
      .where(isCurrentLink('l', today))
      .execute()
    if (links.length === 0) throw new NotCurrentSupervisorError()
    if (!links.some((link) => link.coversSession)) {
      throw new SupervisionRuleError(
        `You have supervised this person since ${formatUkDate(links[0].startsOn)}: a session before then cannot be recorded by you`,
        'heldOn',
      )
    }
    const { id } = await trx
      .insertInto('supervision_session')
      .values({
        supervisor_id: input.supervisorId,
        supervisee_id: input.superviseeId,
        held_on: input.heldOn,
        kind: input.kind,
        minutes: input.minutes,
        notes: input.notes,
        next_on: input.nextOn,
        recorded_by: input.supervisorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (input.actions.length > 0) {
      await trx
        .insertInto('supervision_action')
        .values(
          input.actions.map((action, position) => ({
            session_id: id,
            text: action.text,
            position,
            owner_id: action.owner === 'supervisor' ? input.supervisorId : input.superviseeId,
            due_on: action.dueOn,
          })),
        )
        .execute()
    }
    // The audit trail never holds the notes themselves: they are confidential to the two people.
    await recordAudit(trx, {
      actorId: input.supervisorId,
      action: 'supervision_session.recorded',
      subjectKind: 'person',
      subjectId: input.superviseeId,
      data: {
        sessionId: id,
        heldOn: input.heldOn,
        kind: input.kind,
        minutes: input.minutes,
        actions: input.actions.length,
      },
    })
    return id
  })
}

export interface SupervisionActionFacts {
  id: string
  ownerId: string
  doneAt: Date | null
  session: SupervisionSessionSubject
}

/** An action with the session it belongs to, for the policy; undefined when it is not one of this person's. */
export async function getSupervisionActionFacts(
  db: Kysely<DB>,
  input: { actionId: string; personId: string },
  today: string = todayInLondon(),
): Promise<SupervisionActionFacts | undefined> {
  if (!isUuid(input.actionId)) return undefined
  const row = await db
    .selectFrom('supervision_action as a')
    .innerJoin('supervision_session as s', 's.id', 'a.session_id')
    .select([
      'a.id',
      'a.owner_id as ownerId',
      'a.done_at as doneAt',
      's.supervisor_id as supervisorId',
      's.supervisee_id as superviseeId',
      currentSupervisorIds(today),
    ])
    .where('a.id', '=', input.actionId)
    .where('s.supervisee_id', '=', input.personId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    ownerId: row.ownerId,
    doneAt: row.doneAt,
    session: {
      kind: 'supervision-session',
      supervisorId: row.supervisorId,
      superviseeId: row.superviseeId,
      currentSupervisorIds: row.currentSupervisorIds ?? [],
    },
  }
}

export async function completeSupervisionAction(
  db: Kysely<DB>,
  input: { actionId: string; actorId: string; superviseeId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('supervision_action')
      .set({ done_at: new Date(), done_by: input.actorId })
      .where('id', '=', input.actionId)
      .where('done_at', 'is', null)
      .returning('id')
      .executeTakeFirst()
    if (!done) throw new ActionAlreadyDoneError()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'supervision_action.done',
      subjectKind: 'person',
      subjectId: input.superviseeId,
      data: { actionId: input.actionId },
    })
  })
}

/** The supervisee's supervisors today, for the policy's session subject. */
function currentSupervisorIds(today: string) {
  return sql<string[] | null>`(select coalesce(array_agg(cl.supervisor_id), '{}') from supervision_link cl
    where cl.supervisee_id = s.supervisee_id and ${isCurrentLink('cl', today)})`.as('currentSupervisorIds')
}

export interface SupervisionSessionItem {
  id: string
  heldOn: string
  kind: SupervisionKindCode
  minutes: number
  nextOn: string | null
  supervisorId: string
  supervisorName: string
  /** null when the viewer was not one of the two people in the session. */
  notes: string | null
  actions: SupervisionActionItem[] | null
}

/** A person's sessions, newest first. Notes are read only for sessions the policy lets the viewer read them in. */
export async function listSupervisionSessions(
  db: Kysely<DB>,
  input: { personId: string; viewer: Actor },
  today: string = todayInLondon(),
): Promise<SupervisionSessionItem[]> {
  const rows = await db
    .selectFrom('supervision_session as s')
    .innerJoin('app_user as sup', 'sup.id', 's.supervisor_id')
    .select((eb) => [
      's.id',
      's.held_on as heldOn',
      's.kind',
      's.minutes',
      's.next_on as nextOn',
      's.supervisor_id as supervisorId',
      's.supervisee_id as superviseeId',
      'sup.name as supervisorName',
      currentSupervisorIds(today),
      jsonArrayFrom(
        eb
          .selectFrom('supervision_action as a')
          .innerJoin('app_user as o', 'o.id', 'a.owner_id')
          .leftJoin('app_user as d', 'd.id', 'a.done_by')
          .select([
            'a.id',
            'a.text',
            'a.owner_id as ownerId',
            'o.name as ownerName',
            'a.due_on as dueOn',
            'a.done_at as doneAt',
            'd.name as doneByName',
          ])
          .whereRef('a.session_id', '=', 's.id')
          .orderBy('a.created_at')
          .orderBy('a.position'),
      ).as('actions'),
    ])
    .where('s.supervisee_id', '=', input.personId)
    .orderBy('s.held_on', 'desc')
    .orderBy('s.created_at', 'desc')
    .execute()
  const subjectOf = (row: (typeof rows)[number]): SupervisionSessionSubject => ({
    kind: 'supervision-session',
    supervisorId: row.supervisorId,
    superviseeId: row.superviseeId,
    currentSupervisorIds: row.currentSupervisorIds ?? [],
  })
  const withNotes = rows.filter((row) => can(input.viewer, 'supervision.notes.read', subjectOf(row))).map((r) => r.id)
  const notes = new Map(
    withNotes.length === 0
      ? []
      : (await db.selectFrom('supervision_session').select(['id', 'notes']).where('id', 'in', withNotes).execute()).map(
          (row) => [row.id, row.notes],
        ),
  )
  return rows.map((row) => ({
    id: row.id,
    heldOn: row.heldOn,
    kind: row.kind,
    minutes: row.minutes,
    nextOn: row.nextOn,
    supervisorId: row.supervisorId,
    supervisorName: row.supervisorName,
    notes: notes.get(row.id) ?? null,
    actions: can(input.viewer, 'supervision.actions.read', subjectOf(row))
      ? row.actions.map((action) => ({ ...action, doneAt: action.doneAt ? String(action.doneAt) : null }))
      : null,
  }))
}

export interface OwnOpenAction {
  id: string
  text: string
  dueOn: string | null
  heldOn: string
  /** Whose supervision page the action sits on: the owner's own, or a supervisee's. */
  superviseeId: string
  superviseeName: string
}

/**
 * The open actions a person owns, from sessions on supervision pages they may open today (their own, or a current
 * supervisee's); soonest due first, undated last.
 */
export async function listOwnOpenActions(
  db: Kysely<DB>,
  viewer: Actor,
  today: string = todayInLondon(),
): Promise<OwnOpenAction[]> {
  const rows = await db
    .selectFrom('supervision_action as a')
    .innerJoin('supervision_session as s', 's.id', 'a.session_id')
    .innerJoin('app_user as p', 'p.id', 's.supervisee_id')
    .select([
      'a.id',
      'a.text',
      'a.due_on as dueOn',
      's.held_on as heldOn',
      's.supervisee_id as superviseeId',
      'p.name as superviseeName',
      currentSupervisorIds(today),
    ])
    .where('a.owner_id', '=', viewer.id)
    .where('a.done_at', 'is', null)
    .orderBy(sql`a.due_on asc nulls last`)
    .orderBy('s.held_on')
    .orderBy('a.position')
    .execute()
  return rows
    .filter((row) =>
      can(viewer, 'supervision.read', {
        kind: 'person',
        id: row.superviseeId,
        currentSupervisorIds: row.currentSupervisorIds ?? [],
      }),
    )
    .map((row) => ({
      id: row.id,
      text: row.text,
      dueOn: row.dueOn,
      heldOn: row.heldOn,
      superviseeId: row.superviseeId,
      superviseeName: row.superviseeName,
    }))
}
