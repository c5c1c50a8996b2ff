import { type Kysely, type Transaction, sql } from 'kysely'
import type { DB, SignoffStatus } from '#db/schema'
import { type Actor, type SignoffSubject, can } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { recordAudit } from '#app/models/shared/audit.server'
import { enqueueMessage, type OutgoingMessage } from '#app/models/outbox/outbox.server'
import { isCurrentLink } from '#app/models/shared/scope.server'
import type { SignoffDecisionForm, SignoffRequestForm } from './signoffs.schema'

type Db = Kysely<DB> | Transaction<DB>

/** A request that cannot be made as asked; `field` names the form field the message belongs beside. */
export class SignoffRequestRefusedError extends Error {
  constructor(
    readonly field: 'versionId' | 'domainId' | 'levelId' | 'evidence' | 'form',
    message: string,
  ) {
    super(message)
  }
}

/** Someone else decided (or the requester withdrew) first. */
export class SignoffAlreadyDecidedError extends Error {
  constructor(readonly status: SignoffStatus) {
    super(
      status === 'invalidated'
        ? 'The evidence behind this request changed after it was made, so it can no longer be decided. The person can ask again with the evidence as it is now.'
        : `This request has already been ${status === 'pending' ? 'changed' : status}. Nothing was saved; the page now shows what happened.`,
    )
  }
}

/** The evidence differs from what the request recorded. */
export class SignoffEvidenceChangedError extends Error {
  constructor(readonly titles: string[]) {
    super(
      `The evidence changed after the request was made (${titles.join(', ')}), so the request cannot be decided. The person can ask again with the evidence as it is now.`,
    )
  }
}

