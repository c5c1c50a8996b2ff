import { type Actor, can } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { ownTasks } from './own-tasks.rules'
import { type HomeFacts, type HomeTask, plural } from './home-task.rules'

export type { HomeFacts, HomeTask, OpenActionFact } from './home-task.rules'

/** Pinned first; then overdue, oldest due date first; then by due date; then the undated, in the order given. */
export function orderTasks(tasks: readonly HomeTask[]): HomeTask[] {
  const tier = (task: HomeTask) => (task.pinned ? 0 : task.overdue ? 1 : task.dueOn ? 2 : 3)
  return tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => {
      const byTier = tier(a.task) - tier(b.task)
      if (byTier !== 0) return byTier
      const aDue = a.task.dueOn ?? '9999-12-31'
      const bDue = b.task.dueOn ?? '9999-12-31'
      return aDue < bDue ? -1 : aDue > bDue ? 1 : a.index - b.index
    })
    .map(({ task }) => task)
}

/** What a person should do next, from what the portal knows about them today, in the order to do it. */
export function listHomeTasks(actor: Actor, facts: HomeFacts, today: string = todayInLondon()): HomeTask[] {
  const tasks = [...serviceTasks(actor, facts), ...ownTasks(actor, facts, today), ...reviewTasks(facts)]
  return orderTasks(tasks.map((task) => ({ ...task, overdue: task.overdue ?? false })))
}

/** For the principal OT, administrators and supervisors: the people they oversee. */
function serviceTasks(actor: Actor, facts: HomeFacts): HomeTask[] {
  const tasks: HomeTask[] = []
  if (facts.lapsedRegistrations) {
    const n = facts.lapsedRegistrations
    tasks.push({
      id: 'registrations-lapsed',
      text: `${n} active ${plural(n, 'member of staff has a lapsed HCPC registration', 'members of staff have lapsed HCPC registrations')}: they must not practise as registrants until HCPC readmits them.`,
      link: { to: '/workforce/registrations?status=lapsed', label: 'See lapsed registrations' },
      overdue: true,
      when: 'Overdue: lapsed',
      pinned: true,
    })
  }
  if (facts.peopleWithoutSupervisor) {
    const n = facts.peopleWithoutSupervisor
    tasks.push({
      id: 'unsupervised-staff',
      text: `${n} ${plural(n, 'member of staff has', 'members of staff have')} no supervisor linked.`,
      // Administrators link supervisors; the principal OT sees who from the dashboard, which counts the same way.
      link: can(actor, 'admin.users.manage')
        ? { to: '/admin/users?supervisor=none', label: 'See who' }
        : { to: '/workforce#supervision-title', label: 'See who' },
      pinned: true,
    })
  }
  if (facts.registrationsNeedingAction) {
    const n = facts.registrationsNeedingAction
    tasks.push({
      id: 'registrations-need-action',
      text: `${n} HCPC ${plural(n, 'registration needs', 'registrations need')} action today.`,
      link: { to: '/workforce/registrations?status=needs-action', label: 'See registrations' },
    })
  }
  if (facts.supervisionOverdue) {
    const n = facts.supervisionOverdue
    tasks.push({
      id: 'supervision-overdue',
      text: `Supervision is overdue for ${n} ${plural(n, 'person', 'people')}.`,
      link: { to: '/supervision', label: 'See supervision' },
      overdue: true,
      when: 'Overdue',
    })
  }
  return tasks
}

/** Sign-offs: requests to review, and the person's own requests that ask something of them. */
function reviewTasks(facts: HomeFacts): HomeTask[] {
  const tasks: HomeTask[] = []
  const review = facts.signoffsToReview
  if (review && review.count > 0) {
    const waited =
      review.oldestDays >= 1
        ? ` The oldest has waited ${review.oldestDays} ${plural(review.oldestDays, 'day', 'days')}.`
        : ''
    tasks.push({
      id: 'signoffs-to-review',
      text: `${review.count} sign-off ${plural(review.count, 'request is', 'requests are')} waiting for your review.${waited}`,
      link: { to: '/signoffs', label: 'Review' },
    })
  }
  if (facts.signoffsToReReview) {
    const n = facts.signoffsToReReview
    tasks.push({
      id: 'signoffs-to-re-review',
      text: `The evidence behind ${plural(n, 'a sign-off', `${n} sign-offs`)} you gave has changed: look at the changes and sign ${plural(n, 'it', 'them')} off again or return ${plural(n, 'it', 'them')}.`,
      link: { to: '/signoffs#rereview-title', label: 'Re-review' },
    })
  }
  if (facts.signoffsNeedingReReview) {
    const n = facts.signoffsNeedingReReview
    tasks.push({
      id: 'signoffs-re-review',
      text: `Evidence behind ${plural(n, 'a sign-off', `${n} sign-offs`)} changed, so ${plural(n, 'it no longer counts', 'they no longer count')} until re-reviewed.`,
      link: { to: '/capabilities', label: 'See my capabilities' },
    })
  }
  const returned = facts.signoffsReturned ?? []
  if (returned.length > 0) {
    const n = returned.length
    tasks.push({
      id: 'signoffs-returned',
      text: `${plural(n, 'A sign-off request was', `${n} sign-off requests were`)} returned with comments: read them, then ask again.`,
      link:
        n === 1
          ? { to: `/signoffs/${returned[0]}`, label: 'Read the comments and ask again' }
          : { to: '/signoffs#own-title', label: 'See your requests' },
    })
  }
  return tasks
}
