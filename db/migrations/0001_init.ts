import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('team')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('job_role')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('band', 'text')
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('hcpc_registered', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('job_role_code', 'text', (c) => c.references('job_role.code').onUpdate('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.references('team.id'))
    .addColumn('employee_number', 'text', (c) => c.unique())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('app_user_email_shape_check', sql`email ~ '^[^@\\s]+@[^@\\s]+$'`)
    .execute()
  await sql`create unique index app_user_email_lower_key on app_user (lower(email))`.execute(db)
  await db.schema.createIndex('app_user_team_id_idx').on('app_user').column('team_id').execute()

  await db.schema
    .createTable('user_role')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('user_role_pkey', ['user_id', 'role'])
    .addCheckConstraint('user_role_role_check', sql`role in ('staff', 'supervisor', 'principal', 'admin')`)
    .execute()

  await db.schema
    .createTable('user_password')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('user_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('user_session_user_id_idx').on('user_session').column('user_id').execute()

  await db.schema
    .createTable('login_attempt')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('login_attempt_email_key_at_idx')
    .on('login_attempt')
    .columns(['email_key', 'at'])
    .execute()
  await db.schema.createIndex('login_attempt_ip_at_idx').on('login_attempt').columns(['ip', 'at']).execute()

  await db.schema
    .createTable('supervision_link')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('supervisor_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('supervisee_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addColumn('frequency_days', 'integer', (c) => c.notNull().defaultTo(28))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('supervision_link_not_self_check', sql`supervisor_id <> supervisee_id`)
    .addCheckConstraint('supervision_link_dates_check', sql`ends_on is null or ends_on >= starts_on`)
    .addCheckConstraint('supervision_link_frequency_check', sql`frequency_days between 1 and 366`)
    .execute()
  await db.schema
    .createIndex('supervision_link_supervisor_id_idx')
    .on('supervision_link')
    .column('supervisor_id')
    .execute()
  await db.schema
    .createIndex('supervision_link_supervisee_id_idx')
    .on('supervision_link')
    .column('supervisee_id')
    .execute()

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema
    .createIndex('audit_event_subject_idx')
    .on('audit_event')
    .columns(['subject_kind', 'subject_id'])
    .execute()
  await db.schema.createIndex('audit_event_actor_id_idx').on('audit_event').column('actor_id').execute()

  // The audit trail is evidence in its own right: the database refuses to change or remove it.
  await sql`
    create function refuse_audit_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function refuse_audit_change()`.execute(db)
  await sql`
    create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function refuse_audit_change()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_event').execute()
  await sql`drop function refuse_audit_change()`.execute(db)
  for (const table of [
    'supervision_link',
    'login_attempt',
    'user_session',
    'user_password',
    'user_role',
    'app_user',
    'job_role',
    'team',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
