import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB } from '#db/schema'
import type { EvidenceInput } from './evidence.schema'
import { isUuid } from '#app/lib/ids'
import { UnmappableCapabilityError } from './errors'

/** New mappings must point at a published version; a mapping the entry already has may stay after a retirement. */
export async function checkMappings(
  trx: Transaction<DB>,
  input: EvidenceInput,
  evidenceId: string | null,
): Promise<void> {
  const ids = input.mappings.map((m) => m.capabilityId)
  if (ids.length === 0) return
  const candidates = ids.filter((id) => isUuid(id))
  const allowed = candidates.length
    ? await trx
        .selectFrom('capability as c')
        .innerJoin('framework_version as v', 'v.id', 'c.version_id')
        .select('c.id')
        .where('c.id', 'in', candidates)
        .where((eb) =>
          eb.or([
            eb('v.status', '=', 'published'),
            ...(evidenceId
              ? [
                  eb.exists(
                    eb
                      .selectFrom('evidence_capability as ec')
                      .select('ec.capability_id')
                      .whereRef('ec.capability_id', '=', 'c.id')
                      .where('ec.evidence_id', '=', evidenceId),
                  ),
                ]
              : []),
          ]),
        )
        .execute()
    : []
  const ok = new Set(allowed.map((row) => row.id))
  const refused = ids.filter((id) => !ok.has(id))
  if (refused.length > 0) throw new UnmappableCapabilityError(refused, input.mappings)
}

export async function writeMappings(trx: Transaction<DB>, evidenceId: string, input: EvidenceInput): Promise<void> {
  await trx.deleteFrom('evidence_capability').where('evidence_id', '=', evidenceId).execute()
  if (input.mappings.length === 0) return
  await trx
    .insertInto('evidence_capability')
    .values(input.mappings.map((m) => ({ evidence_id: evidenceId, capability_id: m.capabilityId, note: m.note })))
    .execute()
}

export interface MappableCapability {
  id: string
  code: string
  statement: string
  frameworkName: string
  domainName: string
  levelName: string | null
}

/** Capabilities of every published framework version, in framework, domain and level order. */
export function listMappableCapabilities(db: Kysely<DB>): Promise<MappableCapability[]> {
  return db
    .selectFrom('capability as c')
    .innerJoin('framework_version as v', 'v.id', 'c.version_id')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .innerJoin('framework_domain as d', 'd.id', 'c.domain_id')
    .leftJoin('framework_level as l', 'l.id', 'c.level_id')
    .select(['c.id', 'c.code', 'c.statement', 'f.name as frameworkName', 'd.name as domainName', 'l.name as levelName'])
    .where('v.status', '=', 'published')
    .orderBy('f.name')
    .orderBy('d.sort_order')
    .orderBy('l.ordinal')
    .orderBy('c.sort_order')
    .execute()
}

/**
 * What the edit form offers: every capability of a published version, plus any the entry already maps to
 * whose version has retired since (a mapping made in good faith stays, and stays selectable).
 */
export async function listMappableCapabilitiesFor(db: Kysely<DB>, evidenceId: string): Promise<MappableCapability[]> {
  const [published, retired] = await Promise.all([
    listMappableCapabilities(db),
    db
      .selectFrom('evidence_capability as ec')
      .innerJoin('capability as c', 'c.id', 'ec.capability_id')
      .innerJoin('framework_version as v', 'v.id', 'c.version_id')
      .innerJoin('framework as f', 'f.id', 'v.framework_id')
      .innerJoin('framework_domain as d', 'd.id', 'c.domain_id')
      .leftJoin('framework_level as l', 'l.id', 'c.level_id')
      .select([
        'c.id',
        'c.code',
        'c.statement',
        sql<string>`f.name || ' (retired version)'`.as('frameworkName'),
        'd.name as domainName',
        'l.name as levelName',
      ])
      .where('ec.evidence_id', '=', evidenceId)
      .where('v.status', '<>', 'published')
      .orderBy('c.sort_order')
      .execute(),
  ])
  return [...published, ...retired]
}
