import { type Kysely, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import { todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { inTransaction } from '#app/models/shared/transaction.server'
import { type SignoffRequestForm, type DomainRef } from './signoffs.schema'
import { SignoffRequestRefusedError } from './errors'
import { achievedLevels } from './achieved-levels.server'
import { notifyReviewers } from './notify.server'
import { isUuid } from '#app/lib/ids'

async function resolveDomainAndLevel(trx: Db, input: SignoffRequestForm): Promise<DomainRef> {
  const version = await trx
    .selectFrom('framework_version as v')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .select(['v.id', 'v.status', 'v.label', 'f.name'])
    .where('v.id', '=', input.versionId)
    .executeTakeFirst()
  if (!version || version.status !== 'published') {
    throw new SignoffRequestRefusedError('versionId', 'Sign-off can only be asked for against a published framework')
  }
  const [domain, level] = await Promise.all([
    trx
      .selectFrom('framework_domain')
      .select(['name', 'code'])
      .where('id', '=', input.domainId)
      .where('version_id', '=', version.id)
      .executeTakeFirst(),
    trx
      .selectFrom('framework_level')
      .select(['name', 'ordinal'])
      .where('id', '=', input.levelId)
      .where('version_id', '=', version.id)
      .executeTakeFirst(),
  ])
  if (!domain) throw new SignoffRequestRefusedError('domainId', 'Choose a domain of this framework')
  if (!level) throw new SignoffRequestRefusedError('levelId', 'Choose a level of this framework')
  return {
    versionId: version.id,
    frameworkName: version.name,
    versionLabel: version.label,
    domainName: domain.name,
    domainCode: domain.code,
    levelName: level.name,
    levelOrdinal: level.ordinal,
  }
}

/** The domain and every domain below it: evidence mapped anywhere inside a domain supports it. */
function domainAndDescendants(db: Db, domainId: string) {
  return db
    .withRecursive('tree(id)', (qb) =>
      qb
        .selectFrom('framework_domain')
        .select('id')
        .where('id', '=', domainId)
        .unionAll((u) =>
          u.selectFrom('framework_domain as d').innerJoin('tree', 'tree.id', 'd.parent_id').select('d.id'),
        ),
    )
    .selectFrom('tree')
    .select('tree.id')
}

/**
 * Asks for sign-off of a domain at a level, standing on the chosen entries exactly as they are now: each
 * entry's current revision and content hash are recorded with the request.
 */
export async function requestSignoff(
  db: Db,
  input: SignoffRequestForm & { requesterId: string; evidenceIds: string[]; supersedesId?: string | null },
  today: string = todayInLondon(),
): Promise<string> {
  const evidenceIds = [...new Set(input.evidenceIds.filter((id) => isUuid(id)))]
  if (evidenceIds.length === 0) {
    throw new SignoffRequestRefusedError('evidence', 'Choose at least one CPD entry that shows this level')
  }
  return inTransaction(db, async (trx) => {
    const ref = await resolveDomainAndLevel(trx, input)
    // The entries are read and locked together so that none changes between reading its hash and recording it.
    const entries = await trx
      .selectFrom('evidence as e')
      .select((eb) => [
        'e.id',
        'e.title',
        'e.owner_id as ownerId',
        'e.status',
        'e.withdrawn_at as withdrawnAt',
        'e.revision',
        'e.content_hash as contentHash',
        eb
          .exists(
            eb
              .selectFrom('evidence_capability as ec')
              .innerJoin('capability as c', 'c.id', 'ec.capability_id')
              .whereRef('ec.evidence_id', '=', 'e.id')
              .where('c.domain_id', 'in', domainAndDescendants(trx, input.domainId)),
          )
          .as('mapped'),
      ])
      .where('e.id', 'in', evidenceIds)
      .orderBy('e.id')
      .forShare('e')
      .execute()
    if (entries.length !== evidenceIds.length || entries.some((e) => e.ownerId !== input.requesterId)) {
      throw new SignoffRequestRefusedError('evidence', 'Choose entries from your own CPD log')
    }
    const unusable = entries.filter((e) => e.withdrawnAt || e.status !== 'complete' || !e.mapped)
    if (unusable.length > 0) {
      throw new SignoffRequestRefusedError(
        'evidence',
        `These entries cannot support this request: ${unusable.map((e) => e.title).join(', ')}. An entry must be complete, not withdrawn, and mapped to a capability in ${ref.domainName}.`,
      )
    }
    const open = await trx
      .selectFrom('signoff_request')
      .select('id')
      .where('requester_id', '=', input.requesterId)
      .where('domain_id', '=', input.domainId)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (open) {
      throw new SignoffRequestRefusedError(
        'domainId',
        `You already have a request waiting for ${ref.domainName}. Withdraw it first if you want to ask again.`,
      )
    }
    const achieved = await achievedLevels(trx, { personIds: [input.requesterId], versionIds: [ref.versionId] })
    const current = achieved.find((a) => a.domainId === input.domainId)
    if (current && current.ordinal >= ref.levelOrdinal) {
      throw new SignoffRequestRefusedError(
        'levelId',
        `${ref.domainName} is already signed off at ${current.levelName}. Choose a higher level.`,
      )
    }

    const { id } = await trx
      .insertInto('signoff_request')
      .values({
        requester_id: input.requesterId,
        version_id: ref.versionId,
        domain_id: input.domainId,
        level_id: input.levelId,
        note: input.note,
        supersedes_id: input.supersedesId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('signoff_request_evidence')
      .values(
        entries.map((e) => ({ request_id: id, evidence_id: e.id, revision: e.revision, content_hash: e.contentHash })),
      )
      .execute()
    await trx
      .insertInto('signoff_event')
      .values({ request_id: id, kind: 'requested', actor_id: input.requesterId, comment: input.note })
      .execute()
    await recordAudit(trx, {
      actorId: input.requesterId,
      action: 'signoff.requested',
      subjectKind: 'signoff',
      subjectId: id,
      data: {
        domainId: input.domainId,
        levelId: input.levelId,
        evidence: entries.map((e) => ({ id: e.id, revision: e.revision, hash: e.contentHash })),
        supersedesId: input.supersedesId ?? null,
      },
    })
    await notifyReviewers(trx, { requestId: id, requesterId: input.requesterId, ref, today })
    return id
  })
}

/** Asks again after the evidence behind a request changed, with every entry that is still usable as it is now. */
export async function requestReReview(
  db: Kysely<DB>,
  input: { requestId: string; requesterId: string },
  today: string = todayInLondon(),
): Promise<string> {
  const previous = await db
    .selectFrom('signoff_request')
    .select(['id', 'version_id as versionId', 'domain_id as domainId', 'level_id as levelId', 'status', 'note'])
    .where('id', '=', input.requestId)
    .where('requester_id', '=', input.requesterId)
    .executeTakeFirstOrThrow()
  if (previous.status !== 'invalidated' && previous.status !== 'returned') {
    throw new SignoffRequestRefusedError(
      'form',
      'Only a returned request, or one whose evidence changed, can be asked again',
    )
  }
  const followUp = await db
    .selectFrom('signoff_request')
    .select('id')
    .where('supersedes_id', '=', previous.id)
    .executeTakeFirst()
  if (followUp) throw new SignoffRequestRefusedError('form', 'You have already asked again; open the newer request')
  const usable = await db
    .selectFrom('signoff_request_evidence as se')
    .innerJoin('evidence as e', 'e.id', 'se.evidence_id')
    .select('e.id')
    .where('se.request_id', '=', previous.id)
    .where('e.withdrawn_at', 'is', null)
    .where('e.status', '=', 'complete')
    .execute()
  return requestSignoff(
    db,
    {
      requesterId: input.requesterId,
      versionId: previous.versionId,
      domainId: previous.domainId,
      levelId: previous.levelId,
      note: previous.note,
      evidenceIds: usable.map((e) => e.id),
      supersedesId: previous.id,
    },
    today,
  )
}

export interface CandidateEvidence {
  id: string
  title: string
  startsOn: string | null
  endsOn: string | null
  minutes: number | null
  capabilityCodes: string[]
}

/** The person's complete entries mapped to a capability inside the domain: what a request may stand on. */
export function listEvidenceForDomain(
  db: Kysely<DB>,
  personId: string,
  domainId: string,
): Promise<CandidateEvidence[]> {
  return db
    .selectFrom('evidence as e')
    .innerJoin('evidence_capability as ec', 'ec.evidence_id', 'e.id')
    .innerJoin('capability as c', 'c.id', 'ec.capability_id')
    .select([
      'e.id',
      'e.title',
      'e.starts_on as startsOn',
      'e.ends_on as endsOn',
      'e.minutes',
      sql<string[]>`array_agg(c.code order by c.sort_order)`.as('capabilityCodes'),
    ])
    .where('e.owner_id', '=', personId)
    .where('e.withdrawn_at', 'is', null)
    .where('e.status', '=', 'complete')
    .where('c.domain_id', 'in', domainAndDescendants(db, domainId))
    .groupBy(['e.id', 'e.title', 'e.starts_on', 'e.ends_on', 'e.minutes'])
    .orderBy('e.starts_on', 'desc')
    .limit(500)
    .execute()
}

/** A domain of a published version with its levels, for the request form; undefined when there is none. */
export async function getRequestableDomain(db: Kysely<DB>, versionId: string, domainId: string) {
  if (!isUuid(versionId) || !isUuid(domainId)) return undefined
  const domain = await db
    .selectFrom('framework_domain as d')
    .innerJoin('framework_version as v', 'v.id', 'd.version_id')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.description',
      'v.id as versionId',
      'v.label as versionLabel',
      'v.number as versionNumber',
      'f.code as frameworkCode',
      'f.name as frameworkName',
    ])
    .where('d.id', '=', domainId)
    .where('v.id', '=', versionId)
    .where('v.status', '=', 'published')
    .executeTakeFirst()
  if (!domain) return undefined
  const levels = await db
    .selectFrom('framework_level')
    .select(['id', 'code', 'name', 'ordinal'])
    .where('version_id', '=', versionId)
    .orderBy('ordinal')
    .execute()
  return { ...domain, levels }
}