export class SignoffNotAllowedError extends Error {
  constructor(
    message = 'You cannot decide this request: only a current supervisor of the person, or the principal OT, can',
  ) {
    super(message)
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The policy's view of a request; undefined for an unknown id. */
export async function getSignoffSubject(
  db: Db,
  id: string,
  today: string = todayInLondon(),
): Promise<SignoffSubject | undefined> {
  if (!UUID.test(id)) return undefined
  const row = await db
    .selectFrom('signoff_request as r')
    .select((eb) => [
      'r.requester_id as requesterId',
      'r.status',
      eb
        .selectFrom('supervision_link as l')
        .select(sql<string[]>`coalesce(array_agg(l.supervisor_id), '{}')`.as('ids'))
        .whereRef('l.supervisee_id', '=', 'r.requester_id')
        .where(isCurrentLink('l', today))
        .as('currentSupervisorIds'),
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    kind: 'signoff',
    requesterId: row.requesterId,
    status: row.status,
    currentSupervisorIds: row.currentSupervisorIds ?? [],
  }
}

interface DomainRef {
  versionId: string
  frameworkName: string
  versionLabel: string
  domainName: string
  domainCode: string
  levelName: string
  levelOrdinal: number
}

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
  db: Kysely<DB>,
  input: SignoffRequestForm & { requesterId: string; evidenceIds: string[]; supersedesId?: string | null },
  today: string = todayInLondon(),
): Promise<string> {
  const evidenceIds = [...new Set(input.evidenceIds.filter((id) => UUID.test(id)))]
  if (evidenceIds.length === 0) {
    throw new SignoffRequestRefusedError('evidence', 'Choose at least one CPD entry that shows this level')
  }
  return db.transaction().execute(async (trx) => {
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

async function notifyReviewers(
  trx: Transaction<DB>,
  input: { requestId: string; requesterId: string; ref: DomainRef; today: string },
): Promise<void> {
  const requester = await trx
    .selectFrom('app_user')
    .select('name')
    .where('id', '=', input.requesterId)
    .executeTakeFirstOrThrow()
  let reviewers = await trx
    .selectFrom('supervision_link as l')
    .select('l.supervisor_id as id')
    .where('l.supervisee_id', '=', input.requesterId)
    .where(isCurrentLink('l', input.today))
    .execute()
  // Nobody supervises the person today: the principal OT, who can decide any request, hears of it instead.
  if (reviewers.length === 0) reviewers = await listPrincipals(trx)
  for (const reviewer of reviewers) {
    if (reviewer.id === input.requesterId) continue
    await enqueueMessage(trx, {
      kind: 'signoff.requested',
      recipientId: reviewer.id,
      template: 'signoff-requested',
      personalisation: {
        person: requester.name,
        capability: `${input.ref.domainName} at ${input.ref.levelName}`,
        framework: `${input.ref.frameworkName} (${input.ref.versionLabel})`,
        path: `/signoffs/${input.requestId}`,
      },
      dedupeKey: `signoff.requested:${input.requestId}:${reviewer.id}`,
    })
  }
}

function listPrincipals(db: Db) {
  return db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select('u.id')
    .where('r.role', '=', 'principal')
    .where('u.active', '=', true)
    .execute()
}

/**
 * Approves or returns a pending request. Exactly one decision is ever recorded: the row is locked, its status
 * re-read, the decider re-checked against the policy as of today, and the evidence compared with what was seen.
 */
export async function decideSignoff(
  db: Kysely<DB>,
  input: SignoffDecisionForm & { requestId: string; actor: Actor },
  today: string = todayInLondon(),
): Promise<SignoffStatus> {
  return db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom('signoff_request')
      .select(['id', 'requester_id as requesterId', 'status', 'domain_id as domainId', 'level_id as levelId'])
      .where('id', '=', input.requestId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (request.status !== 'pending') throw new SignoffAlreadyDecidedError(request.status)
    const subject = await getSignoffSubject(trx, input.requestId, today)
    if (!subject || !can(input.actor, 'signoff.decide', subject)) throw new SignoffNotAllowedError()

    const changed = await trx
      .selectFrom('signoff_request_evidence as se')
      .innerJoin('evidence as e', 'e.id', 'se.evidence_id')
      .select('e.title')
      .where('se.request_id', '=', request.id)
      .whereRef('e.content_hash', '<>', 'se.content_hash')
      .execute()
    if (changed.length > 0) throw new SignoffEvidenceChangedError(changed.map((c) => c.title))

    if (input.sessionId) {
      const session = await trx
        .selectFrom('supervision_session')
        .select('id')
        .where('id', '=', input.sessionId)
        .where('supervisee_id', '=', request.requesterId)
        .where('supervisor_id', '=', input.actor.id)
        .executeTakeFirst()
      if (!session) throw new SignoffNotAllowedError('Choose one of your own supervision sessions with this person')
    }

    const status = input.decision === 'approve' ? 'approved' : 'returned'
    const updated = await trx
      .updateTable('signoff_request')
      .set({ status, decided_at: sql`now()`, decided_by: input.actor.id })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new SignoffAlreadyDecidedError('pending')
    await trx
      .insertInto('signoff_event')
      .values({
        request_id: request.id,
        kind: status,
        actor_id: input.actor.id,
        comment: input.comment,
        session_id: input.sessionId,
      })
      .execute()
    await recordAudit(trx, {
      actorId: input.actor.id,
      action: `signoff.${status}`,
      subjectKind: 'signoff',
      subjectId: request.id,
      data: { requesterId: request.requesterId, sessionId: input.sessionId, hasComment: input.comment.length > 0 },
    })
    const ref = await describeRequest(trx, request.id)
    await enqueueMessage(trx, {
      kind: `signoff.${status}`,
      recipientId: request.requesterId,
      template: 'signoff-decided',
      personalisation: {
        capability: `${ref.domainName} at ${ref.levelName}`,
        decision: status === 'approved' ? 'signed off' : 'returned with comments',
        path: `/signoffs/${request.id}`,
      },
      dedupeKey: `signoff.decided:${request.id}`,
    })
    return status
  })
}

function describeRequest(db: Db, requestId: string) {
  return db
    .selectFrom('signoff_request as r')
    .innerJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .innerJoin('framework_level as l', 'l.id', 'r.level_id')
    .select(['d.name as domainName', 'l.name as levelName'])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow()
}

/** The requester takes back a request nobody has decided yet. */
export async function withdrawSignoff(
  db: Kysely<DB>,
  input: { requestId: string; actorId: string; reason?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('signoff_request')
      .set({ status: 'withdrawn' })
      .where('id', '=', input.requestId)
      .where('requester_id', '=', input.actorId)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) {
      const current = await trx
        .selectFrom('signoff_request')
        .select('status')
        .where('id', '=', input.requestId)
        .executeTakeFirstOrThrow()
      throw new SignoffAlreadyDecidedError(current.status)
    }
    await trx
      .insertInto('signoff_event')
      .values({ request_id: input.requestId, kind: 'withdrawn', actor_id: input.actorId, comment: input.reason ?? '' })
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'signoff.withdrawn',
      subjectKind: 'signoff',
      subjectId: input.requestId,
    })
  })
}

