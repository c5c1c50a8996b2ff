import { z } from 'zod'
import rulesFile from '#framework-data/apprenticeship-rules.json'
import { GATEWAY_ITEMS } from './statuses.rules'

const rateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), percent: z.number().positive().max(100) }),
  z.object({ kind: z.literal('hours-per-week'), hours: z.number().positive().max(40) }),
])

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')

const rulesSchema = z.object({
  source: z.string().trim().min(1),
  date: isoDate,
  provisional: z.array(z.string()),
  standards: z
    .array(
      z.object({
        code: z.string().regex(/^ST\d{4}$/),
        title: z.string().min(1),
        level: z.number().int().min(2).max(7),
        typicalMonths: z.number().int().positive(),
        retired: z.boolean(),
        placementHoursRequired: z.number().int().positive().nullable(),
        jobRoleOnStart: z.string().nullable(),
        jobRoleOnCompletion: z.string().nullable(),
        gatewayItems: z.array(z.enum(GATEWAY_ITEMS)).min(1),
      }),
    )
    .min(1),
  offTheJob: z
    .array(
      z.object({
        startsFrom: isoDate.nullable(),
        fullTimeFromWeeklyHours: z.number().positive(),
        fullTime: rateSchema,
        partTime: rateSchema,
      }),
    )
    .min(1)
    .refine((rules) => rules[0].startsFrom === null, 'the first rule must apply from the beginning (startsFrom null)')
    .refine(
      (rules) => rules.every((rule, i) => i === 0 || (rule.startsFrom ?? '') > (rules[i - 1].startsFrom ?? '')),
      'rules must be in order of their start dates',
    ),
  reviewIntervalWeeks: z.number().int().positive(),
  paceToleranceWeeks: z.number().min(0),
  englishMaths: z.object({ optionalFrom: isoDate, optionalFromAgeAtStart: z.number().int().positive() }),
})

export type ApprenticeshipRules = z.infer<typeof rulesSchema>
export type Standard = ApprenticeshipRules['standards'][number]

export function readApprenticeshipRules(data: unknown = rulesFile): ApprenticeshipRules {
  const parsed = rulesSchema.safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
    throw new Error(`framework-data/apprenticeship-rules.json is invalid:\n${problems.join('\n')}`)
  }
  return parsed.data
}

export const APPRENTICESHIP_RULES = readApprenticeshipRules()

export function findStandard(code: string, rules: ApprenticeshipRules = APPRENTICESHIP_RULES): Standard | undefined {
  return rules.standards.find((standard) => standard.code === code)
}

export function describeStandard(code: string, rules: ApprenticeshipRules = APPRENTICESHIP_RULES): string {
  const standard = findStandard(code, rules)
  return standard ? `${standard.title} (${standard.code}, level ${standard.level})` : code
}
