import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // A person's current HCPC registration as they (or the principal OT) recorded it; its history is below.
  await db.schema
    .createTable('hcpc_registration')
    .addColumn('person_id', 'uuid', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('profession_code', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('first_registered_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addColumn('last_checked_on', 'date')
    .addColumn('last_checked_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_on', 'date', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('hcpc_registration_number_key', ['number'])
    .addCheckConstraint('hcpc_registration_dates_check', sql`expires_on > first_registered_on`)
    .addCheckConstraint('hcpc_registration_checked_check', sql`(last_checked_on is null) = (last_checked_by is null)`)
    .execute()
  await db.schema.createIndex('hcpc_registration_expires_on_idx').on('hcpc_registration').column('expires_on').execute()

  // Every recorded state and every register check, in order: never changed or removed.
  await db.schema
    .createTable('hcpc_registration_event')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('profession_code', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('first_registered_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addColumn('checked_on', 'date')
    .addColumn('actor_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('hcpc_registration_event_kind_check', sql`kind in ('recorded', 'updated', 'checked')`)
    .execute()
  await db.schema
    .createIndex('hcpc_registration_event_person_idx')
    .on('hcpc_registration_event')
    .columns(['person_id', 'id'])
    .execute()
  await sql`
    create function refuse_hcpc_registration_event_change() returns trigger language plpgsql as $$
    begin
      raise exception 'hcpc_registration_event is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger hcpc_registration_event_append_only
    before update or delete on hcpc_registration_event
    for each row execute function refuse_hcpc_registration_event_change()`.execute(db)

  // One secret calendar feed per person. Only a SHA-256 of the token is kept, so the URL is shown once.
  await db.schema
    .createTable('calendar_feed')
    .addColumn('person_id', 'uuid', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('calendar_feed_token_hash_key', ['token_hash'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feed').execute()
  await db.schema.dropTable('hcpc_registration_event').execute()
  await sql`drop function refuse_hcpc_registration_event_change()`.execute(db)
  await db.schema.dropTable('hcpc_registration').execute()
}
