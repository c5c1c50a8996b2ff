import { createHash, randomUUID } from 'node:crypto'
import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB, Db, FrameworkOrigin, FrameworkVersionStatus } from '#db/schema'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import { type FrameworkDocument, canonicalContent } from './document.schema'
import { RuleError } from '#app/lib/rule-error'

export class FrameworkVersionStateError extends RuleError {
  constructor(message: string) {
    super(message, 'form', 409)
  }
}

export interface ImportOutcome {
  outcome: 'created' | 'unchanged'
  versionId: string
  number: number
  label: string
  status: 'draft' | 'published' | 'retired'
}

export function hashFrameworkContent(doc: FrameworkDocument): string {
  return createHash('sha256').update(canonicalContent(doc)).digest('hex')
}

/**
 * Stores a document as a new draft version of its framework, unless a version with exactly this content
 * exists already (loading the same file twice changes nothing). A published version is never edited:
 * changed content always becomes a new version. With `publishIfFirst`, the first version of a new
 * framework is published straight away (the starter data files).
 */
export async function importFrameworkDocument(
  db: Db,
  doc: FrameworkDocument,
  options: { origin: FrameworkOrigin; originName?: string; actorId?: string | null; publishIfFirst?: boolean },
): Promise<ImportOutcome> {
  const hash = hashFrameworkContent(doc)
  return inTransaction(db, async (trx) => {
    const { id: frameworkId } = await trx
      .insertInto('framework')
      .values({
        code: doc.framework.code,
        name: doc.framework.name,
        owner: doc.framework.owner,
        description: doc.framework.description,
      })
      .onConflict((oc) => oc.column('code').doUpdateSet({ code: doc.framework.code }))
      .returning('id')
      .executeTakeFirstOrThrow()
    // Numbering versions one after another needs the framework row to itself while we count.
    await trx.selectFrom('framework').select('id').where('id', '=', frameworkId).forUpdate().execute()

    const same = await trx
      .selectFrom('framework_version')
      .select(['id', 'number', 'label', 'status'])
      .where('framework_id', '=', frameworkId)
      .where('content_hash', '=', hash)
      .orderBy('number', 'desc')
      .executeTakeFirst()
    if (same) return { outcome: 'unchanged', versionId: same.id, ...same }

    const { latest, labelTaken } = await trx
      .selectFrom('framework_version')
      .select([
        sql<number>`coalesce(max(number), 0)::int`.as('latest'),
        sql<boolean>`coalesce(bool_or(label = ${doc.version.label}), false)`.as('labelTaken'),
      ])
      .where('framework_id', '=', frameworkId)
      .executeTakeFirstOrThrow()
    const number = latest + 1
    const label = labelTaken ? `${doc.version.label} (revision ${number})` : doc.version.label
    const versionId = randomUUID()
    await trx
      .insertInto('framework_version')
      .values({
        id: versionId,
        framework_id: frameworkId,
        number,
        label,
        edition: doc.version.edition,
        source: doc.source,
        source_date: doc.version.date,
        provisional: JSON.stringify(doc.provisional),
        content_hash: hash,
        origin: options.origin,
        origin_name: options.originName ?? null,
        moodle: doc.moodle ? JSON.stringify(doc.moodle) : null,
        created_by: options.actorId ?? null,
      })
      .execute()
    await insertContent(trx, versionId, doc)
    await recordAudit(trx, {
      actorId: options.actorId ?? null,
      action: 'framework_version.imported',
      subjectKind: 'framework_version',
      subjectId: versionId,
      data: { framework: doc.framework.code, number, label, origin: options.origin, originName: options.originName },
    })
    let status: ImportOutcome['status'] = 'draft'
    if (options.publishIfFirst && doc.version.status === 'published' && latest === 0) {
      await publishInTransaction(trx, versionId, options.actorId ?? null)
      status = 'published'
    }
    return { outcome: 'created', versionId, number, label, status }
  })
}