/**
 * Called in the transaction that saves a new revision of an entry: every pending or approved request that saw
 * another revision of it stops counting. An approved one then needs re-review; a pending one cannot be decided.
 */
export async function invalidateSignoffsForEvidence(
  trx: Transaction<DB>,
  input: { evidenceId: string; revision: number; contentHash: string; actorId: string },
): Promise<string[]> {
  const affected = await trx
    .updateTable('signoff_request as r')
    .set({ status: 'invalidated' })
    .where('r.status', 'in', ['pending', 'approved'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('signoff_request_evidence as se')
          .whereRef('se.request_id', '=', 'r.id')
          .where('se.evidence_id', '=', input.evidenceId)
          .where('se.content_hash', '<>', input.contentHash),
      ),
    )
    .returning(['r.id', 'r.decided_by as decidedBy'])
    .execute()
  for (const request of affected) {
    const seen = await trx
      .selectFrom('signoff_request_evidence')
      .select('revision')
      .where('request_id', '=', request.id)
      .where('evidence_id', '=', input.evidenceId)
      .executeTakeFirstOrThrow()
    const data = { evidenceId: input.evidenceId, seenRevision: seen.revision, newRevision: input.revision }
    await trx
      .insertInto('signoff_event')
      .values({ request_id: request.id, kind: 'invalidated', actor_id: input.actorId, data: JSON.stringify(data) })
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'signoff.invalidated',
      subjectKind: 'signoff',
      subjectId: request.id,
      data,
    })
  }
  return affected.map((r) => r.id)
}

export interface AchievedLevel {
  personId: string
  /** The version the level counts in: the one signed off in, or a later version it carries forward to. */
  versionId: string
  domainId: string
  levelId: string
  levelName: string
  ordinal: number
  requestId: string
  decidedAt: Date
  /** The version number the sign-off was made in, when it is carried forward from an earlier version. */
  carriedFromVersion: number | null
}

/**
 * The levels people have achieved: for each person and domain, the highest level of an approved request whose
 * evidence is still exactly what was seen. Every screen that shows an achieved level reads it from here; pass no
 * person list for the whole service.
 *
 * A sign-off made against one version of a framework carries forward through the capability crosswalk: to each
 * domain of a later version that a capability of the signed-off domain continues into (same, split or merged),
 * at the level with the same code. Publishing a version fills the crosswalk by capability code where no crosswalk
 * file says otherwise, so an unchanged domain carries forward as it is.
 */
