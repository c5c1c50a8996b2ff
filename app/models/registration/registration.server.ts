import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import type { DB } from '#db/schema'
import { type Actor, registrationVisibility } from '#app/auth/policy'
import { recordAudit } from '#app/models/shared/audit.server'
import {
  type RegistrationFacts,
  type RegistrationStanding,
  assessRegistration,
  checkRegistration,
  professionForJob,
} from './registration.rules'
import { type RegistrationForm } from './registration.schema'
import { hcpcRules } from './hcpc-rules.data'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { RuleError } from '#app/lib/rule-error'

/** A recorded registration breaks a rule; the messages are keyed by form field. */
export class RegistrationRuleError extends RuleError {
  constructor(fieldErrors: Record<string, string>) {
    super(Object.values(fieldErrors).join(' '), Object.keys(fieldErrors)[0], 400, fieldErrors)
  }
}

export interface RegistrationPerson {
  id: string
  name: string
  jobRoleTitle: string | null
  teamName: string | null
  /** The job role is one that needs HCPC registration. */
  required: boolean
  jobProfession: string | null
}

export interface RegistrationRecord extends RegistrationFacts {
  lastCheckedByName: string | null
}

export interface RegistrationRow extends RegistrationPerson {
  record: RegistrationRecord | null
  standing: RegistrationStanding
}

function personQuery(db: Kysely<DB>) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .leftJoin('hcpc_registration as r', 'r.person_id', 'u.id')
    .leftJoin('app_user as checker', 'checker.id', 'r.last_checked_by')
    .select([
      'u.id',
      'u.name',
      'j.title as jobRoleTitle',
      't.name as teamName',
      sql<boolean>`coalesce(j.hcpc_registered, false)`.as('required'),
      'j.profession as jobProfession',
      'r.profession_code as professionCode',
      'r.number',
      'r.first_registered_on as firstRegisteredOn',
      'r.expires_on as expiresOn',
      'r.last_checked_on as lastCheckedOn',
      'checker.name as lastCheckedByName',
      'r.recorded_on as recordedOn',
    ])
}

type PersonRow = Awaited<ReturnType<ReturnType<typeof personQuery>['execute']>>[number]

function toRow(row: PersonRow, today: string): RegistrationRow {
  const record: RegistrationRecord | null =
    row.number && row.professionCode && row.firstRegisteredOn && row.expiresOn && row.recordedOn
      ? {
          professionCode: row.professionCode,
          number: row.number,
          firstRegisteredOn: row.firstRegisteredOn,
          expiresOn: row.expiresOn,
          lastCheckedOn: row.lastCheckedOn,
          lastCheckedByName: row.lastCheckedByName,
          recordedOn: row.recordedOn,
        }
      : null
  return {
    id: row.id,
    name: row.name,
    jobRoleTitle: row.jobRoleTitle,
    teamName: row.teamName,
    required: row.required,
    jobProfession: row.jobProfession,
    record,
    standing: assessRegistration(hcpcRules(), { required: row.required, record }, today),
  }
}

export async function getRegistration(
  db: Kysely<DB>,
  personId: string,
  today: string,
): Promise<RegistrationRow | undefined> {
  const row = await personQuery(db).where('u.id', '=', personId).executeTakeFirst()
  return row ? toRow(row, today) : undefined
}

/**
 * Every active member of staff the actor may see, with where they stand today, most urgent first
 * (then soonest expiry, then name). Scoped in SQL by the policy's registrationVisibility.
 */
export async function listRegistrations(db: Kysely<DB>, actor: Actor, today: string): Promise<RegistrationRow[]> {
  let query = personQuery(db).where('u.active', '=', true).where('u.job_role_code', 'is not', null)
  const reach = registrationVisibility(actor)
  if (reach === 'self') query = query.where('u.id', '=', actor.id)
  if (reach === 'supervisees') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('supervision_link as l')
          .select('l.id')
          .whereRef('l.supervisee_id', '=', 'u.id')
          .where('l.supervisor_id', '=', actor.id)
          .where(isCurrentLink('l', today)),
      ),
    )
  }
  const rows = (await query.execute()).map((row) => toRow(row, today))
  return rows.sort(
    (a, b) =>
      a.standing.rank - b.standing.rank ||
      (a.standing.daysLeft ?? Infinity) - (b.standing.daysLeft ?? Infinity) ||
      a.name.localeCompare(b.name, 'en-GB'),
  )
}

/**
 * Where each of these people stands today, by person id (for lists that show a registration beside other facts).
 * A report of many people passes the query that selects them rather than their ids.
 */
