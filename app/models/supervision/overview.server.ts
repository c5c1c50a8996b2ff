import { type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { DB } from '#db/schema'
import { type Actor, visibility } from '#app/auth/policy'
import { addMonths, formatUkDate, todayInLondon } from '#app/lib/dates'
import type { OutgoingMessage } from '#app/models/outbox/outbox.server'
import { countCapabilityGaps } from '#app/models/capabilities/capabilities.server'
import { listRegistrationStandings } from '#app/models/registration/registration.server'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { countPendingSignoffs } from '#app/models/signoffs/queries.server'
import { SUPERVISION_FREQUENCY, type SupervisionFrequency } from './frequency.data'
import {
  type Compliance,
  type DueStatus,
  REPORTING_MONTHS,
  actualAgainstExpected,
  continuousStart,
  describeInterval,
  reportingPeriod,
  stageWindows,
  supervisionDue,
} from './supervision.rules'
import type { RegistrationStatus } from '#app/models/registration/registration.rules'

export interface SupervisionLinkSummary {
  supervisorId: string
  supervisorName: string
  startsOn: string
  endsOn: string | null
  current: boolean
}

export interface SupervisionSchedule {
  stageLabel: string
  every: string
  minimumMinutes: number
  lastHeldOn: string | null
  due: DueStatus | null
  compliance: Compliance | null
}

export interface SupervisionPerson {
  id: string
  name: string
  jobRoleTitle: string | null
  qualifiedOn: string | null
  links: SupervisionLinkSummary[]
  schedule: SupervisionSchedule
}

/** The person, every supervision link they have had (newest first) and where their schedule stands today. */
export async function getSupervisionPerson(
  db: Kysely<DB>,
  personId: string,
  today: string = todayInLondon(),
  rules: SupervisionFrequency = SUPERVISION_FREQUENCY,
): Promise<SupervisionPerson | undefined> {
  const person = await db
    .selectFrom('app_user as u')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .select((eb) => [
      'u.id',
      'u.name',
      'u.job_role_code as jobRoleCode',
      'j.title as jobRoleTitle',
      'u.qualified_on as qualifiedOn',
      jsonArrayFrom(
        eb
          .selectFrom('supervision_link as l')
          .innerJoin('app_user as s', 's.id', 'l.supervisor_id')
          .select([
            'l.supervisor_id as supervisorId',
            's.name as supervisorName',
            'l.starts_on as startsOn',
            'l.ends_on as endsOn',
            sql<boolean>`${isCurrentLink('l', today)}`.as('current'),
          ])
          .whereRef('l.supervisee_id', '=', 'u.id')
          .orderBy('l.starts_on', 'desc'),
      ).as('links'),
      jsonArrayFrom(
        eb
          .selectFrom('supervision_session as ss')
          .select(['ss.held_on as heldOn', 'ss.minutes'])
          .whereRef('ss.supervisee_id', '=', 'u.id')
          .where('ss.held_on', '<=', today)
          .orderBy('ss.held_on', 'desc'),
      ).as('sessions'),
    ])
    .where('u.id', '=', personId)
    .executeTakeFirst()
  if (!person) return undefined
  const windows = stageWindows(rules, person.jobRoleCode, person.qualifiedOn)
  const current = person.links.filter((link) => link.current)
  const supervisedSince = current.length > 0 ? continuousStart(person.links, today) : null
  const lastHeldOn = person.sessions[0]?.heldOn ?? null
  const due = supervisedSince ? supervisionDue(windows, { lastHeldOn, supervisedSince }, today) : null
  const stage = due?.stage ?? windows[windows.length - 1].stage
  return {
    id: person.id,
    name: person.name,
    jobRoleTitle: person.jobRoleTitle,
    qualifiedOn: person.qualifiedOn,
    links: person.links,
    schedule: {
      stageLabel: stage.label,
      every: describeInterval(stage.every),
      minimumMinutes: rules.minimumSessionMinutes,
      lastHeldOn,
      due,
      compliance: supervisedSince
        ? actualAgainstExpected(
            windows,
            person.sessions,
            reportingPeriod(today, supervisedSince),
            rules.minimumSessionMinutes,
          )
        : null,
    },
  }
}

export interface SuperviseeOverview {
  personId: string
  name: string
  jobRoleTitle: string | null
  teamId: string | null
  teamName: string | null
  supervisorId: string
  supervisorName: string
  since: string
  lastHeldOn: string | null
  due: DueStatus
  compliance: Compliance
  /** Filled, with what follows, by withPageDetails for the rows a page shows. */
  openActions?: number
  pendingSignoffs?: number
  hcpcStatus?: { status: RegistrationStatus; label: string }
  gaps?: number
}

/** Open supervision actions from each person's sessions, whoever owns them. */
async function countOpenActions(db: Kysely<DB>, personIds: readonly string[]): Promise<Map<string, number>> {
  if (personIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('supervision_action as a')
    .innerJoin('supervision_session as s', 's.id', 'a.session_id')
    .select(['s.supervisee_id as personId', sql<number>`count(*)::int`.as('n')])
    .where('s.supervisee_id', 'in', personIds)
    .where('a.done_at', 'is', null)
    .groupBy('s.supervisee_id')
    .execute()
  return new Map(rows.map((row) => [row.personId, row.n]))
}

/**
 * Adds what the page shows beside each schedule: open actions, pending sign-off requests, capability gaps against
 * their role (from the same achieved levels as the capability profile) and HCPC status. Call it on the rows a page
 * shows, not on every row a report counts.
 */
export async function withPageDetails(
  db: Kysely<DB>,
  rows: SuperviseeOverview[],
  today: string,
): Promise<SuperviseeOverview[]> {
  const ids = [...new Set(rows.map((row) => row.personId))]
  const [actions, pending, gaps, registrations] = await Promise.all([
    countOpenActions(db, ids),
    countPendingSignoffs(db, ids),
    countCapabilityGaps(db, ids),
    listRegistrationStandings(db, ids, today),
  ])
  return rows.map((row) => ({
    ...row,
    openActions: actions.get(row.personId) ?? 0,
    pendingSignoffs: pending.get(row.personId) ?? 0,
    gaps: gaps.get(row.personId)?.gaps ?? 0,
    hcpcStatus: registrations.has(row.personId)
      ? {
          status: registrations.get(row.personId)!.standing.status,
          label: registrations.get(row.personId)!.standing.label,
        }
      : undefined,
  }))
}

/**
 * One row per current supervision link the viewer may see (their own supervisees, or everyone's for the principal
 * OT), most overdue first.
 */
export async function listSuperviseeOverview(
  db: Kysely<DB>,
  viewer: Actor,
  today: string = todayInLondon(),
  rules: SupervisionFrequency = SUPERVISION_FREQUENCY,
): Promise<SuperviseeOverview[]> {
  const reach = visibility(viewer)
  if (reach === 'self') return []
  return listOverview(db, reach === 'all' ? {} : { supervisorId: viewer.id }, today, rules)
}

/** Which current supervision links to list: one supervisor's, one team's or job role's, or (empty) everyone's. */
export interface OverviewFilter {
  supervisorId?: string
  teamId?: string | null
  jobRoleCode?: string | null
}

/**
 * Every current link in the filter with its schedule worked out by the same rules as the overview: for reports of
 * the whole service, which are for the principal OT (check the policy before calling it).
 */
export function listSupervisionStandings(
  db: Kysely<DB>,
  filter: OverviewFilter,
  today: string = todayInLondon(),
  rules: SupervisionFrequency = SUPERVISION_FREQUENCY,
): Promise<SuperviseeOverview[]> {
  return listOverview(db, filter, today, rules)
}

async function listOverview(
  db: Kysely<DB>,
  filter: OverviewFilter,
  today: string,
  rules: SupervisionFrequency,
): Promise<SuperviseeOverview[]> {
  let query = db
    .selectFrom('supervision_link as l')
    .innerJoin('app_user as u', 'u.id', 'l.supervisee_id')
    .innerJoin('app_user as sup', 'sup.id', 'l.supervisor_id')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .select((eb) => [
      'u.id as personId',
      'u.name',
      'u.job_role_code as jobRoleCode',
      'u.qualified_on as qualifiedOn',
      'j.title as jobRoleTitle',
      'u.team_id as teamId',
      't.name as teamName',
      'l.supervisor_id as supervisorId',
      'sup.name as supervisorName',
      'l.starts_on as since',
      jsonArrayFrom(
        eb
          .selectFrom('supervision_link as h')
          .select(['h.starts_on as startsOn', 'h.ends_on as endsOn'])
          .whereRef('h.supervisee_id', '=', 'u.id'),
      ).as('links'),
      eb
        .selectFrom('supervision_session as ss')
        .select((s) => s.fn.max('ss.held_on').as('lastHeldOn'))
        .whereRef('ss.supervisee_id', '=', 'u.id')
        .where('ss.held_on', '<=', today)
        .as('lastHeldOn'),
      // Only the reporting period's sessions count towards compliance, and it never starts earlier than this.
      jsonArrayFrom(
        eb
          .selectFrom('supervision_session as ss')
          .select(['ss.held_on as heldOn', 'ss.minutes'])
          .whereRef('ss.supervisee_id', '=', 'u.id')
          .where('ss.held_on', '>=', addMonths(today, -REPORTING_MONTHS))
          .where('ss.held_on', '<=', today),
      ).as('sessions'),
    ])
    .where(isCurrentLink('l', today))
    .where('u.active', '=', true)
  if (filter.supervisorId) query = query.where('l.supervisor_id', '=', filter.supervisorId)
  if (filter.teamId) query = query.where('u.team_id', '=', filter.teamId)
  if (filter.jobRoleCode) query = query.where('u.job_role_code', '=', filter.jobRoleCode)
  const rows = await query.orderBy('u.name').orderBy('sup.name').execute()
  return rows
    .map((row) => {
      const windows = stageWindows(rules, row.jobRoleCode, row.qualifiedOn)
      const supervisedSince = continuousStart(row.links, today)
      const lastHeldOn = row.lastHeldOn
      return {
        personId: row.personId,
        name: row.name,
        jobRoleTitle: row.jobRoleTitle,
        teamId: row.teamId,
        teamName: row.teamName,
        supervisorId: row.supervisorId,
        supervisorName: row.supervisorName,
        since: row.since,
        lastHeldOn,
        due: supervisionDue(windows, { lastHeldOn, supervisedSince }, today),
        compliance: actualAgainstExpected(
          windows,
          row.sessions,
          reportingPeriod(today, supervisedSince),
          rules.minimumSessionMinutes,
        ),
      }
    })
    .sort((a, b) => b.due.daysOverdue - a.due.daysOverdue)
}

/** One message to each current supervisor for each supervisee whose session is overdue today. */
export async function supervisionOverdueReminders(db: Kysely<DB>, today: string): Promise<OutgoingMessage[]> {
  const rows = await listOverview(db, {}, today, SUPERVISION_FREQUENCY)
  return rows
    .filter((row) => row.due.overdue)
    .map((row) => ({
      kind: 'supervision.overdue',
      recipientId: row.supervisorId,
      template: 'supervision-overdue',
      personalisation: {
        person: row.name,
        dueOn: formatUkDate(row.due.dueOn),
        lastSession: row.lastHeldOn ? formatUkDate(row.lastHeldOn) : 'none recorded',
        path: `/supervision/${row.personId}`,
      },
      dedupeKey: `supervision.overdue:${row.personId}:${row.due.dueOn}:${row.supervisorId}`,
    }))
}