export async function achievedLevels(
  db: Db,
  filter: { personIds?: readonly string[]; versionIds?: readonly string[] } = {},
): Promise<AchievedLevel[]> {
  if (filter.personIds?.length === 0 || filter.versionIds?.length === 0) return []
  const people = filter.personIds ? sql`and r.requester_id in (${sql.join(filter.personIds)})` : sql``
  const versions = filter.versionIds ? sql`and tl.version_id in (${sql.join(filter.versionIds)})` : sql``
  // An approved request stops counting the moment its evidence changes: the transaction that saves a new revision
  // marks it invalidated (invalidateSignoffsForEvidence), so the status alone says whether the hashes still match.
  const { rows } = await sql<AchievedLevel>`
    with recursive counted as materialized (
      select r.id, r.requester_id, r.version_id, r.domain_id, r.decided_at, sl.code as level_code
      from signoff_request r
      join framework_level sl on sl.id = r.level_id
      where r.status = 'approved' ${people}
    ),
    reach (request_id, domain_id) as (
      select id, domain_id from counted
      union
      select reach.request_id, tc.domain_id
      from reach
      join capability fc on fc.domain_id = reach.domain_id
      join capability_crosswalk x on x.from_capability_id = fc.id and x.relation in ('same', 'split', 'merged')
      join capability tc on tc.id = x.to_capability_id
    )
    select distinct on (c.requester_id, td.version_id, td.id)
      c.requester_id as "personId",
      td.version_id as "versionId",
      td.id as "domainId",
      tl.id as "levelId",
      tl.name as "levelName",
      tl.ordinal,
      c.id as "requestId",
      c.decided_at as "decidedAt",
      case when td.version_id = c.version_id then null else sv.number end as "carriedFromVersion"
    from counted c
    join reach on reach.request_id = c.id
    join framework_domain td on td.id = reach.domain_id
    join framework_version tv on tv.id = td.version_id and tv.status <> 'draft'
    join framework_version sv on sv.id = c.version_id
    join framework_level tl on tl.version_id = td.version_id and tl.code = c.level_code
    where true ${versions}
    order by c.requester_id, td.version_id, td.id, tl.ordinal desc,
      (td.version_id = c.version_id) desc, c.decided_at desc`.execute(db)
  return rows.map((row) => ({ ...row, decidedAt: new Date(row.decidedAt) }))
}

export interface SignoffListItem {
  id: string
  requesterId: string
  requesterName: string
  frameworkName: string
  versionLabel: string
  domainName: string
  levelName: string
  status: SignoffStatus
  requestedAt: Date
  decidedAt: Date | null
  evidenceCount: number
  /** An approval that stopped counting because its evidence changed. */
  wasApproved: boolean
}

function listQuery(db: Db) {
  return db
    .selectFrom('signoff_request as r')
    .innerJoin('app_user as u', 'u.id', 'r.requester_id')
    .innerJoin('framework_version as v', 'v.id', 'r.version_id')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .innerJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .innerJoin('framework_level as l', 'l.id', 'r.level_id')
    .select([
      'r.id',
      'r.requester_id as requesterId',
      'u.name as requesterName',
      'f.name as frameworkName',
      'v.label as versionLabel',
      'd.name as domainName',
      'l.name as levelName',
      'r.status',
      'r.requested_at as requestedAt',
      'r.decided_at as decidedAt',
      sql<number>`(select count(*)::int from signoff_request_evidence se where se.request_id = r.id)`.as(
        'evidenceCount',
      ),
      sql<boolean>`exists (select 1 from signoff_event ev where ev.request_id = r.id and ev.kind = 'approved')`.as(
        'wasApproved',
      ),
    ])
}

/** Requests waiting for this reviewer, oldest first: their supervisees' today, or everyone's for the principal OT. */
export async function listReviewInbox(
  db: Kysely<DB>,
  reviewer: Actor,
  today: string = todayInLondon(),
): Promise<SignoffListItem[]> {
  const everyone = reviewer.roles.includes('principal')
  return listQuery(db)
    .where('r.status', '=', 'pending')
    .where('r.requester_id', '<>', reviewer.id)
    .$if(!everyone, (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('supervision_link as sl')
            .whereRef('sl.supervisee_id', '=', 'r.requester_id')
            .where('sl.supervisor_id', '=', reviewer.id)
            .where(isCurrentLink('sl', today)),
        ),
      ),
    )
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute()
}

export function listOwnRequests(db: Kysely<DB>, personId: string): Promise<SignoffListItem[]> {
  return listQuery(db).where('r.requester_id', '=', personId).orderBy('r.requested_at', 'desc').limit(200).execute()
}

