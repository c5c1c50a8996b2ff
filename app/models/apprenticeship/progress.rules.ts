import { addDays, daysBetween, formatUkDate } from '#app/lib/dates'
import { type ApprenticeshipStatus, GATEWAY_ITEMS, GATEWAY_ITEM_LABELS, type GatewayItem } from './statuses.rules'
import { APPRENTICESHIP_RULES, type ApprenticeshipRules, findStandard } from './rules.data'

// Calendar arithmetic on 'YYYY-MM-DD' strings, in whole UTC days so that clock changes never shift a date.
const minDate = (...dates: (string | null | undefined)[]) =>
  dates.filter((d): d is string => Boolean(d)).reduce((a, b) => (a < b ? a : b))

/** A stretch of days, both ends included; `to` is null while it goes on. */
export interface Period {
  from: string
  to: string | null
}

/** Breaks in learning from the status history: each lasts until the day before the next change. */
export function breaksFromHistory(events: readonly { status: ApprenticeshipStatus; effectiveOn: string }[]): Period[] {
  const sorted = [...events].sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0,
  )
  const breaks: Period[] = []
  sorted.forEach((event, i) => {
    if (event.status !== 'break-in-learning') return
    const next = sorted[i + 1]
    breaks.push({ from: event.effectiveOn, to: next ? addDays(next.effectiveOn, -1) : null })
  })
  return breaks
}

export function isDuringBreak(date: string, breaks: readonly Period[]): boolean {
  return breaks.some((period) => period.from <= date && (period.to === null || date <= period.to))
}

/** Days from `from` to `to` (both included) that are not in a break. */
export function activeDays(from: string, to: string, breaks: readonly Period[]): number {
  if (to < from) return 0
  let days = daysBetween(from, to) + 1
  for (const period of breaks) {
    const start = period.from > from ? period.from : from
    const end = period.to === null || period.to > to ? to : period.to
    if (end >= start) days -= daysBetween(start, end) + 1
  }
  return Math.max(0, days)
}

export interface OffTheJobRule {
  /** Minutes of off-the-job training a week of the programme needs. */
  weeklyMinutes: number
  fullTime: boolean
  description: string
}

/** The off-the-job requirement that applies to an apprenticeship, chosen by its start date (FACTS.md §5.1). */
export function offTheJobRuleFor(
  startsOn: string,
  contractedWeeklyMinutes: number,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): OffTheJobRule {
  const rule = rules.offTheJob.filter((r) => r.startsFrom === null || r.startsFrom <= startsOn).at(-1)!
  const fullTime = contractedWeeklyMinutes >= rule.fullTimeFromWeeklyHours * 60
  const rate = fullTime ? rule.fullTime : rule.partTime
  const weeklyMinutes =
    rate.kind === 'percent' ? Math.round((contractedWeeklyMinutes * rate.percent) / 100) : rate.hours * 60
  const basis = rule.startsFrom ? `started on or after ${formatUkDate(rule.startsFrom)}` : 'started before later rules'
  const amount =
    rate.kind === 'percent' ? `${rate.percent}% of contracted hours` : `${rate.hours} hours a week on average`
  return { weeklyMinutes, fullTime, description: `${amount} (${fullTime ? 'full-time' : 'part-time'}, ${basis})` }
}

/** What the progress rules need to know about one apprenticeship. */
export interface ProgrammeFacts {
  startsOn: string
  plannedEndOn: string
  weeklyMinutes: number
  /** The day gateway was reached: from then on nothing counts towards off-the-job training. */
  gatewayOn: string | null
  /** The day it was completed or withdrawn. */
  endedOn: string | null
  breaks: readonly Period[]
}

/** The last day whose off-the-job training counts by `asOf`, or null if none yet. */
export function lastCountingDay(facts: ProgrammeFacts, asOf: string): string | null {
  const end = minDate(asOf, facts.plannedEndOn, facts.gatewayOn ? addDays(facts.gatewayOn, -1) : null, facts.endedOn)
  return end < facts.startsOn ? null : end
}

/** Whether training on this day may count: on programme, before gateway, not during a break. */
export function countsTowardsOffTheJob(date: string, facts: ProgrammeFacts): boolean {
  if (date < facts.startsOn) return false
  if (facts.gatewayOn && date >= facts.gatewayOn) return false
  if (facts.endedOn && date > facts.endedOn) return false
  return !isDuringBreak(date, facts.breaks)
}

