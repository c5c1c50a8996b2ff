import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import { daysBetween, formatUkDate, todayInLondon } from '#app/lib/dates'
import { listBreaks } from './queries.server'
import { type ApprenticeshipStatus, NEXT_STATUSES, OPEN_STATUSES, STATUS_LABELS } from './statuses.rules'
import { type Period, gatewayReadiness } from './progress.rules'
import { findStandard } from './rules.data'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import { RuleError } from '#app/lib/rule-error'

/** A rule the input breaks, named by the form field it belongs to, so the page can show it there. */
export class ApprenticeshipRuleError extends RuleError {
  constructor(field: string, message: string) {
    super(message, field)
  }
}

/** Furthest ahead an apprenticeship may be entered before it starts. */
const MAX_DAYS_AHEAD = 366

export interface Locked {
  id: string
  personId: string
  standardCode: string
  status: ApprenticeshipStatus
  startsOn: string
  plannedEndOn: string
  gatewayOn: string | null
  breaks: Period[]
  lastChangeOn: string
}

/** Reads the apprenticeship for a change, holding its row so that a status change and a log cannot interleave. */
export async function lockApprenticeship(trx: Transaction<DB>, id: string): Promise<Locked> {
  const row = await trx
    .selectFrom('apprenticeship')
    .select([
      'id',
      'person_id as personId',
      'standard_code as standardCode',
      'status',
      'starts_on as startsOn',
      'planned_end_on as plannedEndOn',
      'gateway_on as gatewayOn',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const last = await trx
    .selectFrom('apprenticeship_status_event')
    .select(sql<string>`max(effective_on)`.as('on'))
    .where('apprenticeship_id', '=', id)
    .executeTakeFirstOrThrow()
  return { ...row, breaks: await listBreaks(trx, id), lastChangeOn: last.on ?? row.startsOn }
}

export const auditApprenticeship = (
  trx: Transaction<DB>,
  actorId: string,
  action: string,
  id: string,
  data: Record<string, unknown>,
) =>
  recordAudit(trx, { actorId, action: `apprenticeship.${action}`, subjectKind: 'apprenticeship', subjectId: id, data })

async function changeJobRole(trx: Transaction<DB>, personId: string, jobRoleCode: string, actorId: string) {
  const person = await trx
    .selectFrom('app_user')
    .select('job_role_code')
    .where('id', '=', personId)
    .executeTakeFirstOrThrow()
  if (person.job_role_code === jobRoleCode) return
  await trx
    .updateTable('app_user')
    .set({ job_role_code: jobRoleCode, updated_at: sql`now()` })
    .where('id', '=', personId)
    .execute()
  await recordAudit(trx, {
    actorId,
    action: 'person.job_role_changed',
    subjectKind: 'person',
    subjectId: personId,
    data: { from: person.job_role_code, to: jobRoleCode, reason: 'apprenticeship' },
  })
}

export interface NewApprenticeship {
  personId: string
  standardCode: string
  provider: string
  startsOn: string
  plannedEndOn: string
  weeklyMinutes: number
  agedNineteenPlusAtStart: boolean
  actorId: string
  today?: string
}

/** Starts an apprenticeship; the OT degree moves the person into the apprentice job role and its requirements. */
export async function startApprenticeship(db: Db, input: NewApprenticeship): Promise<string> {
  const today = input.today ?? todayInLondon()
  const standard = findStandard(input.standardCode)
  if (!standard || standard.retired) throw new ApprenticeshipRuleError('standardCode', 'Choose a current standard')
  if (daysBetween(today, input.startsOn) > MAX_DAYS_AHEAD) {
    throw new ApprenticeshipRuleError('startsOn', 'The start date must be within a year from today')
  }
  return inTransaction(db, async (trx) => {
    const person = await trx
      .selectFrom('app_user')
      .select(['name', 'active'])
      .where('id', '=', input.personId)
      .forUpdate()
      .executeTakeFirst()
    if (!person?.active) throw new ApprenticeshipRuleError('personId', 'Choose a person with an active account')
    const open = await trx
      .selectFrom('apprenticeship')
      .select('id')
      .where('person_id', '=', input.personId)
      .where('status', 'in', OPEN_STATUSES)
      .executeTakeFirst()
    if (open) {
      throw new ApprenticeshipRuleError('personId', `${person.name} already has an apprenticeship in progress`)
    }
    const { id } = await trx
      .insertInto('apprenticeship')
      .values({
        person_id: input.personId,
        standard_code: standard.code,
        provider: input.provider,
        starts_on: input.startsOn,
        planned_end_on: input.plannedEndOn,
        weekly_minutes: input.weeklyMinutes,
        aged_19_plus_at_start: input.agedNineteenPlusAtStart,
        created_by: input.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('apprenticeship_status_event')
      .values({ apprenticeship_id: id, status: 'on-programme', effective_on: input.startsOn, actor_id: input.actorId })
      .execute()
    await trx
      .insertInto('apprenticeship_gateway')
      .values({ apprenticeship_id: id, updated_by: input.actorId })
      .execute()
    if (standard.jobRoleOnStart) await changeJobRole(trx, input.personId, standard.jobRoleOnStart, input.actorId)
    await auditApprenticeship(trx, input.actorId, 'started', id, {
      personId: input.personId,
      standardCode: standard.code,
      startsOn: input.startsOn,
      plannedEndOn: input.plannedEndOn,
      weeklyMinutes: input.weeklyMinutes,
    })
    return id
  })
}

export async function updateApprenticeshipDetails(
  db: Kysely<DB>,
  input: { id: string; provider: string; plannedEndOn: string; weeklyMinutes: number; actorId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const locked = await lockApprenticeship(trx, input.id)
    if (input.plannedEndOn <= locked.startsOn) {
      throw new ApprenticeshipRuleError('plannedEndOn', 'The planned end date must be after the start date')
    }
    await trx
      .updateTable('apprenticeship')
      .set({
        provider: input.provider,
        planned_end_on: input.plannedEndOn,
        weekly_minutes: input.weeklyMinutes,
        updated_at: sql`now()`,
      })
      .where('id', '=', input.id)
      .execute()
    await auditApprenticeship(trx, input.actorId, 'details_updated', input.id, {
      provider: input.provider,
      plannedEndOn: input.plannedEndOn,
      weeklyMinutes: input.weeklyMinutes,
    })
  })
}

export function checkStillLogging(locked: Locked): void {
  if (locked.status === 'completed' || locked.status === 'withdrawn') {
    throw new ApprenticeshipRuleError('form', `This apprenticeship is ${STATUS_LABELS[locked.status].toLowerCase()}`)
  }
}

/** Ticks and unticks gateway items; a newly ticked item is dated today, a ticked one keeps its date. */
export async function saveGatewayChecklist(
  db: Kysely<DB>,
  input: {
    apprenticeshipId: string
    done: { ksbs: boolean; modules: boolean; pad: boolean; englishMaths: boolean }
    englishMathsInPlan: boolean
    actorId: string
    today?: string
  },
): Promise<void> {
  const today = input.today ?? todayInLondon()
  await db.transaction().execute(async (trx) => {
    const locked = await lockApprenticeship(trx, input.apprenticeshipId)
    checkStillLogging(locked)
    const current = await trx
      .selectFrom('apprenticeship_gateway')
      .selectAll()
      .where('apprenticeship_id', '=', input.apprenticeshipId)
      .executeTakeFirst()
    const keep = (done: boolean, on: string | null | undefined) => (done ? (on ?? today) : null)
    const values = {
      ksbs_met_on: keep(input.done.ksbs, current?.ksbs_met_on),
      modules_passed_on: keep(input.done.modules, current?.modules_passed_on),
      pad_signed_on: keep(input.done.pad, current?.pad_signed_on),
      english_maths_on: keep(input.done.englishMaths, current?.english_maths_on),
      english_maths_in_plan: input.englishMathsInPlan,
      updated_by: input.actorId,
      updated_at: sql<Date>`now()`,
    }
    await trx
      .insertInto('apprenticeship_gateway')
      .values({ apprenticeship_id: input.apprenticeshipId, ...values })
      .onConflict((oc) => oc.column('apprenticeship_id').doUpdateSet(values))
      .execute()
    await auditApprenticeship(trx, input.actorId, 'gateway_checklist_saved', input.apprenticeshipId, {
      ...input.done,
      englishMathsInPlan: input.englishMathsInPlan,
    })
  })
}

/**
 * Moves the apprenticeship to its next status from a given day: a break in learning, a return, gateway, EPA or
 * withdrawal. Gateway needs the checklist done, and no off-the-job hours on or after its date.
 */
export async function changeApprenticeshipStatus(
  db: Kysely<DB>,
  input: {
    apprenticeshipId: string
    status: ApprenticeshipStatus
    effectiveOn: string
    note: string
    actorId: string
    today?: string
  },
): Promise<void> {
  const today = input.today ?? todayInLondon()
  await db.transaction().execute(async (trx) => {
    const locked = await lockApprenticeship(trx, input.apprenticeshipId)
    if (!NEXT_STATUSES[locked.status].includes(input.status)) {
      throw new ApprenticeshipRuleError(
        'newStatus',
        `An apprenticeship that is ${STATUS_LABELS[locked.status].toLowerCase()} cannot move to ${STATUS_LABELS[input.status].toLowerCase()}`,
      )
    }
    if (input.effectiveOn > today) throw new ApprenticeshipRuleError('statusOn', 'The date cannot be in the future')
    if (input.effectiveOn < locked.lastChangeOn) {
      throw new ApprenticeshipRuleError(
        'statusOn',
        `The date cannot be before the last change of status (${formatUkDate(locked.lastChangeOn)})`,
      )
    }
    if (input.status === 'break-in-learning' || input.status === 'gateway') {
      const later = await trx
        .selectFrom('otj_log')
        .select('done_on')
        .where('apprenticeship_id', '=', input.apprenticeshipId)
        .where('done_on', '>=', input.effectiveOn)
        .executeTakeFirst()
      if (later) {
        throw new ApprenticeshipRuleError(
          'statusOn',
          `Off-the-job hours are logged on ${formatUkDate(later.done_on)}, on or after this date`,
        )
      }
    }
    if (input.status === 'gateway') {
      const checklist = await trx
        .selectFrom('apprenticeship_gateway as g')
        .innerJoin('apprenticeship as a', 'a.id', 'g.apprenticeship_id')
        .select([
          'a.aged_19_plus_at_start as agedNineteenPlusAtStart',
          'g.ksbs_met_on as ksbsMetOn',
          'g.modules_passed_on as modulesPassedOn',
          'g.pad_signed_on as padSignedOn',
          'g.english_maths_on as englishMathsOn',
          'g.english_maths_in_plan as englishMathsInPlan',
        ])
        .where('g.apprenticeship_id', '=', input.apprenticeshipId)
        .executeTakeFirstOrThrow()
      const readiness = gatewayReadiness(
        { standardCode: locked.standardCode, agedNineteenPlusAtStart: checklist.agedNineteenPlusAtStart, checklist },
        input.effectiveOn,
      )
      if (!readiness.ready) {
        throw new ApprenticeshipRuleError(
          'newStatus',
          `The gateway checklist has ${readiness.outstanding} ${readiness.outstanding === 1 ? 'item' : 'items'} still to do`,
        )
      }
    }
    const gatewayOn =
      input.status === 'gateway' ? input.effectiveOn : input.status === 'on-programme' ? null : locked.gatewayOn
    await trx
      .updateTable('apprenticeship')
      .set({
        status: input.status,
        gateway_on: gatewayOn,
        ended_on: input.status === 'withdrawn' ? input.effectiveOn : null,
        updated_at: sql`now()`,
      })
      .where('id', '=', input.apprenticeshipId)
      .execute()
    await trx
      .insertInto('apprenticeship_status_event')
      .values({
        apprenticeship_id: input.apprenticeshipId,
        status: input.status,
        effective_on: input.effectiveOn,
        note: input.note,
        actor_id: input.actorId,
      })
      .execute()
    await auditApprenticeship(trx, input.actorId, 'status_changed', input.apprenticeshipId, {
      from: locked.status,
      to: input.status,
      effectiveOn: input.effectiveOn,
    })
  })
}

/**
 * Records the confirmed result. For the OT degree the apprentice becomes an occupational therapist in the
 * portal, with an HCPC registration still to record; their evidence and sign-offs stay exactly as they are.
 */
export async function completeApprenticeship(
  db: Kysely<DB>,
  input: { apprenticeshipId: string; completedOn: string; result: string; actorId: string; today?: string },
): Promise<{ jobRoleCode: string | null }> {
  const today = input.today ?? todayInLondon()
  return db.transaction().execute(async (trx) => {
    const locked = await lockApprenticeship(trx, input.apprenticeshipId)
    if (locked.status !== 'gateway' && locked.status !== 'epa') {
      throw new ApprenticeshipRuleError('form', 'Record the result once the apprentice has passed gateway')
    }
    if (input.completedOn > today) {
      throw new ApprenticeshipRuleError('completedOn', 'The date cannot be in the future')
    }
    if (input.completedOn < locked.lastChangeOn) {
      throw new ApprenticeshipRuleError(
        'completedOn',
        `The date cannot be before the last change of status (${formatUkDate(locked.lastChangeOn)})`,
      )
    }
    await trx
      .updateTable('apprenticeship')
      .set({ status: 'completed', ended_on: input.completedOn, result: input.result, updated_at: sql`now()` })
      .where('id', '=', input.apprenticeshipId)
      .execute()
    await trx
      .insertInto('apprenticeship_status_event')
      .values({
        apprenticeship_id: input.apprenticeshipId,
        status: 'completed',
        effective_on: input.completedOn,
        note: input.result,
        actor_id: input.actorId,
      })
      .execute()
    const jobRoleCode = findStandard(locked.standardCode)?.jobRoleOnCompletion ?? null
    if (jobRoleCode) await changeJobRole(trx, locked.personId, jobRoleCode, input.actorId)
    await auditApprenticeship(trx, input.actorId, 'completed', input.apprenticeshipId, {
      completedOn: input.completedOn,
      result: input.result,
      jobRoleCode,
    })
    return { jobRoleCode }
  })
}