/** Counts of pending requests per person, for the supervision overview. */
export async function countPendingSignoffs(db: Kysely<DB>, personIds: readonly string[]): Promise<Map<string, number>> {
  if (personIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('signoff_request')
    .select(['requester_id as personId', sql<number>`count(*)::int`.as('count')])
    .where('status', '=', 'pending')
    .where('requester_id', 'in', personIds)
    .groupBy('requester_id')
    .execute()
  return new Map(rows.map((r) => [r.personId, r.count]))
}

export interface SeenEvidence {
  evidenceId: string
  revision: number
  contentHash: string
  /** The entry as the reviewer saw it, from the revision the request recorded. */
  content: Record<string, unknown>
  currentRevision: number
  currentHash: string
  /** The entry as it is now, when it differs from what was seen. */
  currentContent: Record<string, unknown> | null
  files: { id: string; name: string; sha256: string; removed: boolean }[]
  capabilities: { id: string; code: string; statement: string }[]
}

export async function getSignoffDetail(db: Kysely<DB>, id: string) {
  const request = await listQuery(db)
    .select(['r.note', 'r.supersedes_id as supersedesId', 'r.version_id as versionId', 'r.domain_id as domainId'])
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!request) return undefined
  const [events, evidence, supersededBy] = await Promise.all([
    db
      .selectFrom('signoff_event as ev')
      .innerJoin('app_user as u', 'u.id', 'ev.actor_id')
      .leftJoin('supervision_session as s', 's.id', 'ev.session_id')
      .select([
        'ev.id',
        'ev.kind',
        'ev.at',
        'ev.comment',
        'ev.data',
        'u.name as actorName',
        's.held_on as sessionHeldOn',
        's.kind as sessionKind',
      ])
      .where('ev.request_id', '=', id)
      .orderBy('ev.id')
      .execute(),
    db
      .selectFrom('signoff_request_evidence as se')
      .innerJoin('evidence_revision as seen', (join) =>
        join.onRef('seen.evidence_id', '=', 'se.evidence_id').onRef('seen.revision', '=', 'se.revision'),
      )
      .innerJoin('evidence as e', 'e.id', 'se.evidence_id')
      .innerJoin('evidence_revision as now', (join) =>
        join.onRef('now.evidence_id', '=', 'e.id').onRef('now.revision', '=', 'e.revision'),
      )
      .select([
        'se.evidence_id as evidenceId',
        'se.revision',
        'se.content_hash as contentHash',
        'seen.content',
        'e.revision as currentRevision',
        'e.content_hash as currentHash',
        'now.content as nowContent',
      ])
      .where('se.request_id', '=', id)
      .orderBy('e.starts_on', 'desc')
      .execute(),
    db.selectFrom('signoff_request').select(['id', 'status']).where('supersedes_id', '=', id).executeTakeFirst(),
  ])
  const evidenceIds = evidence.map((e) => e.evidenceId)
  const capabilityIds = [
    ...new Set(
      evidence.flatMap((e) =>
        ((e.content as { mappings?: { capabilityId: string }[] }).mappings ?? []).map((m) => m.capabilityId),
      ),
    ),
  ]
  const [files, capabilities] = await Promise.all([
    evidenceIds.length
      ? db
          .selectFrom('evidence_file')
          .select(['id', 'evidence_id as evidenceId', 'file_name as name', 'sha256', 'removed_at as removedAt'])
          .where('evidence_id', 'in', evidenceIds)
          .execute()
      : [],
    capabilityIds.length
      ? db
          .selectFrom('capability')
          .select(['id', 'code', 'statement'])
          .where('id', 'in', capabilityIds)
          .orderBy('sort_order')
          .execute()
      : [],
  ])
  const seenEvidence: SeenEvidence[] = evidence.map((e) => {
    const content = e.content as Record<string, unknown> & {
      files?: { name: string; sha256: string }[]
      mappings?: { capabilityId: string }[]
    }
    const seenFiles = (content.files ?? []).map((f) => {
      const match = files.find(
        (row) => row.evidenceId === e.evidenceId && row.sha256 === f.sha256 && row.name === f.name,
      )
      return { id: match?.id ?? '', name: f.name, sha256: f.sha256, removed: !match || match.removedAt !== null }
    })
    const mapped = new Set((content.mappings ?? []).map((m) => m.capabilityId))
    return {
      evidenceId: e.evidenceId,
      revision: e.revision,
      contentHash: e.contentHash,
      content,
      currentRevision: e.currentRevision,
      currentHash: e.currentHash,
      currentContent: e.currentHash === e.contentHash ? null : (e.nowContent as Record<string, unknown>),
      files: seenFiles,
      capabilities: capabilities.filter((c) => mapped.has(c.id)),
    }
  })
  return { request, events, evidence: seenEvidence, supersededBy: supersededBy ?? null }
}

