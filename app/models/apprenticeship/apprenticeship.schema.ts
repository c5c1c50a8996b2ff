import { z } from 'zod'
import { isIsoDate } from '#app/lib/dates'
import { APPRENTICESHIP_RULES } from './rules.data'
import { NEXT_STATUSES, type STATUS_LABELS, APPRENTICESHIP_STATUSES } from './statuses.rules'
import { parseHours } from '#app/lib/hours'

export const PROVIDER_MAX = 200
export const ACTIVITY_MAX = 500
export const NOTES_MAX = 5000
export const RESULT_MAX = 300
/** One day's off-the-job training is logged as one entry, so it cannot be more than the day holds. */
export const OTJ_HOURS_PER_DAY_MAX = 24

const date = (missing: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .refine((value) => isIsoDate(value), 'Enter a real date, like 22/11/2026')

/** Hours as typed ('1.5') → minutes, in quarter-hour steps. */
const hours = (missing: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .transform((value, ctx) => {
      const parsed = parseHours(value)
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error })
        return z.NEVER
      }
      return parsed.minutes
    })

const text = (max: number, missing: string, label: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === 'on')

/** Runs a cross-field check even when other fields failed, as long as the fields it compares are valid. */
const whenValid = (...fields: string[]) => ({
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
})

const openStandards = APPRENTICESHIP_RULES.standards.filter((s) => !s.retired).map((s) => s.code)

const weeklyHours = hours('Enter the contracted hours a week').refine(
  (minutes) => minutes >= 60 && minutes <= 60 * 60,
  'Contracted hours must be between 1 and 60 a week',
)

export const startApprenticeshipSchema = z
  .object({
    personId: z.string().uuid('Choose the person starting the apprenticeship'),
    standardCode: z.string().refine((code) => openStandards.includes(code), 'Choose the apprenticeship standard'),
    provider: text(PROVIDER_MAX, 'Enter the training provider', 'The training provider'),
    startsOn: date('Enter the start date'),
    plannedEndOn: date('Enter the planned end date'),
    weeklyHours,
    agedNineteenPlus: z.enum(['yes', 'no'], { message: 'Say whether they were 19 or over at the start' }),
  })
  .refine((input) => input.plannedEndOn > input.startsOn, {
    path: ['plannedEndOn'],
    message: 'The planned end date must be after the start date',
    ...whenValid('startsOn', 'plannedEndOn'),
  })
export type StartApprenticeshipForm = z.infer<typeof startApprenticeshipSchema>

export const detailsSchema = z.object({
  provider: text(PROVIDER_MAX, 'Enter the training provider', 'The training provider'),
  plannedEndOn: date('Enter the planned end date'),
  weeklyHours,
})

export const otjSchema = z.object({
  otjDate: date('Enter the date of the training'),
  otjHours: hours('Enter the hours').refine(
    (minutes) => minutes <= OTJ_HOURS_PER_DAY_MAX * 60,
    `One day holds at most ${OTJ_HOURS_PER_DAY_MAX} hours: log each day’s training as its own entry`,
  ),
  otjActivity: text(ACTIVITY_MAX, 'Say what the training was', 'The activity'),
  otjEvidenceId: z
    .string()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || z.string().uuid().safeParse(value).success, 'Choose one of your CPD entries'),
})

export const placementSchema = z
  .object({
    placementSetting: text(PROVIDER_MAX, 'Enter where the placement was', 'The placement setting'),
    placementFrom: date('Enter the first day of the placement'),
    placementTo: date('Enter the last day of the placement'),
    placementHours: hours('Enter the placement hours'),
  })
  .refine((input) => input.placementTo >= input.placementFrom, {
    path: ['placementTo'],
    message: 'The last day must be on or after the first day',
    ...whenValid('placementFrom', 'placementTo'),
  })

export const reviewSchema = z
  .object({
    reviewHeldOn: date('Enter the date the review was held'),
    reviewNextOn: date('Enter the date of the next review'),
    reviewProvider: text(PROVIDER_MAX, 'Enter who took part for the training provider', 'The provider’s name'),
    reviewNotes: z
      .string()
      .trim()
      .max(NOTES_MAX, `Notes must be ${NOTES_MAX.toLocaleString('en-GB')} characters or fewer`),
    reviewThreeWay: checkbox.refine(
      (value) => value,
      'Confirm that the apprentice, employer and training provider all took part',
    ),
  })
  .refine((input) => input.reviewNextOn > input.reviewHeldOn, {
    path: ['reviewNextOn'],
    message: 'The next review must be after this one',
    ...whenValid('reviewHeldOn', 'reviewNextOn'),
  })

export const gatewaySchema = z.object({
  ksbs: checkbox,
  modules: checkbox,
  pad: checkbox,
  englishMaths: checkbox,
  englishMathsInPlan: checkbox,
})

export const statusChangeSchema = z.object({
  newStatus: z
    .string()
    .refine(
      (value) => Object.values(NEXT_STATUSES).some((next) => (next as readonly string[]).includes(value)),
      'Choose the new status',
    )
    .transform((value) => value as keyof typeof STATUS_LABELS),
  statusOn: date('Enter the date the change takes effect'),
  statusNote: z.string().trim().max(ACTIVITY_MAX, `The note must be ${ACTIVITY_MAX} characters or fewer`),
})

export const completionSchema = z.object({
  completedOn: date('Enter the date the result was confirmed'),
  result: text(RESULT_MAX, 'Enter the result, as the end-point assessment board confirmed it', 'The result'),
})

export const STAGE_FILTERS = ['open', ...APPRENTICESHIP_STATUSES] as const
export type StageFilter = (typeof STAGE_FILTERS)[number] | 'all'

export function readStageFilter(value: string | null): StageFilter {
  if (value === 'all') return 'all'
  return (STAGE_FILTERS as readonly string[]).includes(value ?? '') ? (value as StageFilter) : 'open'
}
