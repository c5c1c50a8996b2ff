import type { Kysely } from 'kysely'
import type { DB, Db } from '#db/schema'
import { RuleError } from '#app/lib/rule-error'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import type { SelfMappingForm } from './self-mapping.schema'
import { type DomainSelfMapping, type SelfMappingEntry, groupByDomain } from './self-mapping.rules'

/**
 * Records the level a person maps themselves at in one top-level domain of a published framework version. Each
 * call adds a row; nothing is changed or removed. The level must be one of that version's own levels.
 */
export async function recordSelfMapping(
  db: Db,
  input: { personId: string; form: SelfMappingForm },
): Promise<SelfMappingEntry & { domainName: string }> {
  const { personId, form } = input
  return inTransaction(db, async (trx) => {
    const domain = await trx
      .selectFrom('framework_domain as d')
      .innerJoin('framework_version as v', 'v.id', 'd.version_id')
      .select(['d.id', 'd.name'])
      .where('d.id', '=', form.domainId)
      .where('d.version_id', '=', form.versionId)
      .where('d.parent_id', 'is', null)
      .where('v.status', '=', 'published')
      .executeTakeFirst()
    if (!domain) throw new RuleError('Choose a domain of a published framework', 'domainId')
    const level = await trx
      .selectFrom('framework_level')
      .select(['id', 'name', 'ordinal'])
      .where('id', '=', form.levelId)
      .where('version_id', '=', form.versionId)
      .executeTakeFirst()
    if (!level) throw new RuleError('Choose one of the framework’s levels', 'levelId')
    const row = await trx
      .insertInto('self_mapping')
      .values({
        person_id: personId,
        version_id: form.versionId,
        domain_id: domain.id,
        level_id: level.id,
        mapped_on: form.mappedOn,
        rationale: form.rationale,
      })
      .returning(['id', 'created_at as createdAt'])
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actorId: personId,
      action: 'self-mapping.recorded',
      subjectKind: 'person',
      subjectId: personId,
      data: { selfMappingId: row.id, domainId: domain.id, levelId: level.id, mappedOn: form.mappedOn },
    })
    return {
      id: row.id,
      versionId: form.versionId,
      domainId: domain.id,
      domainName: domain.name,
      levelId: level.id,
      levelName: level.name,
      ordinal: level.ordinal,
      mappedOn: form.mappedOn,
      rationale: form.rationale,
      createdAt: row.createdAt,
    }
  })
}

/** Every self-mapping a person has recorded in the given framework versions, newest first. */
export function listSelfMappingHistory(
  db: Kysely<DB>,
  input: { personId: string; versionIds: readonly string[] },
): Promise<SelfMappingEntry[]> {
  if (input.versionIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('self_mapping as m')
    .innerJoin('framework_level as l', 'l.id', 'm.level_id')
    .select([
      'm.id',
      'm.version_id as versionId',
      'm.domain_id as domainId',
      'm.level_id as levelId',
      'l.name as levelName',
      'l.ordinal',
      'm.mapped_on as mappedOn',
      'm.rationale',
      'm.created_at as createdAt',
    ])
    .where('m.person_id', '=', input.personId)
    .where('m.version_id', 'in', input.versionIds)
    .orderBy('m.mapped_on', 'desc')
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .execute()
}

/** A person's self-mapping per domain: the current level (the latest) and the history behind it. */
export async function getSelfMappings(
  db: Kysely<DB>,
  input: { personId: string; versionIds: readonly string[] },
): Promise<Record<string, DomainSelfMapping>> {
  return groupByDomain(await listSelfMappingHistory(db, input))
}
