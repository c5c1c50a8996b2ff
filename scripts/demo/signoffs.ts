import type { Kysely } from 'kysely'
import { decideSignoff } from '#app/models/signoffs/decide.server'
import { requestSignoff } from '#app/models/signoffs/request.server'
import type { DB } from '#db/schema'
import { getCurrentVersion } from '#app/models/frameworks/frameworks.server'

/**
 * Sign-offs for the demo OT: Professional Practice signed off at level 5 by their senior, and Facilitation of
 * Learning waiting in the senior's inbox. Written once; a database that already has requests is left alone.
 */
export async function seedDemoSignoffs(db: Kysely<DB>, ids: Map<string, string>): Promise<boolean> {
  const otId = ids.get('Olivia Bennett')
  const seniorId = ids.get('Sam Patel')
  if (!otId || !seniorId) return false
  const existing = await db
    .selectFrom('signoff_request')
    .select('id')
    .where('requester_id', '=', otId)
    .executeTakeFirst()
  if (existing) return false
  const version = await getCurrentVersion(db, 'rcot-cdf')
  if (!version) return false
  const domainOf = async (code: string) =>
    (
      await db
        .selectFrom('framework_domain')
        .select('id')
        .where('version_id', '=', version.id)
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id
  const level5 = (
    await db
      .selectFrom('framework_level')
      .select('id')
      .where('version_id', '=', version.id)
      .where('code', '=', '5')
      .executeTakeFirstOrThrow()
  ).id
  const entryTitled = async (title: string) =>
    (
      await db
        .selectFrom('evidence')
        .select('id')
        .where('owner_id', '=', otId)
        .where('title', '=', title)
        .executeTakeFirst()
    )?.id

  const handling = await entryTitled('Moving and handling refresher: hoists and slings')
  const placement = await entryTitled('Supervised a second-year OT student on placement')
  if (!handling || !placement) return false

  const approved = await requestSignoff(db, {
    requesterId: otId,
    versionId: version.id,
    domainId: await domainOf('PP'),
    levelId: level5,
    note: 'My moving and handling work shows level 5 practice across complex transfers.',
    evidenceIds: [handling],
  })
  await decideSignoff(db, {
    requestId: approved,
    actor: { id: seniorId, roles: ['staff', 'supervisor'] },
    decision: 'approve',
    comment: 'Clear, safe practice; carers follow your plans.',
    sessionId: null,
  })
  await requestSignoff(db, {
    requesterId: otId,
    versionId: version.id,
    domainId: await domainOf('FL'),
    levelId: level5,
    note: 'I was practice educator for an eight-week placement.',
    evidenceIds: [placement],
  })
  return true
}
