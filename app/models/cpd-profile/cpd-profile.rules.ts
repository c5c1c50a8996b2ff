/**
 * The rules behind an HCPC CPD profile (HCPC CPD standards 1–5; FACTS.md §3). Pure: the profile page and
 * its tests feed them rows.
 */

export const SUMMARY_WORDS_MAX = 500
export const STATEMENT_WORDS_MAX = 1_500
export const CHOSEN_ACTIVITIES_MIN = 4
export const CHOSEN_ACTIVITIES_MAX = 6
/** HCPC asks for an explanation of any gap of three or more consecutive months without CPD. */
export const GAP_MONTHS = 3
export const ACTIVITY_TYPES_MIN = 2

export function countWords(text: string | null | undefined): number {
  const words = (text ?? '').trim().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)
  return words ? words.length : 0
}

export interface DatedActivity {
  startsOn: string
  endsOn: string | null
}

export interface ActivityGap {
  /** First month without CPD, 'YYYY-MM'. */
  from: string
  /** Last month without CPD, 'YYYY-MM'. */
  to: string
  months: number
}

function monthIndex(isoDate: string): number {
  return Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1
}

/** 'YYYY-MM', with the year in four digits even before 1000 (a period may start in year 100, the first a date takes). */
function monthLabel(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * Runs of GAP_MONTHS or more calendar months in the period in which no activity took place. An activity
 * over several days covers every month it touches. Months after `today` are not gaps yet.
 */
export function findActivityGaps(
  activities: readonly DatedActivity[],
  period: { from: string; to: string },
  today: string,
): ActivityGap[] {
  const first = monthIndex(period.from)
  const last = Math.min(monthIndex(period.to), monthIndex(today))
  if (last < first) return []
  const active = new Set<number>()
  for (const activity of activities) {
    const start = Math.max(first, monthIndex(activity.startsOn))
    const end = Math.min(last, monthIndex(activity.endsOn ?? activity.startsOn))
    for (let month = start; month <= end; month++) active.add(month)
  }
  const gaps: ActivityGap[] = []
  let runStart: number | null = null
  for (let month = first; month <= last + 1; month++) {
    const empty = month <= last && !active.has(month)
    if (empty && runStart === null) runStart = month
    if (!empty && runStart !== null) {
      const months = month - runStart
      if (months >= GAP_MONTHS) gaps.push({ from: monthLabel(runStart), to: monthLabel(month - 1), months })
      runStart = null
    }
  }
  return gaps
}

export interface ReadinessActivity {
  id: string
  activityType: string | null
  reflectionPractice: string | null
  reflectionBenefit: string | null
  status: string
  /** Attachments kept on the entry: the supporting evidence HCPC asks for with each chosen activity. */
  fileCount: number
}

export interface ReadinessInput {
  activities: readonly ReadinessActivity[]
  gaps: readonly ActivityGap[]
  /** Gap explanations by the gap's first month. */
  explainedGaps: ReadonlySet<string>
  summary: string
  statement: string
  /** The activities chosen for the statement. */
  chosenIds: ReadonlySet<string>
}

export interface ReadinessCheck {
  standard: 1 | 2 | 3 | 4 | 5
  title: string
  ok: boolean
  problems: string[]
}

const entries = (n: number, singular: string, plural: string) => (n === 1 ? `1 ${singular}` : `${n} ${plural}`)

/**
 * Per HCPC standard, what is still missing before the profile would be ready to send. Each problem sits under the
 * standard it belongs to: the record (1), its mixture (2), what the chosen activities did for practice (3) and for
 * service users (4), and the written profile with evidence for each chosen activity (5).
 */
export function checkAuditReadiness(input: ReadinessInput): ReadinessCheck[] {
  const complete = input.activities.filter((a) => a.status === 'complete')
  const chosen = input.activities.filter((a) => input.chosenIds.has(a.id))
  const types = new Set(complete.map((a) => a.activityType).filter(Boolean))
  const unexplained = input.gaps.filter((gap) => !input.explainedGaps.has(gap.from))
  const drafts = input.activities.length - complete.length
  const summaryWords = countWords(input.summary)
  const statementWords = countWords(input.statement)
  const withoutBenefit = complete.filter((a) => !a.reflectionBenefit?.trim()).length
  const chosenWithoutPractice = chosen.filter((a) => !a.reflectionPractice?.trim()).length
  const chosenWithoutEvidence = chosen.filter((a) => a.fileCount === 0).length
  const check = (standard: ReadinessCheck['standard'], title: string, problems: (string | false)[]): ReadinessCheck => {
    const found = problems.filter((p): p is string => Boolean(p))
    return { standard, title, ok: found.length === 0, problems: found }
  }
  return [
    check(1, 'A continuous, up-to-date record', [
      complete.length === 0 && 'No complete CPD entries in this period',
      unexplained.length > 0 &&
        `${entries(unexplained.length, 'gap', 'gaps')} of ${GAP_MONTHS} or more months not explained`,
      drafts > 0 && (drafts === 1 ? '1 entry is still a draft' : `${drafts} entries are still drafts`),
    ]),
    check(2, 'A mixture of learning activities', [
      types.size < ACTIVITY_TYPES_MIN &&
        `Only ${types.size} type${types.size === 1 ? '' : 's'} of activity; HCPC asks for at least ${ACTIVITY_TYPES_MIN}`,
    ]),
    check(3, 'CPD improved the quality of my practice', [
      statementWords === 0 && 'No statement yet of how your CPD changed your practice',
      chosenWithoutPractice > 0 &&
        `${entries(chosenWithoutPractice, 'chosen activity does', 'chosen activities do')} not say how it changed your practice`,
    ]),
    check(4, 'CPD benefits the people who use my service', [
      withoutBenefit > 0 &&
        `${entries(withoutBenefit, 'complete entry does', 'complete entries do')} not say how it benefits service users`,
    ]),
    check(5, 'A written profile with supporting evidence', [
      summaryWords === 0 && 'No summary of practice history yet',
      summaryWords > SUMMARY_WORDS_MAX && `The summary has ${summaryWords} words; the limit is ${SUMMARY_WORDS_MAX}`,
      statementWords > STATEMENT_WORDS_MAX &&
        `The statement has ${statementWords} words; the limit is ${STATEMENT_WORDS_MAX}`,
      (chosen.length < CHOSEN_ACTIVITIES_MIN || chosen.length > CHOSEN_ACTIVITIES_MAX) &&
        `${entries(chosen.length, 'activity', 'activities')} chosen for the statement; choose ${CHOSEN_ACTIVITIES_MIN} to ${CHOSEN_ACTIVITIES_MAX}`,
      chosenWithoutEvidence > 0 &&
        `${entries(chosenWithoutEvidence, 'chosen activity has', 'chosen activities have')} no supporting evidence attached`,
    ]),
  ]
}

/**
 * The period a CPD profile covers for a registrant: since their profession's last renewal deadline (or since they
 * joined the register, if later) up to today. Undefined when no renewal deadline has passed yet.
 */
export function periodSinceLastRenewal(
  lastDeadlines: readonly { closes: string; lapses: string }[],
  firstRegisteredOn: string,
  today: string,
): { from: string; to: string } | undefined {
  const passed = lastDeadlines.filter((w) => w.closes < today).sort((a, b) => a.closes.localeCompare(b.closes))
  const last = passed.at(-1)
  if (!last) return undefined
  return { from: last.lapses > firstRegisteredOn ? last.lapses : firstRegisteredOn, to: today }
}
