import { addDays, addMonths, daysBetween } from '#app/lib/dates'
import type { Interval, SupervisionFrequency, SupervisionStage } from './frequency.data'

export function addInterval(date: string, interval: Interval): string {
  return interval.unit === 'week' ? addDays(date, interval.count * 7) : addMonths(date, interval.count)
}

export function describeInterval(interval: Interval): string {
  if (interval.count === 1) return `every ${interval.unit}`
  if (interval.unit === 'week' && interval.count === 2) return 'every fortnight'
  return `every ${interval.count} ${interval.unit}s`
}

/**
 * A stage with the dates it applies to for one person, both inclusive (null: open). Neighbouring windows share their
 * boundary day, so that "weekly for the first 6 weeks" asks for a session by the end of week 6 as well.
 */
export interface StageWindow {
  stage: SupervisionStage
  startsOn: string | null
  endsOn: string | null
}

/**
 * The person's supervision stages as dated windows. Stages run from the qualification (or first registration)
 * date; with no date recorded the person is past them, so only the last stage applies.
 */
export function stageWindows(
  rules: SupervisionFrequency,
  jobRoleCode: string | null,
  qualifiedOn: string | null,
): StageWindow[] {
  const stages = rules.roles.find((role) => role.jobRole === jobRoleCode)?.stages ?? rules.default
  if (!qualifiedOn) return [{ stage: stages[stages.length - 1], startsOn: null, endsOn: null }]
  let startsOn: string | null = null
  return stages.map((stage) => {
    const endsOn = stage.until ? addInterval(qualifiedOn, stage.until) : null
    const window = { stage, startsOn, endsOn }
    startsOn = endsOn
    return window
  })
}

export function stageOn(windows: StageWindow[], day: string): StageWindow {
  return (
    windows.find((w) => (w.startsOn === null || w.startsOn <= day) && (w.endsOn === null || day <= w.endsOn)) ??
    windows[windows.length - 1]
  )
}

/**
 * The first day a session is due after one held on `after`: the earliest day that is at least one interval after it,
 * measured with the interval of the stage in force on that day (weekly ends, fortnightly begins, and so on).
 */
export function nextDueAfter(windows: StageWindow[], after: string): string {
  let best: string | null = null
  for (const window of windows) {
    const spaced = addInterval(after, window.stage.every)
    const candidate = window.startsOn && window.startsOn > spaced ? window.startsOn : spaced
    if (window.endsOn !== null && candidate > window.endsOn) continue
    if (best === null || candidate < best) best = candidate
  }
  return best ?? addInterval(after, windows[windows.length - 1].stage.every)
}

/** An open action is late from the day after its due date; one with no due date never is. */
export function isActionOverdue(action: { dueOn: string | null; doneAt: unknown }, today: string): boolean {
  return !action.doneAt && action.dueOn !== null && action.dueOn < today
}

export interface DueFacts {
  /** The last session held with the person, by any supervisor. */
  lastHeldOn: string | null
  /** When supervision began: the schedule counts from here until the first session. */
  supervisedSince: string
}

export interface DueStatus {
  dueOn: string
  overdue: boolean
  /** Whole days past the due date (0 when not overdue). */
  daysOverdue: number
  stage: SupervisionStage
}

/** When the next session is due and whether it is late; the due date itself is still on time. */
export function supervisionDue(windows: StageWindow[], facts: DueFacts, today: string): DueStatus {
  const base = facts.lastHeldOn ?? facts.supervisedSince
  const dueOn = nextDueAfter(windows, base)
  const daysOverdue = Math.max(0, daysBetween(dueOn, today))
  return { dueOn, overdue: daysOverdue > 0, daysOverdue, stage: stageOn(windows, today).stage }
}

/** How many sessions the schedule asks for with due dates after `from`, up to and including `to`. */
export function expectedSessions(windows: StageWindow[], from: string, to: string): number {
  let count = 0
  let due = nextDueAfter(windows, from)
  while (due <= to) {
    count += 1
    due = nextDueAfter(windows, due)
  }
  return count
}

/**
 * The settled interval for a job role in whole days (a month counted as 30), kept on supervision_link.frequency_days
 * for reports that work in SQL; the schedule itself always comes from the stages.
 */
export function settledFrequencyDays(rules: SupervisionFrequency, jobRoleCode: string | null): number {
  const stages = rules.roles.find((role) => role.jobRole === jobRoleCode)?.stages ?? rules.default
  const every = stages[stages.length - 1].every
  return Math.min(366, every.count * (every.unit === 'week' ? 7 : 30))
}

/**
 * When the person's current spell of supervision began: links that follow on from each other (a change of
 * supervisor) count as one spell, so a new supervisor inherits the schedule rather than restarting it.
 */
export function continuousStart(links: readonly { startsOn: string; endsOn: string | null }[], today: string): string {
  const current = links.filter((l) => l.startsOn <= today && (l.endsOn === null || l.endsOn >= today))
  let since = current.reduce((min, l) => (l.startsOn < min ? l.startsOn : min), today)
  const earlier = [...links].sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))
  for (const link of earlier) {
    if (link.startsOn < since && link.endsOn !== null && link.endsOn >= addDays(since, -1)) since = link.startsOn
  }
  return since
}

/** The months looked back over when actual sessions are set against expected ones. */
export const REPORTING_MONTHS = 6

/** From REPORTING_MONTHS ago, or from when supervision began if that is later, to today. */
export function reportingPeriod(today: string, supervisedSince: string): { from: string; to: string } {
  const lookBack = addMonths(today, -REPORTING_MONTHS)
  return { from: supervisedSince > lookBack ? supervisedSince : lookBack, to: today }
}

export interface Compliance {
  from: string
  to: string
  expected: number
  held: number
  /** Sessions that lasted at least the minimum length. */
  fullLength: number
  shortfall: number
}

/** Actual against expected over the period, as LGA Standard 5 asks employers to monitor (FACTS.md §6.2). */
export function actualAgainstExpected(
  windows: StageWindow[],
  sessions: readonly { heldOn: string; minutes: number }[],
  period: { from: string; to: string },
  minimumMinutes: number,
): Compliance {
  const inPeriod = sessions.filter((s) => s.heldOn >= period.from && s.heldOn <= period.to)
  const expected = expectedSessions(windows, period.from, period.to)
  const held = inPeriod.length
  return {
    ...period,
    expected,
    held,
    fullLength: inPeriod.filter((s) => s.minutes >= minimumMinutes).length,
    shortfall: Math.max(0, expected - held),
  }
}