async function insertContent(trx: Transaction<DB>, versionId: string, doc: FrameworkDocument): Promise<void> {
  const levelIds = new Map(doc.levels.map((level) => [level.code, randomUUID()]))
  if (doc.levels.length > 0) {
    await trx
      .insertInto('framework_level')
      .values(
        doc.levels.map((level) => ({
          id: levelIds.get(level.code)!,
          version_id: versionId,
          code: level.code,
          ordinal: level.ordinal,
          name: level.name,
          indicative_title: level.indicativeTitle,
          description: level.description,
          description_format: level.descriptionFormat,
          provisional: level.provisional,
        })),
      )
      .execute()
  }
  const domainIds = new Map(doc.domains.map((domain) => [domain.code, randomUUID()]))
  const order = new Map(doc.domains.map((domain, index) => [domain.code, index]))
  await trx
    .insertInto('framework_domain')
    .values(
      parentsFirst(doc.domains).map((domain) => ({
        id: domainIds.get(domain.code)!,
        version_id: versionId,
        parent_id: domain.parent ? domainIds.get(domain.parent)! : null,
        code: domain.code,
        name: domain.name,
        description: domain.description,
        description_format: domain.descriptionFormat,
        sort_order: order.get(domain.code)!,
        moodle: domain.moodle ? JSON.stringify(domain.moodle) : null,
      })),
    )
    .execute()
  // Large imported frameworks are written in slices to stay well inside the drivers' parameter limits.
  for (let start = 0; start < doc.capabilities.length; start += 500) {
    await trx
      .insertInto('capability')
      .values(
        doc.capabilities.slice(start, start + 500).map((capability, offset) => ({
          version_id: versionId,
          domain_id: domainIds.get(capability.domain)!,
          level_id: capability.level ? levelIds.get(capability.level)! : null,
          code: capability.code,
          statement: capability.statement,
          description: capability.description,
          description_format: capability.descriptionFormat,
          sort_order: start + offset,
          moodle: capability.moodle ? JSON.stringify(capability.moodle) : null,
        })),
      )
      .execute()
  }
}

function parentsFirst<T extends { code: string; parent: string | null }>(nodes: T[]): T[] {
  const placed = new Set<string>()
  const out: T[] = []
  let pending = nodes
  while (pending.length > 0) {
    const ready = pending.filter((node) => node.parent === null || placed.has(node.parent))
    if (ready.length === 0) throw new Error('domains form a cycle')
    for (const node of ready) {
      out.push(node)
      placed.add(node.code)
    }
    pending = pending.filter((node) => !placed.has(node.code))
  }
  return out
}

export interface PublishOutcome {
  versionId: string
  retiredVersionId: string | null
  carriedRequirements: number
  /** Evidence mappings added to successor capabilities, each naming the capability it came from. */
  carriedEvidenceMappings: number
  /** Capabilities of the version it replaces that have no successor: whatever pointed at them needs review. */
  capabilitiesWithoutSuccessor: { code: string; statement: string }[]
}

/** Publishes a draft; the version it replaces is retired, and what pointed at it carries forward. */
export async function publishFrameworkVersion(
  db: Kysely<DB>,
  input: { versionId: string; actorId: string | null },
): Promise<PublishOutcome> {
  return db.transaction().execute((trx) => publishInTransaction(trx, input.versionId, input.actorId))
}

/**
 * Locks a version's row, so that two administrators cannot publish, retire or discard it at once, and checks it
 * is in the state the change needs; otherwise the refusal says why.
 */
async function lockVersion(
  trx: Transaction<DB>,
  versionId: string,
  needed: FrameworkVersionStatus,
  refusal: (status: FrameworkVersionStatus | undefined) => string,
) {
  const version = await trx
    .selectFrom('framework_version')
    .select(['id', 'framework_id', 'status', 'label'])
    .where('id', '=', versionId)
    .forUpdate()
    .executeTakeFirst()
  if (version?.status !== needed) throw new FrameworkVersionStateError(refusal(version?.status))
  return version
}

async function publishInTransaction(trx: Transaction<DB>, versionId: string, actorId: string | null) {
  const version = await lockVersion(trx, versionId, 'draft', (status) =>
    status ? `This version is already ${status}` : 'That framework version does not exist',
  )
  const previous = await trx
    .selectFrom('framework_version')
    .select('id')
    .where('framework_id', '=', version.framework_id)
    .where('status', '=', 'published')
    .forUpdate()
    .executeTakeFirst()
  await trx
    .updateTable('framework_version')
    .set({ status: 'published', published_at: sql`now()` })
    .where('id', '=', versionId)
    .execute()
  let carriedRequirements = 0
  let carriedEvidenceMappings = 0
  let capabilitiesWithoutSuccessor: PublishOutcome['capabilitiesWithoutSuccessor'] = []
  if (previous) {
    await trx
      .updateTable('framework_version')
      .set({ status: 'retired', retired_at: sql`now()` })
      .where('id', '=', previous.id)
      .execute()
    await crosswalkByCode(trx, previous.id, versionId)
    carriedRequirements = await carryRoleRequirements(trx, previous.id, versionId)
    carriedEvidenceMappings = await carryEvidenceMappings(trx, previous.id, versionId)
    capabilitiesWithoutSuccessor = await listCapabilitiesWithoutSuccessor(trx, previous.id, versionId)
  }
  await recordAudit(trx, {
    actorId,
    action: 'framework_version.published',
    subjectKind: 'framework_version',
    subjectId: versionId,
    data: {
      retired: previous?.id ?? null,
      carriedRequirements,
      carriedEvidenceMappings,
      withoutSuccessor: capabilitiesWithoutSuccessor.length,
    },
  })
  return {
    versionId,
    retiredVersionId: previous?.id ?? null,
    carriedRequirements,
    carriedEvidenceMappings,
    capabilitiesWithoutSuccessor,
  }
}

