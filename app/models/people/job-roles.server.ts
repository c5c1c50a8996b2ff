import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB } from '#db/schema'
import jobRolesFile from '#framework-data/job-roles.json'

const jobRolesFileSchema = z.object({
  source: z.string().min(1),
  edition: z.string().min(1),
  date: z.string().min(1),
  provisional: z.array(z.string()),
  jobRoles: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9-]+$/),
        title: z.string().min(1),
        band: z.string().nullable(),
        profession: z.string().min(1),
        hcpcRegistered: z.boolean(),
      }),
    )
    .min(1),
})

export type JobRolesFile = z.infer<typeof jobRolesFileSchema>

export function readJobRolesFile(data: unknown = jobRolesFile): JobRolesFile {
  const parsed = jobRolesFileSchema.safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`framework-data/job-roles.json is invalid:\n${problems.join('\n')}`)
  }
  return parsed.data
}

/** Brings the job_role table in line with framework-data/job-roles.json; running it twice changes nothing. */
export async function syncJobRoles(db: Kysely<DB>, file: JobRolesFile = readJobRolesFile()): Promise<void> {
  const rows = file.jobRoles.map((role, index) => ({
    code: role.code,
    title: role.title,
    band: role.band,
    profession: role.profession,
    hcpc_registered: role.hcpcRegistered,
    sort_order: index + 1,
  }))
  await db
    .insertInto('job_role')
    .values(rows)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        band: eb.ref('excluded.band'),
        profession: eb.ref('excluded.profession'),
        hcpc_registered: eb.ref('excluded.hcpc_registered'),
        sort_order: eb.ref('excluded.sort_order'),
      })),
    )
    .execute()
}

export interface JobRoleItem {
  code: string
  title: string
  band: string | null
}

export function listJobRoles(db: Kysely<DB>): Promise<JobRoleItem[]> {
  return db.selectFrom('job_role').select(['code', 'title', 'band']).orderBy('sort_order').execute()
}
