import { type Transaction, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import type { Role } from '#app/auth/policy'
import { RuleError } from '#app/lib/rule-error'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import type { PersonForm } from './admin.schema'
import { normaliseEmail } from './users.schema'
import { EmailTakenError } from './users.server'

/** A rule of account administration the input broke; `field` names the form field it belongs beside. */
export class PersonRuleError extends RuleError {}

export class EmployeeNumberTakenError extends RuleError {
  constructor(employeeNumber: string) {
    super(`Employee number ${employeeNumber} already belongs to someone else`, 'employeeNumber')
  }
}

const UNIQUE_VIOLATION = '23505'

/** The person as the edit page shows them. */
export interface PersonForEdit {
  id: string
  name: string
  email: string
  employeeNumber: string | null
  jobRoleCode: string | null
  teamId: string | null
  teamName: string | null
  teamArchived: boolean
  roles: Role[]
  startsOn: string | null
  leavesOn: string | null
  qualifiedOn: string | null
  active: boolean
}

export async function getPersonForEdit(db: Db, id: string): Promise<PersonForEdit | undefined> {
  const row = await db
    .selectFrom('app_user as u')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.employee_number as employeeNumber',
      'u.job_role_code as jobRoleCode',
      'u.team_id as teamId',
      't.name as teamName',
      sql<boolean>`coalesce(t.archived_at is not null, false)`.as('teamArchived'),
      sql<
        Role[]
      >`coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}')`.as('roles'),
      'u.starts_on as startsOn',
      'u.leaves_on as leavesOn',
      'u.qualified_on as qualifiedOn',
      'u.active',
    ])
    .where('u.id', '=', id)
    .executeTakeFirst()
  return row
}

async function checkChoices(trx: Transaction<DB>, form: PersonForm, currentTeamId: string | null): Promise<void> {
  if (form.jobRoleCode) {
    const role = await trx.selectFrom('job_role').select('code').where('code', '=', form.jobRoleCode).executeTakeFirst()
    if (!role) throw new PersonRuleError('Choose a job role from the list', 'jobRoleCode')
  }
  if (form.teamId) {
    const team = await trx
      .selectFrom('team')
      .select(['id', 'archived_at as archivedAt'])
      .where('id', '=', form.teamId)
      .executeTakeFirst()
    // A person already in an archived team may stay there; nobody new is put in one.
    if (!team || (team.archivedAt && team.id !== currentTeamId)) {
      throw new PersonRuleError('Choose a team from the list', 'teamId')
    }
  }
}

async function checkUnique(trx: Transaction<DB>, form: PersonForm, exceptId: string | null): Promise<void> {
  let email = trx
    .selectFrom('app_user')
    .select('id')
    .where(sql`lower(email)`, '=', normaliseEmail(form.email))
  if (exceptId) email = email.where('id', '<>', exceptId)
  if (await email.executeTakeFirst()) throw new EmailTakenError(form.email)
  if (form.employeeNumber) {
    let number = trx.selectFrom('app_user').select('id').where('employee_number', '=', form.employeeNumber)
    if (exceptId) number = number.where('id', '<>', exceptId)
    if (await number.executeTakeFirst()) throw new EmployeeNumberTakenError(form.employeeNumber)
  }
}

/** Two administrators saving the same address at once: the second is told as if the check had caught it. */
function uniqueRuleError(error: unknown, form: PersonForm): unknown {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown }
  if (code !== UNIQUE_VIOLATION) return error
  if (constraint === 'app_user_employee_number_key' && form.employeeNumber) {
    return new EmployeeNumberTakenError(form.employeeNumber)
  }
  return new EmailTakenError(form.email)
}

function columns(form: PersonForm) {
  return {
    name: form.name,
    email: form.email,
    employee_number: form.employeeNumber,
    job_role_code: form.jobRoleCode,
    team_id: form.teamId,
    starts_on: form.startsOn,
    leaves_on: form.leavesOn,
    qualified_on: form.qualifiedOn,
  }
}

/** Adds a person with the access chosen; they set a password through a reset link. */
export async function createPerson(db: Db, input: { form: PersonForm; actorId: string }): Promise<string> {
  const { form } = input
  return inTransaction(db, async (trx) => {
    await checkChoices(trx, form, null)
    await checkUnique(trx, form, null)
    const { id } = await trx
      .insertInto('app_user')
      .values(columns(form))
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw uniqueRuleError(error, form)
      })
    await trx
      .insertInto('user_role')
      .values(form.roles.map((role) => ({ user_id: id, role })))
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'user.created',
      subjectKind: 'person',
      subjectId: id,
      data: { roles: form.roles, jobRoleCode: form.jobRoleCode, teamId: form.teamId },
    })
    return id
  })
}

