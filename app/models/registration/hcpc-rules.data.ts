import { z } from 'zod'
import { isIsoDate } from '#app/lib/dates'
import hcpcFile from '#framework-data/hcpc-registration.json'

const isoDate = z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD')
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD')

const windowSchema = z
  .object({
    cycle: z.number().int().min(2000).max(2100),
    opens: isoDate,
    closes: isoDate,
    lapses: isoDate,
    confirmed: z.boolean(),
  })
  .refine((w) => w.opens < w.closes && w.closes < w.lapses, 'must open before it closes, and lapse after that')

const professionSchema = z.object({
  code: z.string().regex(/^[A-Z]{2,3}$/),
  name: z.string().min(1),
  title: z.string().min(1),
  jobProfessions: z.array(z.string().min(1)),
  numberPattern: z.string().refine((pattern) => {
    try {
      new RegExp(pattern)
      return true
    } catch {
      return false
    }
  }, 'must be a regular expression'),
  numberExample: z.string().min(1),
  cycleYears: z.number().int().min(1).max(5),
  /** How windows recur after the listed ones: every cycleYears years from firstCycle, on these days. */
  pattern: z.object({ firstCycle: z.number().int(), opens: monthDay, closes: monthDay }).nullable(),
  windows: z.array(windowSchema),
})

export const hcpcRulesSchema = z
  .object({
    source: z.string().trim().min(1),
    date: isoDate,
    provisional: z.array(z.string()),
    reminderOffsetsDays: z.array(z.number().int().min(1).max(365)).min(1),
    statusBucketsDays: z.array(z.number().int().min(1).max(365)).min(1),
    auditEligibility: z.object({ minimumYearsRegistered: z.number().int().min(0) }),
    shortReadmissionMonths: z.number().int().min(0),
    prefixes: z.record(z.string().regex(/^[A-Z]{2,3}$/), z.string().min(1)),
    professions: z.array(professionSchema).min(1),
  })
  .superRefine((file, ctx) => {
    file.professions.forEach((profession, index) => {
      if (!(profession.code in file.prefixes)) {
        ctx.addIssue({ code: 'custom', path: ['professions', index, 'code'], message: 'is not a known HCPC prefix' })
      }
      if (!new RegExp(profession.numberPattern).test(profession.numberExample)) {
        ctx.addIssue({
          code: 'custom',
          path: ['professions', index, 'numberExample'],
          message: 'does not match the pattern',
        })
      }
      const cycles = profession.windows.map((w) => w.cycle)
      if (new Set(cycles).size !== cycles.length) {
        ctx.addIssue({ code: 'custom', path: ['professions', index, 'windows'], message: 'lists a cycle twice' })
      }
    })
  })

export type HcpcRules = z.infer<typeof hcpcRulesSchema>
export type HcpcProfession = HcpcRules['professions'][number]

/** Checks a rules file, naming every problem. */
export function readHcpcRules(data: unknown): HcpcRules {
  const parsed = hcpcRulesSchema.safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
    throw new Error(`framework-data/hcpc-registration.json is invalid:\n${problems.join('\n')}`)
  }
  return parsed.data
}

let cached: HcpcRules | undefined

/** The rules in framework-data/hcpc-registration.json, read once. */
export function hcpcRules(): HcpcRules {
  cached ??= readHcpcRules(hcpcFile)
  return cached
}
