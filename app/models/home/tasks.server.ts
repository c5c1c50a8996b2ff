import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { type Actor, can } from '#app/auth/policy'
import { wholeDaysSince } from '#app/lib/dates'
import {
  getApprenticeshipDetail,
  getOwnApprenticeshipId,
  summariseApprenticeship,
} from '#app/models/apprenticeship/queries.server'
import { OPEN_STATUSES } from '#app/models/apprenticeship/statuses.rules'
import { loadCpdProfileView } from '#app/models/cpd-profile/cpd-profile.server'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { matchesRegistrationFilter } from '#app/models/registration/registration.rules'
import { getRegistration, listRegistrations } from '#app/models/registration/registration.server'
import { getSignoffTaskFacts } from '#app/models/signoffs/queries.server'
import { countPeopleWithoutSupervisor } from '#app/models/supervision/links.server'
import { getSupervisionPerson, listSuperviseeOverview } from '#app/models/supervision/overview.server'
import { listOwnOpenActions } from '#app/models/supervision/sessions.server'
import { listUnsupervised } from '#app/models/workforce/supervision-compliance.server'
import { renewalWindowNear } from './own-tasks.rules'
import type { HomeFacts } from './home-task.rules'

/**
 * Everything home needs to list a person's tasks, read with the same model functions as the pages each task links
 * to, so that home and those pages cannot disagree. Only the person's own rows, plus counts for those who oversee.
 */
export async function getHomeFacts(db: Kysely<DB>, user: Actor, today: string): Promise<HomeFacts> {
  const noticeDays = Math.max(...hcpcRules().reminderOffsetsDays)
  const [supervision, actions, registration, apprenticeship, signoffs, overview, registrations, unsupervised] =
    await Promise.all([
      can(user, 'supervision.own') ? getSupervisionPerson(db, user.id, today) : undefined,
      can(user, 'supervision.own') || can(user, 'supervision.list') ? listOwnOpenActions(db, user, today) : [],
      can(user, 'registration.own') ? getRegistration(db, user.id, today) : undefined,
      can(user, 'supervision.own') ? getOwnApprenticeship(db, user.id, today) : null,
      getSignoffTaskFacts(db, user, today),
      can(user, 'supervision.list') ? listSuperviseeOverview(db, user, today) : null,
      can(user, 'workforce.registrations.view') ? listRegistrations(db, user, today) : null,
      countUnsupervised(db, user, today),
    ])
  const standing = registration?.required ? registration.standing : null
  // The CPD profile is read only when renewal, and so the chance of an audit, is near.
  const cpd =
    standing && can(user, 'evidence.create') && renewalWindowNear(standing, today, noticeDays)
      ? await loadCpdProfileView(db, { ownerId: user.id, today })
      : null
  return {
    hasSupervisor: supervision ? supervision.links.some((link) => link.current) : true,
    peopleWithoutSupervisor: unsupervised,
    signoffsToReview: signoffs.toReview && {
      count: signoffs.toReview.count,
      oldestDays: signoffs.toReview.oldestRequestedAt
        ? wholeDaysSince(signoffs.toReview.oldestRequestedAt, new Date())
        : 0,
    },
    signoffsToReReview: signoffs.toReReview,
    signoffsReturned: signoffs.returnedIds,
    signoffsNeedingReReview: signoffs.needsReReview,
    ownRegistration: standing ? { standing, expiresOn: registration?.record?.expiresOn ?? null } : null,
    renewalNoticeDays: noticeDays,
    cpdReadiness: cpd?.readiness ?? null,
    registrationsNeedingAction: registrations
      ? registrations.filter((row) => matchesRegistrationFilter(row.standing, 'needs-action')).length
      : null,
    lapsedRegistrations: registrations
      ? registrations.filter((row) => matchesRegistrationFilter(row.standing, 'lapsed')).length
      : null,
    supervisionOverdue: overview
      ? new Set(overview.filter((row) => row.due.overdue).map((row) => row.personId)).size
      : null,
    ownActions: actions,
    ownSupervisionDue: supervision?.schedule.due ?? null,
    apprenticeship,
  }
}

/** The person's open apprenticeship as its page summarises it; null when they have none open. */
async function getOwnApprenticeship(db: Kysely<DB>, personId: string, today: string) {
  const id = await getOwnApprenticeshipId(db, personId)
  const detail = id ? await getApprenticeshipDetail(db, id) : undefined
  if (!detail || !OPEN_STATUSES.includes(detail.record.status)) return null
  const { otj, review } = summariseApprenticeship(detail, today)
  return { id: detail.record.id, otj, review }
}

/**
 * People with nobody supervising them, counted as the page the task links to counts them: the administrators' list
 * of people, or for the principal OT the workforce dashboard.
 */
async function countUnsupervised(db: Kysely<DB>, user: Actor, today: string): Promise<number | null> {
  if (can(user, 'admin.users.manage')) return countPeopleWithoutSupervisor(db, today)
  if (can(user, 'workforce.view')) {
    return (await listUnsupervised(db, { scope: { teamId: null, jobRoleCode: null }, today })).length
  }
  return null
}
