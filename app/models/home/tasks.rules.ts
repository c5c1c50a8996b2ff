import { type Actor, hasRole } from '#app/auth/policy'

export interface HomeTask {
  id: string
  text: string
  link?: { to: string; label: string }
}

export interface HomeFacts {
  hasSupervisor: boolean
  peopleWithoutSupervisor: number | null
  /** Sign-off requests waiting for this person's review; days the oldest has waited. */
  signoffsToReview?: { count: number; oldestDays: number } | null
  signoffsReturned?: number
  signoffsNeedingReReview?: number
  /** The person's own HCPC registration, when it asks something of them (status label, e.g. "Lapsed"). */
  ownRegistrationStatus?: string | null
  /** Registrations the viewer oversees that need action today (principal OT, administrators, supervisors). */
  registrationsNeedingAction?: number | null
  /** Supervisees whose supervision is overdue. */
  supervisionOverdue?: number | null
}

/** What a person should do next, from what the portal knows about them today. */
export function listHomeTasks(actor: Actor, facts: HomeFacts): HomeTask[] {
  const tasks: HomeTask[] = []
  if (hasRole(actor, 'staff') && !hasRole(actor, 'principal') && !facts.hasSupervisor) {
    tasks.push({
      id: 'no-supervisor',
      text: 'You have no supervisor linked in the portal. Ask your administrator to link your supervisor.',
    })
  }
  if (facts.peopleWithoutSupervisor) {
    const n = facts.peopleWithoutSupervisor
    tasks.push({
      id: 'unsupervised-staff',
      text: `${n} ${n === 1 ? 'member of staff has' : 'members of staff have'} no supervisor linked.`,
      link: { to: '/admin/users?supervisor=none', label: 'See who' },
    })
  }
  if (facts.ownRegistrationStatus) {
    tasks.push({
      id: 'own-registration',
      text: `Your HCPC registration: ${facts.ownRegistrationStatus}.`,
      link: { to: '/registration', label: 'Check your registration' },
    })
  }
  if (facts.registrationsNeedingAction) {
    const n = facts.registrationsNeedingAction
    tasks.push({
      id: 'registrations-need-action',
      text: `${n} HCPC ${n === 1 ? 'registration needs' : 'registrations need'} action today.`,
      link: { to: '/workforce/registrations?status=needs-action', label: 'See registrations' },
    })
  }
  if (facts.supervisionOverdue) {
    const n = facts.supervisionOverdue
    tasks.push({
      id: 'supervision-overdue',
      text: `Supervision is overdue for ${n} ${n === 1 ? 'person' : 'people'}.`,
      link: { to: '/supervision', label: 'See supervision' },
    })
  }
  const review = facts.signoffsToReview
  if (review && review.count > 0) {
    const waited =
      review.oldestDays >= 1
        ? ` The oldest has waited ${review.oldestDays} ${review.oldestDays === 1 ? 'day' : 'days'}.`
        : ''
    tasks.push({
      id: 'signoffs-to-review',
      text: `${review.count} sign-off ${review.count === 1 ? 'request is' : 'requests are'} waiting for your review.${waited}`,
      link: { to: '/signoffs', label: 'Review' },
    })
  }
  if (facts.signoffsNeedingReReview) {
    const n = facts.signoffsNeedingReReview
    tasks.push({
      id: 'signoffs-re-review',
      text: `Evidence behind ${n === 1 ? 'a sign-off' : `${n} sign-offs`} changed, so ${n === 1 ? 'it no longer counts' : 'they no longer count'} until re-reviewed.`,
      link: { to: '/capabilities', label: 'See my capabilities' },
    })
  }
  if (facts.signoffsReturned) {
    const n = facts.signoffsReturned
    tasks.push({
      id: 'signoffs-returned',
      text: `${n === 1 ? 'A sign-off request was' : `${n} sign-off requests were`} returned with comments.`,
      link: { to: '/signoffs', label: 'Read the comments' },
    })
  }
  return tasks
}