export async function listRegistrationStandings(
  db: Kysely<DB>,
  people: readonly string[] | SelectQueryBuilder<DB, never, { id: string }>,
  today: string,
): Promise<Map<string, RegistrationRow>> {
  if (Array.isArray(people) && people.length === 0) return new Map()
  const rows = await personQuery(db).where('u.id', 'in', people).execute()
  return new Map(rows.map((row) => [row.id, toRow(row, today)]))
}

export interface RegistrationEventItem {
  id: number
  kind: 'recorded' | 'updated' | 'checked'
  number: string
  firstRegisteredOn: string
  expiresOn: string
  checkedOn: string | null
  actorName: string
  at: Date
}

export function listRegistrationHistory(db: Kysely<DB>, personId: string): Promise<RegistrationEventItem[]> {
  return db
    .selectFrom('hcpc_registration_event as e')
    .innerJoin('app_user as a', 'a.id', 'e.actor_id')
    .select([
      'e.id',
      'e.kind',
      'e.number',
      'e.first_registered_on as firstRegisteredOn',
      'e.expires_on as expiresOn',
      'e.checked_on as checkedOn',
      'a.name as actorName',
      'e.at',
    ])
    .where('e.person_id', '=', personId)
    .orderBy('e.id', 'desc')
    .execute()
}

const UNIQUE_VIOLATION = '23505'

/**
 * Records a person's registration, or changes it, against the rules of framework-data/hcpc-registration.json.
 * Throws RegistrationRuleError for a breach. A change of number or dates needs a fresh register check.
 */
export async function saveRegistration(
  db: Kysely<DB>,
  input: { personId: string; actorId: string; form: RegistrationForm; today: string },
): Promise<'recorded' | 'updated' | 'unchanged'> {
  const person = await getRegistration(db, input.personId, input.today)
  if (!person) throw new Error(`No person ${input.personId}`)
  const rules = hcpcRules()
  const profession = professionForJob(rules, person.jobProfession)
  const checked = checkRegistration(rules, profession, input.form, input.today)
  if (!checked.ok) throw new RegistrationRuleError(checked.fieldErrors)
  const value = checked.value
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('hcpc_registration')
        .select(['number', 'first_registered_on', 'expires_on'])
        .where('person_id', '=', input.personId)
        .forUpdate()
        .executeTakeFirst()
      if (
        current &&
        current.number === value.number &&
        current.first_registered_on === value.firstRegisteredOn &&
        current.expires_on === value.expiresOn
      ) {
        return 'unchanged'
      }
      const row = {
        profession_code: profession.code,
        number: value.number,
        first_registered_on: value.firstRegisteredOn,
        expires_on: value.expiresOn,
        recorded_by: input.actorId,
        recorded_on: input.today,
        updated_at: new Date(),
      }
      await trx
        .insertInto('hcpc_registration')
        .values({ person_id: input.personId, ...row })
        .onConflict((oc) => oc.column('person_id').doUpdateSet(row))
        .execute()
      const kind = current ? 'updated' : 'recorded'
      await trx
        .insertInto('hcpc_registration_event')
        .values({
          person_id: input.personId,
          kind,
          profession_code: profession.code,
          number: value.number,
          first_registered_on: value.firstRegisteredOn,
          expires_on: value.expiresOn,
          checked_on: null,
          actor_id: input.actorId,
        })
        .execute()
      await recordAudit(trx, {
        actorId: input.actorId,
        action: `hcpc_registration.${kind}`,
        subjectKind: 'person',
        subjectId: input.personId,
        data: { number: value.number, firstRegisteredOn: value.firstRegisteredOn, expiresOn: value.expiresOn },
      })
      return kind
    })
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
      throw new RegistrationRuleError({
        number: 'This number is already recorded for someone else. Check it against the HCPC register.',
      })
    }
    throw error
  }
}

/** Notes that the actor looked the person up on the HCPC register today. False when nothing is recorded. */
export async function markRegistrationChecked(
  db: Kysely<DB>,
  input: { personId: string; actorId: string; today: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .updateTable('hcpc_registration')
      .set({ last_checked_on: input.today, last_checked_by: input.actorId })
      .where('person_id', '=', input.personId)
      .returning(['profession_code', 'number', 'first_registered_on', 'expires_on'])
      .executeTakeFirst()
    if (!current) return false
    await trx
      .insertInto('hcpc_registration_event')
      .values({
        person_id: input.personId,
        kind: 'checked',
        profession_code: current.profession_code,
        number: current.number,
        first_registered_on: current.first_registered_on,
        expires_on: current.expires_on,
        checked_on: input.today,
        actor_id: input.actorId,
      })
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'hcpc_registration.checked',
      subjectKind: 'person',
      subjectId: input.personId,
      data: { number: current.number, checkedOn: input.today },
    })
    return true
  })
}
