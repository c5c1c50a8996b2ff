import { type Kysely, sql } from 'kysely'

/**
 * Re-review without starting over, and entries taken back after a withdrawal.
 *
 * - A reviewer decides again on a request whose evidence changed, against the entries as they now are: the
 *   decision is a new event ('reapproved' or 'rereturned') in the append-only history, and the request is bound to
 *   the revisions it was decided on. A re-approved request can be invalidated again by a later edit, so the one
 *   invalidation per request rule gives way; the row lock and the status guard in the code keep each change single.
 * - An owner reinstates a withdrawn entry as a new revision ('reinstated').
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index signoff_event_one_invalidation_idx`.execute(db)
  await sql`alter table signoff_event drop constraint signoff_event_kind_check`.execute(db)
  await sql`alter table signoff_event add constraint signoff_event_kind_check
    check (kind in ('requested', 'approved', 'returned', 'withdrawn', 'invalidated', 'reapproved', 'rereturned'))`.execute(
    db,
  )
  await sql`alter table evidence_revision drop constraint evidence_revision_event_check`.execute(db)
  await sql`alter table evidence_revision add constraint evidence_revision_event_check
    check (event in ('created', 'edited', 'withdrawn', 'file-added', 'file-removed', 'reinstated'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table evidence_revision drop constraint evidence_revision_event_check`.execute(db)
  await sql`alter table evidence_revision add constraint evidence_revision_event_check
    check (event in ('created', 'edited', 'withdrawn', 'file-added', 'file-removed'))`.execute(db)
  await sql`alter table signoff_event drop constraint signoff_event_kind_check`.execute(db)
  await sql`alter table signoff_event add constraint signoff_event_kind_check
    check (kind in ('requested', 'approved', 'returned', 'withdrawn', 'invalidated'))`.execute(db)
  await sql`create unique index signoff_event_one_invalidation_idx on signoff_event (request_id)
    where kind = 'invalidated'`.execute(db)
}