/** Off-the-job minutes expected by `asOf`: the weekly requirement over the active days so far. */
export function requiredOffTheJobMinutes(
  facts: ProgrammeFacts,
  asOf: string,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): number {
  const end = lastCountingDay(facts, asOf)
  if (!end) return 0
  const { weeklyMinutes } = offTheJobRuleFor(facts.startsOn, facts.weeklyMinutes, rules)
  return Math.round((activeDays(facts.startsOn, end, facts.breaks) / 7) * weeklyMinutes)
}

export type Pace = 'on-pace' | 'behind'

export interface OffTheJobProgress {
  rule: OffTheJobRule
  requiredMinutes: number
  loggedMinutes: number
  /** Expected over the whole planned programme (less breaks so far). */
  plannedMinutes: number
  shortfallMinutes: number
  pace: Pace
}

export function offTheJobProgress(
  facts: ProgrammeFacts,
  loggedMinutes: number,
  asOf: string,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): OffTheJobProgress {
  const rule = offTheJobRuleFor(facts.startsOn, facts.weeklyMinutes, rules)
  const requiredMinutes = requiredOffTheJobMinutes(facts, asOf, rules)
  const shortfallMinutes = Math.max(0, requiredMinutes - loggedMinutes)
  const tolerance = rule.weeklyMinutes * rules.paceToleranceWeeks
  return {
    rule,
    requiredMinutes,
    loggedMinutes,
    plannedMinutes: requiredOffTheJobMinutes(
      { ...facts, breaks: facts.breaks.map((b) => ({ from: b.from, to: b.to ?? minDate(asOf, facts.plannedEndOn) })) },
      facts.plannedEndOn,
      rules,
    ),
    shortfallMinutes,
    pace: shortfallMinutes > tolerance ? 'behind' : 'on-pace',
  }
}

/**
 * The last day the next progress review may be held: the review interval after the last one (or the start),
 * with days in a break not counted. Null while a break goes on, because the clock is paused.
 */
export function reviewDueBy(
  lastOn: string,
  breaks: readonly Period[],
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): string | null {
  const ongoing = breaks.find((b) => b.to === null)
  let due = lastOn
  let counted = 0
  while (counted < rules.reviewIntervalWeeks * 7) {
    due = addDays(due, 1)
    if (ongoing && due >= ongoing.from) return null
    if (!isDuringBreak(due, breaks)) counted += 1
  }
  return due
}

export type ReviewState = 'on-time' | 'due-soon' | 'overdue' | 'paused' | 'not-required'

export interface ReviewProgress {
  lastHeldOn: string | null
  plannedNextOn: string | null
  dueBy: string | null
  state: ReviewState
  daysOverdue: number
}

export const REVIEW_DUE_SOON_DAYS = 14

export function reviewProgress(
  input: {
    status: ApprenticeshipStatus
    startsOn: string
    breaks: readonly Period[]
    lastReview: { heldOn: string; nextOn: string | null } | null
  },
  asOf: string,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): ReviewProgress {
  const lastHeldOn = input.lastReview?.heldOn ?? null
  const plannedNextOn = input.lastReview?.nextOn ?? null
  const base = { lastHeldOn, plannedNextOn, daysOverdue: 0 }
  // Progress reviews belong to the practical period, which ends at gateway.
  if (!['on-programme', 'break-in-learning'].includes(input.status)) {
    return { ...base, dueBy: null, state: 'not-required' }
  }
  const dueBy = reviewDueBy(lastHeldOn ?? input.startsOn, input.breaks, rules)
  if (input.status === 'break-in-learning' || dueBy === null) return { ...base, dueBy, state: 'paused' }
  if (asOf > dueBy) return { ...base, dueBy, state: 'overdue', daysOverdue: daysBetween(dueBy, asOf) }
  const soon = daysBetween(asOf, dueBy) <= REVIEW_DUE_SOON_DAYS || (plannedNextOn !== null && asOf > plannedNextOn)
  return { ...base, dueBy, state: soon ? 'due-soon' : 'on-time' }
}

export interface PlacementProgress {
  requiredMinutes: number
  loggedMinutes: number
  percent: number
  remainingMinutes: number
}

/** Practice-based learning towards the hours registration needs; null for standards without placements. */
export function placementProgress(
  standardCode: string,
  loggedMinutes: number,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): PlacementProgress | null {
  const hours = findStandard(standardCode, rules)?.placementHoursRequired
  if (!hours) return null
  const requiredMinutes = hours * 60
  return {
    requiredMinutes,
    loggedMinutes,
    percent: Math.min(100, Math.floor((loggedMinutes / requiredMinutes) * 100)),
    remainingMinutes: Math.max(0, requiredMinutes - loggedMinutes),
  }
}

