import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('activity_type', 'text')
    .addColumn('starts_on', 'date')
    .addColumn('ends_on', 'date')
    .addColumn('minutes', 'integer')
    .addColumn('description', 'text')
    .addColumn('reflection_what', 'text')
    .addColumn('reflection_learned', 'text')
    .addColumn('reflection_practice', 'text')
    .addColumn('reflection_benefit', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' ||
          coalesce(reflection_what, '') || ' ' || coalesce(reflection_learned, '') || ' ' ||
          coalesce(reflection_practice, '') || ' ' || coalesce(reflection_benefit, ''))`,
        )
        .stored(),
    )
    .addCheckConstraint('evidence_status_check', sql`status in ('draft', 'complete')`)
    .addCheckConstraint(
      'evidence_activity_type_check',
      sql`activity_type in ('work-based-learning', 'professional-activity', 'formal-educational', 'self-directed', 'other')`,
    )
    .addCheckConstraint(
      'evidence_dates_check',
      sql`ends_on is null or (starts_on is not null and ends_on >= starts_on)`,
    )
    .addCheckConstraint('evidence_minutes_check', sql`minutes is null or minutes > 0`)
    .execute()
  // The log's pages and totals read only these columns; carried in the index they are read as index-only
  // scans. One person's entries are spread over the whole table (everyone writes at once), so reading them
  // from the table would cost about a page per entry.
  await sql`
    create index evidence_owner_log_idx on evidence (owner_id, starts_on desc nulls first, created_at desc)
    include (id, activity_type, ends_on, minutes, status, withdrawn_at)`.execute(db)
  await sql`create index evidence_search_idx on evidence using gin (search)`.execute(db)

  // Every saved state of an entry, so that a sign-off can name exactly what was seen (by content hash).
  await db.schema
    .createTable('evidence_revision')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('evidence_id', 'uuid', (c) => c.notNull().references('evidence.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('evidence_revision_key', ['evidence_id', 'revision'])
    .addCheckConstraint(
      'evidence_revision_event_check',
      sql`event in ('created', 'edited', 'withdrawn', 'file-added', 'file-removed')`,
    )
    .execute()
  await sql`
    create function refuse_evidence_revision_change() returns trigger language plpgsql as $$
    begin
      raise exception 'evidence_revision is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger evidence_revision_append_only
    before update or delete on evidence_revision
    for each row execute function refuse_evidence_revision_change()`.execute(db)

  await db.schema
    .createTable('evidence_capability')
    .addColumn('evidence_id', 'uuid', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
    .addColumn('capability_id', 'uuid', (c) => c.notNull().references('capability.id'))
    .addColumn('note', 'text')
    .addColumn('carried_from_capability_id', 'uuid', (c) => c.references('capability.id'))
    .addPrimaryKeyConstraint('evidence_capability_pkey', ['evidence_id', 'capability_id'])
    .execute()
  await db.schema
    .createIndex('evidence_capability_capability_idx')
    .on('evidence_capability')
    .column('capability_id')
    .execute()

  // File contents are stored once per SHA-256, behind a small storage interface an object store can replace.
  await db.schema
    .createTable('file_blob')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // A removed attachment is kept: earlier revisions, and the sign-offs that saw them, still name it.
  await db.schema
    .createTable('evidence_file')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('evidence_id', 'uuid', (c) => c.notNull().references('evidence.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .addCheckConstraint('evidence_file_size_check', sql`size_bytes > 0`)
    .execute()
  await db.schema.createIndex('evidence_file_evidence_id_idx').on('evidence_file').column('evidence_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_file').execute()
  await db.schema.dropTable('file_blob').execute()
  await db.schema.dropTable('evidence_capability').execute()
  await db.schema.dropTable('evidence_revision').execute()
  await sql`drop function refuse_evidence_revision_change()`.execute(db)
  await db.schema.dropTable('evidence').execute()
}
