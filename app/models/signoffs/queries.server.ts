import { type Kysely, sql } from 'kysely'
import type { DB, Db, SignoffStatus } from '#db/schema'
import { type Actor, type SignoffSubject, can, visibility } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { isUuid } from '#app/lib/ids'
import type { SeenEvidence } from './signoffs.schema'

/** The policy's view of a request; undefined for an unknown id. */
export async function getSignoffSubject(
  db: Db,
  id: string,
  today: string = todayInLondon(),
): Promise<SignoffSubject | undefined> {
  if (!isUuid(id)) return undefined
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
  return reviewerScope(listQuery(db).where('r.status', '=', 'pending'), reviewer, today)
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute()
}

/**
 * Requests this reviewer may decide again because evidence they stood on changed (after approval, or while they
 * waited), oldest first; those the person has already asked again for are in the pending list instead.
 */
export async function listReReviewInbox(
  db: Kysely<DB>,
  reviewer: Actor,
  today: string = todayInLondon(),
): Promise<SignoffListItem[]> {
  return reviewerScope(
    listQuery(db)
      .where('r.status', '=', 'invalidated')
      .where(sql<boolean>`not exists (select 1 from signoff_request n where n.supersedes_id = r.id)`),
    reviewer,
    today,
  )
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute()
}

function reviewerScope<Q extends ReturnType<typeof listQuery>>(query: Q, reviewer: Actor, today: string): Q {
  const everyone = visibility(reviewer) === 'all'
  return query
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
    ) as Q
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

export interface SignoffTaskFacts {
  /** Requests waiting for this reviewer, and how long the oldest has waited; null when they do not review. */
  toReview: { count: number; oldestRequestedAt: Date | null } | null
  /** Signed-off requests whose evidence has changed since, waiting for this reviewer to look again; null likewise. */
  toReReview: number | null
  /** The person's own requests that ask something of them: returned, or approved and then invalidated. */
  returned: number
  /** The returned requests, oldest first, so a single one can be opened directly. */
  returnedIds: string[]
  needsReReview: number
}

export async function getSignoffTaskFacts(
  db: Kysely<DB>,
  actor: Actor,
  today: string = todayInLondon(),
): Promise<SignoffTaskFacts> {
  const reviews = can(actor, 'signoffs.review')
  const [inbox, reReview, own] = await Promise.all([
    reviews ? listReviewInbox(db, actor, today) : null,
    reviews ? listReReviewInbox(db, actor, today) : null,
    can(actor, 'signoffs.request')
      ? db
          .selectFrom('signoff_request as r')
          .select([
            'r.id',
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
          .orderBy('r.requested_at')
          .execute()
      : [],
  ])
  return {
    toReview: inbox ? { count: inbox.length, oldestRequestedAt: inbox[0]?.requestedAt ?? null } : null,
    toReReview: reReview ? reReview.length : null,
    returned: own.filter((r) => r.status === 'returned').length,
    returnedIds: own.filter((r) => r.status === 'returned').map((r) => r.id),
    needsReReview: own.filter((r) => r.status === 'invalidated' && r.wasApproved).length,
  }
}
