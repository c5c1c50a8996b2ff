import { daysBetween, formatUkDate } from '#app/lib/dates'
import type { OffTheJobProgress, ReviewProgress } from '#app/models/apprenticeship/progress.rules'
import type { ReadinessCheck } from '#app/models/cpd-profile/cpd-profile.rules'
import type { RegistrationStanding } from '#app/models/registration/registration.rules'
import type { DueStatus } from '#app/models/supervision/supervision.rules'

export interface HomeTask {
  id: string
  text: string
  link?: { to: string; label: string }
  /** The day it is due, or fell due, when there is one. */
  dueOn?: string
  overdue?: boolean
  /** Shown beside the task in words, so that lateness never rests on colour: "Overdue by 3 days", "Due 5 Dec 2026". */
  when?: string
  /** What is still missing, listed under the task. */
  details?: string[]
  /** Service-wide gaps (lapsed registrations, nobody supervising) that come before everything else. */
  pinned?: boolean
}

export interface OpenActionFact {
  id: string
  text: string
  dueOn: string | null
  /** Whose supervision page the action is on: the person's own, or a supervisee's. */
  superviseeId: string
  superviseeName: string
}

export interface HomeFacts {
  hasSupervisor: boolean
  /** Active staff with nobody supervising them (for administrators and the principal OT). */
  peopleWithoutSupervisor: number | null
  /** Sign-off requests waiting for this person's review; days the oldest has waited. */
  signoffsToReview?: { count: number; oldestDays: number } | null
  /** The person's own returned sign-off requests, oldest first. */
  signoffsReturned?: readonly string[]
  signoffsNeedingReReview?: number
  /** Sign-offs this person gave whose evidence has changed since, waiting for them to look again. */
  signoffsToReReview?: number | null
  /** The person's own HCPC registration, as the registration page assesses it. */
  ownRegistration?: { standing: RegistrationStanding; expiresOn: string | null } | null
  /** Days before a renewal window opens from which home mentions it (HCPC's first reminder). */
  renewalNoticeDays?: number
  /** The CPD profile's readiness checks, gathered when the renewal window is open or near. */
  cpdReadiness?: readonly ReadinessCheck[] | null
  /** Registrations the viewer oversees that need action today (principal OT, administrators, supervisors). */
  registrationsNeedingAction?: number | null
  /** Of those, registrations of active accounts that have lapsed. */
  lapsedRegistrations?: number | null
  /** Supervisees whose supervision is overdue. */
  supervisionOverdue?: number | null
  /** Open supervision actions the person owns. */
  ownActions?: readonly OpenActionFact[]
  /** When the person's own next supervision is due, from the supervision page's schedule; null with no supervisor. */
  ownSupervisionDue?: DueStatus | null
  /** The person's open apprenticeship, with its progress as the apprenticeship page works it out. */
  apprenticeship?: { id: string; otj: OffTheJobProgress; review: ReviewProgress } | null
}

/** Upcoming supervision and reviews show this many days ahead; anything later is not yet a task. */
export const DUE_SOON_DAYS = 14

export const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

/** "Overdue by 3 days (due 29 Nov 2026)" or "Due 5 Dec 2026", for a task with a due date. */
export function describeWhen(dueOn: string, today: string, daysOverdue = Math.max(0, daysBetween(dueOn, today))) {
  if (daysOverdue > 0) {
    return `Overdue by ${daysOverdue} ${plural(daysOverdue, 'day', 'days')} (due ${formatUkDate(dueOn)})`
  }
  return dueOn === today ? 'Due today' : `Due ${formatUkDate(dueOn)}`
}