/**
 * Level 2 English and maths: required of everyone until the 2025 change; from then, only of apprentices
 * under 19 at the start, or of those who chose it in their training plan (FACTS.md §5.1).
 */
export function englishMathsRequired(
  input: { agedNineteenPlusAtStart: boolean; inTrainingPlan: boolean },
  asOf: string,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): boolean {
  if (!input.agedNineteenPlusAtStart) return true
  if (asOf < rules.englishMaths.optionalFrom) return true
  return input.inTrainingPlan
}

export interface GatewayChecklist {
  ksbsMetOn: string | null
  modulesPassedOn: string | null
  padSignedOn: string | null
  englishMathsOn: string | null
  englishMathsInPlan: boolean
}

export const EMPTY_CHECKLIST: GatewayChecklist = {
  ksbsMetOn: null,
  modulesPassedOn: null,
  padSignedOn: null,
  englishMathsOn: null,
  englishMathsInPlan: false,
}

const CHECKLIST_FIELD: Record<GatewayItem, keyof Omit<GatewayChecklist, 'englishMathsInPlan'>> = {
  ksbs: 'ksbsMetOn',
  modules: 'modulesPassedOn',
  pad: 'padSignedOn',
  englishMaths: 'englishMathsOn',
}

export interface GatewayReadiness {
  items: { item: GatewayItem; label: string; required: boolean; doneOn: string | null }[]
  ready: boolean
  outstanding: number
}

export function gatewayReadiness(
  input: { standardCode: string; agedNineteenPlusAtStart: boolean; checklist: GatewayChecklist },
  asOf: string,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): GatewayReadiness {
  const standard = findStandard(input.standardCode, rules)
  const applies = standard?.gatewayItems ?? GATEWAY_ITEMS
  const items = applies.map((item) => ({
    item,
    label: GATEWAY_ITEM_LABELS[item],
    required:
      item !== 'englishMaths' ||
      englishMathsRequired(
        { agedNineteenPlusAtStart: input.agedNineteenPlusAtStart, inTrainingPlan: input.checklist.englishMathsInPlan },
        asOf,
        rules,
      ),
    doneOn: input.checklist[CHECKLIST_FIELD[item]],
  }))
  const outstanding = items.filter((i) => i.required && !i.doneOn).length
  return { items, ready: outstanding === 0, outstanding }
}

export interface ProgressPoint {
  month: string
  label: string
  requiredHours: number
  loggedHours: number
  placementHours: number
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100

/** Month by month, cumulative hours: off-the-job expected and logged, and placement hours, up to `asOf`. */
export function progressSeries(
  facts: ProgrammeFacts,
  logs: {
    otj: readonly { doneOn: string; minutes: number }[]
    placements: readonly { endsOn: string; minutes: number }[]
  },
  asOf: string,
  rules: ApprenticeshipRules = APPRENTICESHIP_RULES,
): ProgressPoint[] {
  const last = minDate(asOf, facts.endedOn ?? asOf)
  if (last < facts.startsOn) return []
  const points: ProgressPoint[] = []
  let [year, month] = facts.startsOn.split('-').map(Number)
  const [lastYear, lastMonth] = last.split('-').map(Number)
  // Years in four digits, as dates are written, even before 1000 (a start date may be as early as the year 100).
  const yyyy = (y: number) => String(y).padStart(4, '0')
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    const key = `${yyyy(year)}-${String(month).padStart(2, '0')}`
    const monthEnd = addDays(
      month === 12 ? `${yyyy(year + 1)}-01-01` : `${yyyy(year)}-${String(month + 1).padStart(2, '0')}-01`,
      -1,
    )
    const end = minDate(monthEnd, last)
    const logged = logs.otj
      .filter((log) => log.doneOn <= end && countsTowardsOffTheJob(log.doneOn, facts))
      .reduce((sum, log) => sum + log.minutes, 0)
    const placed = logs.placements.filter((log) => log.endsOn <= end).reduce((sum, log) => sum + log.minutes, 0)
    points.push({
      month: key,
      label: formatUkDate(`${key}-01`).replace(/^1 /, ''),
      requiredHours: hours(requiredOffTheJobMinutes(facts, end, rules)),
      loggedHours: hours(logged),
      placementHours: hours(placed),
    })
    month += 1
    if (month === 13) {
      month = 1
      year += 1
    }
  }
  return points
}
