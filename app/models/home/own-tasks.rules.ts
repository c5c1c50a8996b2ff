import { type Actor, hasRole } from '#app/auth/policy'
import { daysBetween, formatUkDate } from '#app/lib/dates'
import { describeHours } from '#app/lib/hours'
import type { RegistrationStanding } from '#app/models/registration/registration.rules'
import { isActionOverdue } from '#app/models/supervision/supervision.rules'
import { DUE_SOON_DAYS, type HomeFacts, type HomeTask, describeWhen, plural } from './home-task.rules'

/** The person's own to-dos: supervision, HCPC registration and CPD profile, apprenticeship. */
export function ownTasks(actor: Actor, facts: HomeFacts, today: string): HomeTask[] {
  const tasks: HomeTask[] = []
  // The principal OT leads the service, so nobody is expected to supervise them.
  if (hasRole(actor, 'staff') && !hasRole(actor, 'principal') && !facts.hasSupervisor) {
    tasks.push({
      id: 'no-supervisor',
      text: 'You have no supervisor linked in the portal. Ask your administrator to link your supervisor.',
    })
  }
  tasks.push(...supervisionTasks(actor, facts, today))
  tasks.push(...registrationTasks(facts, today))
  tasks.push(...apprenticeshipTasks(facts, today))
  return tasks
}

function supervisionTasks(actor: Actor, facts: HomeFacts, today: string): HomeTask[] {
  const tasks: HomeTask[] = []
  const due = facts.ownSupervisionDue
  if (due && (due.overdue || daysBetween(today, due.dueOn) <= DUE_SOON_DAYS)) {
    tasks.push({
      id: 'own-supervision-due',
      text: due.overdue
        ? `Your supervision is behind: a session was due by ${formatUkDate(due.dueOn)}. Arrange one with your supervisor.`
        : `Your next supervision session is due by ${formatUkDate(due.dueOn)}.`,
      link: { to: '/supervision/me', label: 'See your supervision' },
      dueOn: due.dueOn,
      overdue: due.overdue,
      when: describeWhen(due.dueOn, today, due.daysOverdue),
    })
  }
  for (const action of facts.ownActions ?? []) {
    const own = action.superviseeId === actor.id
    const overdue = isActionOverdue({ dueOn: action.dueOn, doneAt: null }, today)
    tasks.push({
      id: `supervision-action-${action.id}`,
      text: `Supervision action${own ? '' : ` with ${action.superviseeName}`}: ${action.text}`,
      link: own
        ? { to: '/supervision/me', label: 'See your supervision' }
        : { to: `/supervision/${action.superviseeId}`, label: `See ${action.superviseeName}’s supervision` },
      dueOn: action.dueOn ?? undefined,
      overdue,
      when: action.dueOn ? describeWhen(action.dueOn, today) : 'No due date',
    })
  }
  return tasks
}

/** The renewal window is open, or opens within `noticeDays`, for a registration that has not lapsed. */
export function renewalWindowNear(standing: RegistrationStanding, today: string, noticeDays: number): boolean {
  const window = standing.window
  if (!window || standing.status === 'lapsed' || window.closes < today) return false
  return standing.windowOpen || daysBetween(today, window.opens) <= noticeDays
}

function registrationTasks(facts: HomeFacts, today: string): HomeTask[] {
  const own = facts.ownRegistration
  if (!own) return []
  const { standing, expiresOn } = own
  const link = { to: '/registration', label: 'See your registration' }
  const tasks: HomeTask[] = []
  const window = standing.window
  if (standing.status === 'to-record') {
    tasks.push({
      id: 'own-registration',
      text: 'Record your HCPC registration: your role needs one and none is recorded.',
      link: { to: '/registration', label: 'Record your registration' },
    })
  } else if (standing.status === 'lapsed' && expiresOn) {
    tasks.push({
      id: 'own-registration',
      text: `Your HCPC registration has lapsed: it ended on ${formatUkDate(expiresOn)}. Do not practise as a registrant until HCPC readmits you, then record the new end date.`,
      link,
      dueOn: expiresOn,
      overdue: true,
      when: `Overdue: lapsed after ${formatUkDate(expiresOn)}`,
    })
  } else if (standing.windowOpen && window) {
    tasks.push({
      id: 'own-registration',
      text: `Renew your HCPC registration: the renewal window is open until ${formatUkDate(window.closes)}. Then record the new end date.`,
      link,
      dueOn: window.closes,
      when: describeWhen(window.closes, today),
    })
  } else if (standing.status.startsWith('expiring-') && expiresOn) {
    const opens = window && window.opens > today ? ` The renewal window opens on ${formatUkDate(window.opens)}.` : ''
    tasks.push({
      id: 'own-registration',
      text: `Your HCPC registration ends on ${formatUkDate(expiresOn)}.${opens} Renew it with HCPC, then record the new end date.`,
      link,
      dueOn: expiresOn,
      when: describeWhen(expiresOn, today),
    })
  } else if (window && renewalWindowNear(standing, today, facts.renewalNoticeDays ?? 0)) {
    tasks.push({
      id: 'own-registration',
      text: `Your HCPC renewal window opens on ${formatUkDate(window.opens)} and closes on ${formatUkDate(window.closes)}.`,
      link,
      dueOn: window.closes,
      when: describeWhen(window.closes, today),
    })
  }
  const checks = facts.cpdReadiness ?? []
  const needWork = checks.filter((check) => !check.ok)
  if (needWork.length > 0) {
    const deadline = window && window.closes >= today ? window.closes : undefined
    tasks.push({
      id: 'cpd-profile',
      text: `Your CPD profile is not ready for an HCPC audit at renewal: ${needWork.length} of ${checks.length} standards need work.`,
      link: { to: '/cpd-profile', label: 'Work on your CPD profile' },
      details: needWork.flatMap((check) => check.problems),
      dueOn: deadline,
      when: deadline ? describeWhen(deadline, today) : undefined,
    })
  }
  return tasks
}

function apprenticeshipTasks(facts: HomeFacts, today: string): HomeTask[] {
  const programme = facts.apprenticeship
  if (!programme) return []
  const link = { to: `/apprenticeships/${programme.id}`, label: 'See your apprenticeship' }
  const tasks: HomeTask[] = []
  const { otj, review } = programme
  if (otj.pace === 'behind') {
    tasks.push({
      id: 'apprenticeship-otj',
      text: `You are behind on off-the-job hours: ${describeHours(otj.loggedMinutes)} logged of ${describeHours(otj.requiredMinutes)} expected by now. Log the training you have done, or plan more with your supervisor.`,
      link,
      overdue: true,
      when: `Behind by ${describeHours(otj.shortfallMinutes)}`,
    })
  }
  if (review.dueBy && (review.state === 'overdue' || review.state === 'due-soon')) {
    const overdue = review.state === 'overdue'
    tasks.push({
      id: 'apprenticeship-review',
      text: overdue
        ? `Your apprenticeship progress review is ${review.daysOverdue} ${plural(review.daysOverdue, 'day', 'days')} overdue: it was due by ${formatUkDate(review.dueBy)}. Ask your supervisor to arrange it with your provider.`
        : `Your next apprenticeship progress review is due by ${formatUkDate(review.dueBy)}.`,
      link,
      dueOn: review.dueBy,
      overdue,
      when: describeWhen(review.dueBy, today, review.daysOverdue),
    })
  }
  return tasks
}
