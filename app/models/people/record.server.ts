import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { type Actor, type PersonSubject, can } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { isUuid } from '#app/lib/ids'
import { isCurrentLink } from '#app/models/shared/scope.server'
import {
  type ApprenticeshipDetail,
  getApprenticeshipDetail,
  getOwnApprenticeshipId,
  summariseApprenticeship,
} from '#app/models/apprenticeship/queries.server'
import { describeStandard } from '#app/models/apprenticeship/rules.data'
import { getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { defaultProfilePeriod } from '#app/models/cpd-profile/cpd-profile.schema'
import { listEvidenceLog } from '#app/models/evidence/log.server'
import { readLogFilters } from '#app/models/evidence/log.schema'
import { getRegistration } from '#app/models/registration/registration.server'
import { listOwnRequests } from '#app/models/signoffs/queries.server'
import { getSupervisionPerson } from '#app/models/supervision/overview.server'
import { listSupervisionSessions } from '#app/models/supervision/sessions.server'
import { getPersonProfile, getPersonSubject } from './users.server'

/** How many CPD entries and supervision sessions the record lists before it points to the rest. */
export const RECORD_ENTRY_LIMIT = 20
export const RECORD_SESSION_LIMIT = 5

/** The policy's view of the person whose record this is; undefined for an unknown or malformed id. */
export function getPersonRecordSubject(db: Kysely<DB>, personId: string): Promise<PersonSubject | undefined> {
  return isUuid(personId) ? getPersonSubject(db, personId) : Promise.resolve(undefined)
}

/**
 * Of these people, the ones whose record the viewer may open, decided by the policy on each person's real
 * subject (their supervisors today), so a list links a name only where the page behind it would open.
 */
export async function openableRecords(
  db: Kysely<DB>,
  viewer: Actor,
  personIds: readonly string[],
  today: string = todayInLondon(),
): Promise<Set<string>> {
  const ids = [...new Set(personIds)].filter(isUuid)
  if (ids.length === 0) return new Set()
  // One query for the whole page of names, rather than one subject look-up per row.
  const rows = await db
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
    .where('u.id', 'in', ids)
    .execute()
  return new Set(
    rows
      .map((row): PersonSubject => ({
        kind: 'person',
        id: row.id,
        currentSupervisorIds: row.currentSupervisorIds ?? [],
      }))
      .filter((subject) => can(viewer, 'person.record.read', subject))
      .map((subject) => subject.id),
  )
}

/**
 * Everything a person's record shows, read through the functions each area's own pages use, so the record
 * cannot disagree with them. The caller has already checked 'person.record.read'; `viewer` decides only what
 * stays confidential within it (supervision notes, through the policy in listSupervisionSessions).
 */
export async function getPersonRecord(db: Kysely<DB>, input: { personId: string; viewer: Actor; today: string }) {
  const { personId, viewer, today } = input
  // The log page's own defaults (active entries, no filters), and the same filters bounded to the CPD period.
  const { filters } = readLogFilters(new URLSearchParams())
  const period = defaultProfilePeriod(today)
  const [profile, log, periodLog, capabilities, signoffs, supervision, sessions, registration, apprenticeshipId] =
    await Promise.all([
      getPersonProfile(db, personId),
      listEvidenceLog(db, { ownerId: personId, filters, page: 1 }),
      listEvidenceLog(db, { ownerId: personId, filters: { ...filters, from: period.from, to: period.to }, page: 1 }),
      getCapabilityProfile(db, personId),
      listOwnRequests(db, personId),
      getSupervisionPerson(db, personId, today),
      listSupervisionSessions(db, { personId, viewer }, today),
      getRegistration(db, personId, today),
      getOwnApprenticeshipId(db, personId),
    ])
  if (!profile || !capabilities || !supervision || !registration) return undefined
  const detail = apprenticeshipId ? await getApprenticeshipDetail(db, apprenticeshipId) : undefined
  return {
    person: {
      id: profile.id,
      name: profile.name,
      jobRoleTitle: profile.jobRoleTitle,
      jobRoleBand: profile.jobRoleBand,
      teamName: profile.teamName,
      supervisors: profile.supervisors,
    },
    cpd: {
      entries: log.items.slice(0, RECORD_ENTRY_LIMIT),
      total: log.total,
      period,
      periodTotals: periodLog.totals,
      periodEntries: periodLog.total,
    },
    capabilities: capabilities.frameworks,
    signoffs,
    supervision: {
      schedule: supervision.schedule,
      qualifiedOn: supervision.qualifiedOn,
      sessions: sessions.slice(0, RECORD_SESSION_LIMIT),
      sessionCount: sessions.length,
    },
    // Shown when there is something to say: a record, or a role that must register.
    registration:
      registration.record || registration.required
        ? { required: registration.required, record: registration.record, standing: registration.standing }
        : null,
    apprenticeship: detail ? apprenticeshipAtAGlance(detail, today) : null,
  }
}

/** The few facts of an apprenticeship the record shows; its own page has the rest. */
function apprenticeshipAtAGlance(detail: ApprenticeshipDetail, today: string) {
  const { otj, review } = summariseApprenticeship(detail, today)
  const { record } = detail
  return {
    id: record.id,
    standard: describeStandard(record.standardCode),
    provider: record.provider,
    status: record.status,
    startsOn: record.startsOn,
    plannedEndOn: record.plannedEndOn,
    endedOn: record.endedOn,
    otj,
    review,
  }
}

export type PersonRecord = NonNullable<Awaited<ReturnType<typeof getPersonRecord>>>
