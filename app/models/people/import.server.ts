import { type Transaction, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import { todayInLondon } from '#app/lib/dates'
import { RuleError } from '#app/lib/rule-error'
import { startSupervisionLinks } from '#app/models/supervision/links-batch.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import { type PeopleFile, readPeopleFile } from './import-file.server'
import { type ImportContext, type ImportPlan, type PlannedPerson, planCounts, planImport } from './import-plan.rules'
import type { ImportRow } from './import.rules'

export interface ImportCheck extends ImportPlan {
  rows: number
  extraColumns: string[]
}

export type ImportCounts = ReturnType<typeof planCounts>

export class ImportHasProblemsError extends RuleError {
  constructor(readonly check: ImportCheck) {
    super(`The file has ${check.problems.length} problem(s): correct them and check it again`, 'file', 409)
  }
}

const CHUNK = 1000

/** Everything the plan compares the rows with, in a handful of queries however long the file is. */
export async function loadImportContext(db: Db, rows: ImportRow[], today: string): Promise<ImportContext> {
  const numbers = rows.map((r) => r.employeeNumber)
  const emails = [...new Set(rows.flatMap((r) => (r.supervisorEmail ? [r.email, r.supervisorEmail] : [r.email])))]
  const people = await db
    .selectFrom('app_user as u')
    .select((eb) => [
      'u.id',
      'u.employee_number as employeeNumber',
      'u.name',
      'u.email',
      'u.job_role_code as jobRoleCode',
      'u.team_id as teamId',
      'u.starts_on as startsOn',
      'u.leaves_on as leavesOn',
      'u.active',
      eb
        .exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'admin'))
        .as('isAdmin'),
      eb
        .exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'supervisor'))
        .as('isSupervisor'),
    ])
    .where(sql<boolean>`(u.employee_number = any(${numbers}::text[]) or lower(u.email) = any(${emails}::text[]))`)
    .execute()
  const ids = people.map((p) => p.id)
  const [jobRoles, teams, links] = await Promise.all([
    db.selectFrom('job_role').select(['code', 'title']).execute(),
    db
      .selectFrom('team')
      .select(['id', 'code', 'name', sql<boolean>`archived_at is not null`.as('archived')])
      .execute(),
    db
      .selectFrom('supervision_link')
      .select(['supervisor_id as supervisorId', 'supervisee_id as superviseeId'])
      .where(sql<boolean>`supervisee_id = any(${ids}::uuid[])`)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
      .execute(),
  ])
  return {
    today,
    people: people.map((p) => ({ ...p, isAdmin: Boolean(p.isAdmin), isSupervisor: Boolean(p.isSupervisor) })),
    jobRoles,
    teams: teams.map((t) => ({ ...t, archived: Boolean(t.archived) })),
    links,
  }
}

async function planFile(db: Db, file: PeopleFile, today: string): Promise<ImportCheck> {
  const plan = planImport(file.rows, await loadImportContext(db, file.rows, today))
  const problems = [...file.problems, ...plan.problems].sort((a, b) => a.line - b.line)
  return { ...plan, problems, rows: file.rows.length, extraColumns: file.extraColumns }
}

/** The dry run: what applying the file would do, and its problems. Writes nothing. */
export async function checkPeopleFile(db: Db, bytes: Uint8Array, today = todayInLondon()): Promise<ImportCheck> {
  return planFile(db, readPeopleFile(bytes), today)
}

/**
 * Applies a staff file in one transaction, matching people by employee number, or refuses it whole when it has a
 * problem. Applying the same file again changes nothing.
 */
export async function applyPeopleImport(
  db: Db,
  input: { bytes: Uint8Array; actorId: string | null; fileName: string },
  today = todayInLondon(),
): Promise<ImportCounts> {
  const file = readPeopleFile(input.bytes)
  return inTransaction(db, async (trx) => {
    // One import at a time, and no account edits beside it, so the plan stays true while it is written.
    await sql`lock table app_user in share row exclusive mode`.execute(trx)
    const check = await planFile(trx, file, today)
    if (check.problems.length > 0) throw new ImportHasProblemsError(check)
    const ids = await createPeople(trx, check.created, today)
    for (const person of [...check.updated, ...check.deactivated])
      ids.set(person.employeeNumber ?? '', person.personId!)
    await updatePeople(
      trx,
      [...check.updated, ...check.deactivated].filter((p) => p.changes.some(isFieldChange)),
    )
    const linksEnded = await deactivatePeople(trx, check.deactivated, input.actorId)
    const supervisors = [...check.created, ...check.updated].filter((p) => p.grantSupervisor)
    await insertRoles(
      trx,
      supervisors.map((p) => ({ user_id: p.personId ?? ids.get(p.employeeNumber!)!, role: 'supervisor' as const })),
    )
    await insertAuditEvents(trx, [
      ...check.created.map((p) => personEvent(input.actorId, 'user.created', ids.get(p.employeeNumber!)!, p)),
      ...check.updated.map((p) => personEvent(input.actorId, 'user.updated', p.personId!, p)),
      ...check.deactivated.map((p) =>
        personEvent(input.actorId, 'user.deactivated', p.personId!, p, {
          linksEnded: linksEnded.get(p.personId!) ?? 0,
        }),
      ),
    ])
    await startSupervisionLinks(
      trx,
      check.links.map((link) => ({
        supervisorId: link.supervisorId ?? ids.get(link.supervisorEmployeeNumber!)!,
        superviseeId: ids.get(link.superviseeEmployeeNumber)!,
        startsOn: link.startsOn,
      })),
      input.actorId,
    )
    const counts = planCounts(check)
    await insertAuditEvents(trx, [
      {
        actor_id: input.actorId,
        action: 'people_import.applied',
        subject_kind: 'people_import',
        subject_id: null,
        data: JSON.stringify({ fileName: input.fileName, rows: check.rows, ...counts }),
      },
    ])
    return counts
  })
}