const FIELD_COLUMNS = {
  name: 'name',
  email: 'email',
  employeeNumber: 'employeeNumber',
  jobRoleCode: 'jobRoleCode',
  teamId: 'teamId',
  startsOn: 'startsOn',
  leavesOn: 'leavesOn',
  qualifiedOn: 'qualifiedOn',
} as const

/**
 * Saves the person's details and access. Returns the names of the fields that changed (none: nothing is written).
 * An administrator cannot take their own administrator access away, so the portal always keeps one who can sign in.
 */
export async function updatePerson(
  db: Db,
  input: { personId: string; form: PersonForm; actorId: string },
): Promise<string[] | undefined> {
  const { form } = input
  return inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', input.personId)
      .forUpdate()
      .executeTakeFirst()
    if (!before) return undefined
    const current = (await getPersonForEdit(trx, input.personId))!
    if (input.personId === input.actorId && !form.roles.includes('admin')) {
      throw new PersonRuleError('You cannot remove your own administrator access', 'roles')
    }
    await checkChoices(trx, form, current.teamId)
    await checkUnique(trx, form, input.personId)
    const changed: string[] = Object.keys(FIELD_COLUMNS).filter(
      (key) => form[key as keyof typeof FIELD_COLUMNS] !== current[key as keyof typeof FIELD_COLUMNS],
    )
    const added = form.roles.filter((role) => !current.roles.includes(role))
    const removed = current.roles.filter((role) => !form.roles.includes(role))
    if (added.length > 0 || removed.length > 0) changed.push('roles')
    if (changed.length === 0) return []
    await trx
      .updateTable('app_user')
      .set({ ...columns(form), updated_at: sql`now()` })
      .where('id', '=', input.personId)
      .execute()
      .catch((error: unknown) => {
        throw uniqueRuleError(error, form)
      })
    if (removed.length > 0) {
      await trx.deleteFrom('user_role').where('user_id', '=', input.personId).where('role', 'in', removed).execute()
    }
    if (added.length > 0) {
      await trx
        .insertInto('user_role')
        .values(added.map((role) => ({ user_id: input.personId, role })))
        .execute()
    }
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'user.updated',
      subjectKind: 'person',
      subjectId: input.personId,
      data: {
        fields: changed,
        ...(added.length > 0 ? { rolesAdded: added } : {}),
        ...(removed.length > 0 ? { rolesRemoved: removed } : {}),
      },
    })
    return changed
  })
}

/**
 * Stops a person signing in: the account and everything they recorded stay, their sessions end at once and any
 * reset link they have not used stops working. Returns false if they were already inactive.
 */
export async function deactivatePerson(db: Db, input: { personId: string; actorId: string }): Promise<boolean> {
  if (input.personId === input.actorId) {
    throw new PersonRuleError('You cannot deactivate your own account', 'form')
  }
  return inTransaction(db, async (trx) => {
    const changed = await trx
      .updateTable('app_user')
      .set({ active: false, updated_at: sql`now()` })
      .where('id', '=', input.personId)
      .where('active', '=', true)
      .executeTakeFirst()
    if (Number(changed.numUpdatedRows) === 0) return false
    const sessions = await trx.deleteFrom('user_session').where('user_id', '=', input.personId).executeTakeFirst()
    await trx.deleteFrom('password_reset').where('user_id', '=', input.personId).where('used_at', 'is', null).execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'user.deactivated',
      subjectKind: 'person',
      subjectId: input.personId,
      data: { sessionsEnded: Number(sessions.numDeletedRows) },
    })
    return true
  })
}

/** Lets a deactivated person sign in again. Returns false if they were already active. */
export async function reactivatePerson(db: Db, input: { personId: string; actorId: string }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const changed = await trx
      .updateTable('app_user')
      .set({ active: true, updated_at: sql`now()` })
      .where('id', '=', input.personId)
      .where('active', '=', false)
      .executeTakeFirst()
    if (Number(changed.numUpdatedRows) === 0) return false
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'user.reactivated',
      subjectKind: 'person',
      subjectId: input.personId,
    })
    return true
  })
}
