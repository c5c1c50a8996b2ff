import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { addMonths } from '#app/lib/dates'
import { BACKLOG_BANDS, type BacklogBand, DECISION_MONTHS, backlogBand } from './dashboard.rules'
import { peopleInScope, type DashboardScope } from './dashboard-scope.server'

export interface ReviewerTurnaround {
  reviewerId: string
  reviewerName: string
  decisions: number
  medianDays: number | null
}

/**
 * The sign-off backlog: waiting requests by how long they have waited, approved sign-offs whose evidence changed
 * and that nobody has asked again for, and each reviewer's median days to decide over the last six months.
 */
export async function getSignoffBacklog(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  const inScope = peopleInScope(db, input.scope).select('u.id')
  const [waiting, reReview, decided] = await Promise.all([
    db
      .selectFrom('signoff_request as r')
      .select([
        sql<number>`(${input.today}::date - (r.requested_at at time zone 'Europe/London')::date)`.as('days'),
        sql<number>`count(*)::int`.as('count'),
      ])
      .where('r.status', '=', 'pending')
      .where('r.requester_id', 'in', inScope)
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom('signoff_request as r')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('r.status', '=', 'invalidated')
      .where('r.decided_at', 'is not', null)
      .where('r.requester_id', 'in', inScope)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('signoff_request as later').select('later.id').whereRef('later.supersedes_id', '=', 'r.id'),
          ),
        ),
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('signoff_event as ev')
            .select('ev.id')
            .whereRef('ev.request_id', '=', 'r.id')
            .where('ev.kind', '=', 'approved'),
        ),
      )
      .executeTakeFirstOrThrow(),
    // The median as the rules take it: the middle value, or the mean of the two middle ones.
    db
      .selectFrom('signoff_request as r')
      .innerJoin('app_user as reviewer', 'reviewer.id', 'r.decided_by')
      .select([
        'r.decided_by as reviewerId',
        'reviewer.name as reviewerName',
        sql<number>`count(*)::int`.as('decisions'),
        sql<number>`percentile_cont(0.5) within group (order by extract(epoch from (r.decided_at - r.requested_at)) / 86400)`.as(
          'medianDays',
        ),
      ])
      .where('r.decided_at', '>=', sql<Date>`${addMonths(input.today, -DECISION_MONTHS)}::date`)
      .where('r.requester_id', 'in', inScope)
      .groupBy(['r.decided_by', 'reviewer.name'])
      .execute(),
  ])
  const bands = BACKLOG_BANDS.map((band) => ({ key: band.key, label: band.label, count: 0 }))
  for (const row of waiting) bands.find((b) => b.key === backlogBand(Number(row.days)))!.count += row.count
  const reviewers: ReviewerTurnaround[] = decided
    .map((row) => ({
      reviewerId: row.reviewerId!,
      reviewerName: row.reviewerName,
      decisions: row.decisions,
      medianDays: roundTenth(row.medianDays === null ? null : Number(row.medianDays)),
    }))
    .sort((a, b) => (b.medianDays ?? 0) - (a.medianDays ?? 0) || a.reviewerName.localeCompare(b.reviewerName))
  return {
    bands,
    waiting: waiting.reduce((sum, row) => sum + row.count, 0),
    awaitingReReview: reReview.count,
    reviewers,
  }
}

const roundTenth = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10)

export type BacklogBandCount = { key: BacklogBand; label: string; count: number }