/**
 * Where no crosswalk says otherwise, a capability whose code is unchanged in the new version is the same
 * capability; explicit crosswalk rows (loaded from framework-data/crosswalks) take precedence.
 */
async function crosswalkByCode(trx: Transaction<DB>, fromVersionId: string, toVersionId: string): Promise<void> {
  await sql`
    insert into capability_crosswalk (from_version_id, to_version_id, from_capability_id, to_capability_id, relation)
    select ${fromVersionId}, ${toVersionId}, old.id, new.id, 'same'
    from capability old
    join capability new on new.version_id = ${toVersionId} and new.code = old.code
    where old.version_id = ${fromVersionId}
      and not exists (
        select 1 from capability_crosswalk x
        where x.from_version_id = ${fromVersionId} and x.to_version_id = ${toVersionId}
          and (x.from_capability_id = old.id or x.to_capability_id = new.id))`.execute(trx)
}

async function carryRoleRequirements(
  trx: Transaction<DB>,
  fromVersionId: string,
  toVersionId: string,
): Promise<number> {
  const result = await sql`
    insert into role_requirement
      (job_role_code, version_id, domain_id, minimum_level_id, tier, provisional, note, carried_from_id)
    select r.job_role_code, ${toVersionId}, new_domain.id, new_level.id, r.tier, r.provisional, r.note, r.id
    from role_requirement r
    join framework_level old_level on old_level.id = r.minimum_level_id
    join framework_level new_level on new_level.version_id = ${toVersionId} and new_level.code = old_level.code
    left join framework_domain old_domain on old_domain.id = r.domain_id
    left join framework_domain new_domain on new_domain.version_id = ${toVersionId} and new_domain.code = old_domain.code
    where r.version_id = ${fromVersionId} and (r.domain_id is null or new_domain.id is not null)
    on conflict do nothing`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

/**
 * Evidence mapped to a capability of the retired version is also mapped to its successors (same, split or
 * merged), marked with the capability it came from. The original mapping stays, so the evidence still
 * shows what its author chose; no evidence revision is written, because the author changed nothing.
 */
async function carryEvidenceMappings(
  trx: Transaction<DB>,
  fromVersionId: string,
  toVersionId: string,
): Promise<number> {
  const result = await sql`
    insert into evidence_capability (evidence_id, capability_id, note, carried_from_capability_id)
    select ec.evidence_id, x.to_capability_id, ec.note, ec.capability_id
    from evidence_capability ec
    join capability_crosswalk x on x.from_capability_id = ec.capability_id
    where x.from_version_id = ${fromVersionId} and x.to_version_id = ${toVersionId}
      and x.relation in ('same', 'split', 'merged') and x.to_capability_id is not null
    on conflict do nothing`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

export function listCapabilitiesWithoutSuccessor(
  db: Kysely<DB> | Transaction<DB>,
  fromVersionId: string,
  toVersionId: string,
): Promise<{ code: string; statement: string }[]> {
  return db
    .selectFrom('capability as c')
    .select(['c.code', 'c.statement'])
    .where('c.version_id', '=', fromVersionId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('capability_crosswalk as x')
            .select('x.id')
            .whereRef('x.from_capability_id', '=', 'c.id')
            .where('x.to_version_id', '=', toVersionId)
            .where('x.to_capability_id', 'is not', null),
        ),
      ),
    )
    .orderBy('c.sort_order')
    .execute()
}

/** Takes a published version out of use; nothing that points at it is lost. */
export async function retireFrameworkVersion(
  db: Kysely<DB>,
  input: { versionId: string; actorId: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockVersion(trx, input.versionId, 'published', () => 'Only a published version can be retired')
    await trx
      .updateTable('framework_version')
      .set({ status: 'retired', retired_at: sql`now()` })
      .where('id', '=', input.versionId)
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'framework_version.retired',
      subjectKind: 'framework_version',
      subjectId: input.versionId,
    })
  })
}

/** Removes a draft that should not be published; published and retired versions are kept for good. */
export async function discardDraftVersion(
  db: Kysely<DB>,
  input: { versionId: string; actorId: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const version = await lockVersion(trx, input.versionId, 'draft', () => 'Only a draft can be discarded')
    await trx.deleteFrom('role_requirement').where('version_id', '=', input.versionId).execute()
    await trx
      .deleteFrom('capability_crosswalk')
      .where((eb) => eb.or([eb('from_version_id', '=', input.versionId), eb('to_version_id', '=', input.versionId)]))
      .execute()
    await trx.deleteFrom('framework_version').where('id', '=', input.versionId).execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'framework_version.discarded',
      subjectKind: 'framework_version',
      subjectId: input.versionId,
      data: { label: version.label },
    })
  })
}
