import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import type { PersonSubject, Role } from '#app/auth/policy'
import { hashPassword, verifyPassword } from '#app/lib/password.server'
import { todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { isCurrentLink, lacksSupervisor } from '#app/models/shared/scope.server'
import { normaliseEmail } from './users.schema'
import { RuleError } from '#app/lib/rule-error'

export class EmailTakenError extends RuleError {
  constructor(email: string) {
    super(`An account already uses ${email}`, 'email')
  }
}

export class WrongPasswordError extends RuleError {
  constructor() {
    super('Your current password is incorrect', 'currentPassword')
  }
}

export interface NewUser {
  email: string
  name: string
  jobRoleCode: string | null
  teamId: string | null
  employeeNumber?: string | null
  roles: Role[]
  password?: string
}

export async function createUser(db: Kysely<DB>, input: NewUser, actorId: string | null = null): Promise<string> {
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('app_user')
      .select('id')
      .where(sql`lower(email)`, '=', normaliseEmail(input.email))
      .executeTakeFirst()
    if (taken) throw new EmailTakenError(input.email)
    const { id } = await trx
      .insertInto('app_user')
      .values({
        email: input.email.trim(),
        name: input.name.trim(),
        job_role_code: input.jobRoleCode,
        team_id: input.teamId,
        employee_number: input.employeeNumber ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (input.roles.length > 0) {
      await trx
        .insertInto('user_role')
        .values(input.roles.map((role) => ({ user_id: id, role })))
        .execute()
    }
    if (passwordHash) await trx.insertInto('user_password').values({ user_id: id, hash: passwordHash }).execute()
    await recordAudit(trx, {
      actorId,
      action: 'user.created',
      subjectKind: 'person',
      subjectId: id,
      data: { roles: input.roles, jobRoleCode: input.jobRoleCode },
    })
    return id
  })
}

export interface LoginCandidate {
  id: string
  passwordHash: string | null
  isAdmin: boolean
}

export function getLoginCandidate(db: Kysely<DB>, email: string): Promise<LoginCandidate | undefined> {
  return db
    .selectFrom('app_user as u')
    .leftJoin('user_password as p', 'p.user_id', 'u.id')
    .select(['u.id', 'p.hash as passwordHash'])
    .select(sql<boolean>`exists (select 1 from user_role r where r.user_id = u.id and r.role = 'admin')`.as('isAdmin'))
    .where(sql`lower(u.email)`, '=', normaliseEmail(email))
    .where('u.active', '=', true)
    .executeTakeFirst()
}

/** Replaces the password after checking the current one; every other session of the person ends. */
export async function changePassword(
  db: Kysely<DB>,
  input: { userId: string; currentPassword: string; newPassword: string; keepSessionHash: string },
): Promise<void> {
  const current = await db
    .selectFrom('user_password')
    .select('hash')
    .where('user_id', '=', input.userId)
    .executeTakeFirst()
  if (!(await verifyPassword(current?.hash, input.currentPassword))) throw new WrongPasswordError()
  const hash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('user_password')
      .values({ user_id: input.userId, hash })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ hash, updated_at: sql`now()` }))
      .execute()
    await trx
      .deleteFrom('user_session')
      .where('user_id', '=', input.userId)
      .where('id', '<>', input.keepSessionHash)
      .execute()
    await recordAudit(trx, {
      actorId: input.userId,
      action: 'user.password_changed',
      subjectKind: 'person',
      subjectId: input.userId,
    })
  })
}

export interface PersonProfile {
  id: string
  name: string
  email: string
  jobRoleTitle: string | null
  jobRoleBand: string | null
  teamName: string | null
  roles: Role[]
  supervisors: { id: string; name: string; since: string }[]
}

export async function getPersonProfile(db: Kysely<DB>, userId: string): Promise<PersonProfile | undefined> {
  const today = todayInLondon()
  return db
    .selectFrom('app_user as u')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'j.title as jobRoleTitle',
      'j.band as jobRoleBand',
      't.name as teamName',
      sql<
        Role[]
      >`coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}')`.as('roles'),
      sql<{ id: string; name: string; since: string }[]>`coalesce((
        select json_agg(json_build_object('id', s.id, 'name', s.name, 'since', l.starts_on) order by s.name)
        from supervision_link l join app_user s on s.id = l.supervisor_id
        where l.supervisee_id = u.id and ${isCurrentLink('l', today)}
      ), '[]')`.as('supervisors'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

/** The policy's view of a person: who supervises them today. */
export async function getPersonSubject(db: Kysely<DB>, personId: string): Promise<PersonSubject | undefined> {
  const today = todayInLondon()
  const row = await db
    .selectFrom('app_user as u')
    .select((eb) => [
      'u.id',
      eb
        .selectFrom('supervision_link as l')
        .select(sql<string[]>`coalesce(array_agg(l.supervisor_id), '{}')`.as('ids'))
        .whereRef('l.supervisee_id', '=', 'u.id')
        .where(isCurrentLink('l', today))
        .as('currentSupervisorIds'),
    ])
    .where('u.id', '=', personId)
    .executeTakeFirst()
  if (!row) return undefined
  return { kind: 'person', id: row.id, currentSupervisorIds: row.currentSupervisorIds ?? [] }
}

export interface PersonListItem {
  id: string
  name: string
  email: string
  jobRoleTitle: string | null
  teamName: string | null
  active: boolean
  roles: Role[]
  supervisorNames: string[]
}

export const PEOPLE_PAGE_SIZE = 50

/** Everyone with an account, for administrators: by name, optionally searched or only the unsupervised. */
export async function listPeople(
  db: Kysely<DB>,
  filter: { query?: string; withoutSupervisor?: boolean; page?: number },
): Promise<{ people: PersonListItem[]; total: number }> {
  const today = todayInLondon()
  // Capped so that a page far past the end still gives an OFFSET PostgreSQL accepts (an empty page).
  const page = Math.min(Math.max(1, filter.page ?? 1), 1_000_000)
  let base = db.selectFrom('app_user as u')
  const query = filter.query?.trim()
  if (query) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    base = base.where((eb) => eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]))
  }
  if (filter.withoutSupervisor) base = base.where(lacksSupervisor('u', today))
  const [people, count] = await Promise.all([
    base
      .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
      .leftJoin('team as t', 't.id', 'u.team_id')
      .select([
        'u.id',
        'u.name',
        'u.email',
        'j.title as jobRoleTitle',
        't.name as teamName',
        'u.active',
        sql<
          Role[]
        >`coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}')`.as(
          'roles',
        ),
        sql<string[]>`coalesce((
          select array_agg(s.name order by s.name)
          from supervision_link l join app_user s on s.id = l.supervisor_id
          where l.supervisee_id = u.id and ${isCurrentLink('l', today)}
        ), '{}')`.as('supervisorNames'),
      ])
      .orderBy('u.name')
      .orderBy('u.id')
      .limit(PEOPLE_PAGE_SIZE)
      .offset((page - 1) * PEOPLE_PAGE_SIZE)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ])
  return { people, total: count.total }
}