const isFieldChange = (change: { label: string }) => change.label !== 'Access'

function personEvent(
  actorId: string | null,
  action: string,
  personId: string,
  person: PlannedPerson,
  extra: Record<string, unknown> = {},
) {
  const data = {
    source: 'people-import',
    line: person.line,
    changes: person.changes,
    ...(person.grantSupervisor ? { rolesAdded: ['supervisor'] } : {}),
    ...extra,
  }
  return {
    actor_id: actorId,
    action,
    subject_kind: 'person',
    subject_id: personId as string | null,
    data: JSON.stringify(data),
  }
}

function columns(person: PlannedPerson) {
  const v = person.values
  return {
    name: v.name,
    email: v.email,
    employee_number: person.employeeNumber,
    job_role_code: v.jobRoleCode,
    team_id: v.teamId,
    starts_on: v.startsOn,
    leaves_on: v.leavesOn,
  }
}

/** New people get the staff role and no password: they set one through a reset link, or use single sign-on. */
async function createPeople(
  trx: Transaction<DB>,
  people: PlannedPerson[],
  today: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (let i = 0; i < people.length; i += CHUNK) {
    const chunk = people.slice(i, i + CHUNK)
    const rows = await trx
      .insertInto('app_user')
      .values(chunk.map((p) => ({ ...columns(p), active: !(p.values.leavesOn && p.values.leavesOn < today) })))
      .returning(['id', 'employee_number as employeeNumber'])
      .execute()
    for (const row of rows) ids.set(row.employeeNumber!, row.id)
    await insertRoles(
      trx,
      rows.map((row) => ({ user_id: row.id, role: 'staff' as const })),
    )
  }
  return ids
}

async function insertRoles(trx: Transaction<DB>, roles: { user_id: string; role: 'staff' | 'supervisor' }[]) {
  for (let i = 0; i < roles.length; i += CHUNK) {
    await trx
      .insertInto('user_role')
      .values(roles.slice(i, i + CHUNK))
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}

async function updatePeople(trx: Transaction<DB>, people: PlannedPerson[]): Promise<void> {
  for (let i = 0; i < people.length; i += CHUNK) {
    const values = people.slice(i, i + CHUNK).map((p) => {
      const v = p.values
      return sql`(${p.personId}::uuid, ${v.name}::text, ${v.email}::text, ${v.jobRoleCode}::text, ${v.teamId}::uuid,
        ${v.startsOn}::date, ${v.leavesOn}::date)`
    })
    await sql`update app_user u set name = v.name, email = v.email, job_role_code = v.job_role_code,
        team_id = v.team_id, starts_on = v.starts_on, leaves_on = v.leaves_on, updated_at = now()
      from (values ${sql.join(values)}) as v(id, name, email, job_role_code, team_id, starts_on, leaves_on)
      where u.id = v.id`.execute(trx)
  }
}

/**
 * Stops the accounts of people who have left, as deactivating one by hand does, and ends their current links
 * (as supervisee or supervisor) on their leaving date. Every record stays. Returns the links ended per person.
 */
async function deactivatePeople(
  trx: Transaction<DB>,
  people: PlannedPerson[],
  actorId: string | null,
): Promise<Map<string, number>> {
  const ended = new Map<string, number>()
  if (people.length === 0) return ended
  const ids = people.map((p) => p.personId!)
  await trx
    .updateTable('app_user')
    .set({ active: false, updated_at: sql`now()` })
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .execute()
  await trx
    .deleteFrom('user_session')
    .where(sql<boolean>`user_id = any(${ids}::uuid[])`)
    .execute()
  await trx
    .deleteFrom('password_reset')
    .where(sql<boolean>`user_id = any(${ids}::uuid[])`)
    .where('used_at', 'is', null)
    .execute()
  const links = await sql<{ id: string; superviseeId: string; supervisorId: string; endsOn: string; leaverId: string }>`
    update supervision_link l set ends_on = u.leaves_on
    from app_user u
    where u.id = any(${ids}::uuid[]) and (l.supervisee_id = u.id or l.supervisor_id = u.id)
      and l.starts_on <= u.leaves_on and (l.ends_on is null or l.ends_on > u.leaves_on)
    returning l.id, l.supervisee_id as "superviseeId", l.supervisor_id as "supervisorId",
      l.ends_on as "endsOn", u.id as "leaverId"`.execute(trx)
  const events = links.rows.map((link) => {
    ended.set(link.leaverId, (ended.get(link.leaverId) ?? 0) + 1)
    return {
      actor_id: actorId,
      action: 'supervision_link.ended',
      subject_kind: 'person',
      subject_id: link.superviseeId,
      data: JSON.stringify({
        linkId: link.id,
        supervisorId: link.supervisorId,
        endsOn: link.endsOn,
        source: 'people-import',
      }),
    }
  })
  await insertAuditEvents(trx, events)
  return ended
}

async function insertAuditEvents(
  trx: Transaction<DB>,
  events: { actor_id: string | null; action: string; subject_kind: string; subject_id: string | null; data: string }[],
): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    await trx
      .insertInto('audit_event')
      .values(events.slice(i, i + CHUNK))
      .execute()
  }
}
