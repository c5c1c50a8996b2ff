import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // A request to have one domain of a framework version signed off at a level. Its status is the latest word of
  // its events, kept on the row so that the inbox reads one table; the events themselves are the record.
  await db.schema
    .createTable('signoff_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('requester_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addColumn('domain_id', 'uuid', (c) => c.notNull().references('framework_domain.id'))
    .addColumn('level_id', 'uuid', (c) => c.notNull().references('framework_level.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('supersedes_id', 'uuid', (c) => c.references('signoff_request.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'uuid', (c) => c.references('app_user.id'))
    .addCheckConstraint(
      'signoff_request_status_check',
      sql`status in ('pending', 'approved', 'returned', 'withdrawn', 'invalidated')`,
    )
    .addCheckConstraint('signoff_request_note_check', sql`char_length(note) <= 5000`)
    .execute()
  await sql`create index signoff_request_requester_idx on signoff_request (requester_id, requested_at desc)`.execute(db)
  await sql`create index signoff_request_pending_idx on signoff_request (requested_at) where status = 'pending'`.execute(
    db,
  )

  // The exact evidence the request stands on: one saved revision of each entry, with its content hash.
  await db.schema
    .createTable('signoff_request_evidence')
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('signoff_request.id'))
    .addColumn('evidence_id', 'uuid', (c) => c.notNull().references('evidence.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('signoff_request_evidence_pkey', ['request_id', 'evidence_id'])
    .addForeignKeyConstraint(
      'signoff_request_evidence_revision_fkey',
      ['evidence_id', 'revision'],
      'evidence_revision',
      ['evidence_id', 'revision'],
    )
    .execute()
  await db.schema
    .createIndex('signoff_request_evidence_evidence_idx')
    .on('signoff_request_evidence')
    .column('evidence_id')
    .execute()

  await db.schema
    .createTable('signoff_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('signoff_request.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('session_id', 'uuid', (c) => c.references('supervision_session.id'))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addCheckConstraint(
      'signoff_event_kind_check',
      sql`kind in ('requested', 'approved', 'returned', 'withdrawn', 'invalidated')`,
    )
    .addCheckConstraint('signoff_event_comment_check', sql`char_length(comment) <= 5000`)
    .execute()
  await db.schema.createIndex('signoff_event_request_idx').on('signoff_event').column('request_id').execute()
  // A request is decided (or withdrawn) once, and invalidated once: the database refuses a second word.
  await sql`
    create unique index signoff_event_one_decision_idx on signoff_event (request_id)
    where kind in ('approved', 'returned', 'withdrawn')`.execute(db)
  await sql`
    create unique index signoff_event_one_invalidation_idx on signoff_event (request_id)
    where kind = 'invalidated'`.execute(db)
  await sql`
    create function refuse_signoff_event_change() returns trigger language plpgsql as $$
    begin
      raise exception 'signoff_event is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger signoff_event_append_only
    before update or delete on signoff_event
    for each row execute function refuse_signoff_event_change()`.execute(db)
  await sql`
    create trigger signoff_event_no_truncate
    before truncate on signoff_event
    for each statement execute function refuse_signoff_event_change()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signoff_event').execute()
  await sql`drop function refuse_signoff_event_change()`.execute(db)
  await db.schema.dropTable('signoff_request_evidence').execute()
  await db.schema.dropTable('signoff_request').execute()
}
