import type { Kysely } from 'kysely'
import { addMonths, todayInLondon } from '#app/lib/dates'
import { recordSelfMapping } from '#app/models/capabilities/self-mapping.server'
import { getCurrentVersion } from '#app/models/frameworks/frameworks.server'
import type { DB } from '#db/schema'

/** The demo OT's self-mappings on the RCOT CDF, oldest first: [pillar code, level, months ago, rationale]. */
const MAPPINGS: [string, string, number, string][] = [
  ['PP', '4', 14, 'New to social care: I work through assessments with my senior checking my reasoning.'],
  ['ERD', '3', 12, 'I find and read the evidence my team points me to.'],
  ['PP', '5', 8, 'I manage my own caseload of standard assessments and adaptations without day-to-day checks.'],
  ['FL', '4', 6, 'I show students and new assistants how we assess for bathing equipment.'],
  ['LD', '3', 5, 'I plan my own week and caseload and keep my CPD log up to date.'],
  ['LD', '4', 2, 'I chair our weekly allocation huddle when the senior is away.'],
  [
    'PP',
    '6',
    1,
    'I now take complex seating and moving and handling referrals on my own and advise colleagues on them.',
  ],
]

/**
 * Self-mappings for the demo OT, with history: Professional Practice mapped three times (now above what is signed
 * off), Leadership twice, the other pillars once. Written once; a person who already has mappings is left alone.
 */
export async function seedDemoSelfMapping(db: Kysely<DB>, ids: Map<string, string>): Promise<boolean> {
  const otId = ids.get('Olivia Bennett')
  if (!otId) return false
  const existing = await db.selectFrom('self_mapping').select('id').where('person_id', '=', otId).executeTakeFirst()
  if (existing) return false
  const version = await getCurrentVersion(db, 'rcot-cdf')
  if (!version) return false
  const [domains, levels] = await Promise.all([
    db.selectFrom('framework_domain').select(['id', 'code']).where('version_id', '=', version.id).execute(),
    db.selectFrom('framework_level').select(['id', 'code']).where('version_id', '=', version.id).execute(),
  ])
  const domainId = new Map(domains.map((d) => [d.code, d.id]))
  const levelId = new Map(levels.map((l) => [l.code, l.id]))
  const today = todayInLondon()
  for (const [pillar, level, monthsAgo, rationale] of MAPPINGS) {
    await recordSelfMapping(db, {
      personId: otId,
      form: {
        versionId: version.id,
        domainId: domainId.get(pillar)!,
        levelId: levelId.get(level)!,
        mappedOn: addMonths(today, -monthsAgo),
        rationale,
      },
    })
  }
  return true
}