export type SignoffDetail = NonNullable<Awaited<ReturnType<typeof getSignoffDetail>>>

/** Supervision sessions a reviewer may link a decision to: their own with the requester, newest first. */
export function listSessionsForDecision(db: Kysely<DB>, supervisorId: string, superviseeId: string) {
  return db
    .selectFrom('supervision_session')
    .select(['id', 'held_on as heldOn', 'kind'])
    .where('supervisor_id', '=', supervisorId)
    .where('supervisee_id', '=', superviseeId)
    .orderBy('held_on', 'desc')
    .limit(20)
    .execute()
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

/** Requests left waiting for 14 days or more: the principal OT hears of each once. */
export async function staleSignoffReminders(db: Kysely<DB>, today: string): Promise<OutgoingMessage[]> {
  const waiting = await db
    .selectFrom('signoff_request as r')
    .innerJoin('app_user as u', 'u.id', 'r.requester_id')
    .innerJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .innerJoin('framework_level as l', 'l.id', 'r.level_id')
    .select(['r.id', 'u.name', 'd.name as domainName', 'l.name as levelName', 'r.requested_at as requestedAt'])
    .where('r.status', '=', 'pending')
    .where(sql<boolean>`(r.requested_at at time zone 'Europe/London')::date <= ${today}::date - 14`)
    .orderBy('r.requested_at')
    .execute()
  if (waiting.length === 0) return []
  const principals = await listPrincipals(db)
  return waiting.flatMap((request) =>
    principals.map((principal) => ({
      kind: 'signoff.waiting',
      recipientId: principal.id,
      template: 'signoff-waiting',
      personalisation: {
        person: request.name,
        capability: `${request.domainName} at ${request.levelName}`,
        path: `/signoffs/${request.id}`,
      },
      dedupeKey: `signoff.waiting:${request.id}:${principal.id}`,
    })),
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

export interface SignoffTaskFacts {
  /** Requests waiting for this reviewer, and how long the oldest has waited; null when they do not review. */
  toReview: { count: number; oldestRequestedAt: Date | null } | null
  /** The person's own requests that ask something of them: returned, or approved and then invalidated. */
  returned: number
  needsReReview: number
}

export async function getSignoffTaskFacts(
  db: Kysely<DB>,
  actor: Actor,
  today: string = todayInLondon(),
): Promise<SignoffTaskFacts> {
  const [inbox, own] = await Promise.all([
    can(actor, 'signoffs.review') ? listReviewInbox(db, actor, today) : null,
    can(actor, 'signoffs.request')
      ? db
          .selectFrom('signoff_request as r')
          .select([
            'r.status',
            sql<boolean>`exists (select 1 from signoff_event ev where ev.request_id = r.id and ev.kind = 'approved')`.as(
              'wasApproved',
            ),
          ])
          .where('r.requester_id', '=', actor.id)
          .where('r.status', 'in', ['returned', 'invalidated'])
          // Once asked again, the older request asks nothing more of anyone.
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('signoff_request as n').whereRef('n.supersedes_id', '=', 'r.id'))),
          )
          .execute()
      : [],
  ])
  return {
    toReview: inbox ? { count: inbox.length, oldestRequestedAt: inbox[0]?.requestedAt ?? null } : null,
    returned: own.filter((r) => r.status === 'returned').length,
    needsReReview: own.filter((r) => r.status === 'invalidated' && r.wasApproved).length,
  }
}
