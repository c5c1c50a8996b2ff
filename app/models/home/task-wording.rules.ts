import { daysBetween, formatUkDate } from '#app/lib/dates'

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
