import { z } from 'zod'
import jobRolesFile from '#framework-data/job-roles.json'
import frequencyFile from '#framework-data/supervision-frequency.json'

const intervalSchema = z.object({
  count: z.number().int().min(1).max(52),
  unit: z.enum(['week', 'month']),
})
export type Interval = z.infer<typeof intervalSchema>

const stageSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  /** How long after qualifying the stage lasts; the last stage has none and lasts for good. */
  until: intervalSchema.optional(),
  every: intervalSchema,
})
export type SupervisionStage = z.infer<typeof stageSchema>

/** Rough length in days, only to check that a role's stages are in order. */
const roughDays = (interval: Interval) => interval.count * (interval.unit === 'week' ? 7 : 30.44)

const stagesSchema = z
  .array(stageSchema)
  .min(1)
  .superRefine((stages, ctx) => {
    stages.forEach((stage, index) => {
      const last = index === stages.length - 1
      if (last && stage.until)
        ctx.addIssue({ code: 'custom', path: [index, 'until'], message: 'the last stage has no end' })
      if (!last && !stage.until)
        ctx.addIssue({ code: 'custom', path: [index, 'until'], message: 'only the last stage may have no end' })
      const previous = stages[index - 1]?.until
      if (stage.until && previous && roughDays(stage.until) <= roughDays(previous)) {
        ctx.addIssue({ code: 'custom', path: [index, 'until'], message: 'must end after the stage before it' })
      }
    })
  })

function frequencyFileSchema(jobRoleCodes: readonly string[]) {
  return z
    .object({
      source: z.string().trim().min(1, 'must name where the defaults come from'),
      date: z.string().min(1),
      provisional: z.array(z.string()),
      minimumSessionMinutes: z.number().int().min(1).max(480),
      default: stagesSchema,
      roles: z.array(z.object({ jobRole: z.string(), stages: stagesSchema })),
    })
    .superRefine((file, ctx) => {
      const seen = new Set<string>()
      file.roles.forEach((role, index) => {
        if (!jobRoleCodes.includes(role.jobRole)) {
          ctx.addIssue({
            code: 'custom',
            path: ['roles', index, 'jobRole'],
            message: `unknown job role '${role.jobRole}'`,
          })
        }
        if (seen.has(role.jobRole)) {
          ctx.addIssue({
            code: 'custom',
            path: ['roles', index, 'jobRole'],
            message: `'${role.jobRole}' is listed twice`,
          })
        }
        seen.add(role.jobRole)
      })
    })
}

export type SupervisionFrequency = z.infer<ReturnType<typeof frequencyFileSchema>>

/** Checks a frequency file against the job roles; throws naming each problem's path. */
export function readSupervisionFrequency(
  data: unknown = frequencyFile,
  jobRoleCodes: readonly string[] = jobRolesFile.jobRoles.map((role) => role.code),
): SupervisionFrequency {
  const parsed = frequencyFileSchema(jobRoleCodes).safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
    throw new Error(`framework-data/supervision-frequency.json is invalid:\n${problems.join('\n')}`)
  }
  return parsed.data
}

/** The organisation's rules, checked when the module loads so that a bad file stops the server starting. */
export const SUPERVISION_FREQUENCY: SupervisionFrequency = readSupervisionFrequency()
