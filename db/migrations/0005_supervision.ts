import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // The date a person qualified or first registered: the newly qualified supervision stages run from it.
  await db.schema.alterTable('app_user').addColumn('qualified_on', 'date').execute()

  // A supervision session between a supervisor and one supervisee. Notes are confidential to the two of them.
  await db.schema
    .createTable('supervision_session')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('supervisor_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('supervisee_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_on', 'date')
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('supervision_session_not_self_check', sql`supervisor_id <> supervisee_id`)
    .addCheckConstraint(
      'supervision_session_kind_check',
      sql`kind in ('professional', 'clinical', 'managerial', 'group')`,
    )
    .addCheckConstraint('supervision_session_minutes_check', sql`minutes between 1 and 1440`)
    .addCheckConstraint('supervision_session_next_check', sql`next_on is null or next_on > held_on`)
    .addCheckConstraint('supervision_session_notes_length_check', sql`char_length(notes) <= 10000`)
    .execute()
  await sql`create index supervision_session_supervisee_idx on supervision_session (supervisee_id, held_on desc)`.execute(
    db,
  )
  await sql`create index supervision_session_supervisor_idx on supervision_session (supervisor_id, held_on desc)`.execute(
    db,
  )

  // Actions agreed in a session: visible to both people and to the principal OT.
  await db.schema
    .createTable('supervision_action')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('supervision_session.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    // The order the actions were agreed in, as they were written down.
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('due_on', 'date')
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('supervision_action_text_check', sql`char_length(text) between 1 and 500`)
    .addCheckConstraint('supervision_action_done_check', sql`(done_at is null) = (done_by is null)`)
    .execute()
  await db.schema.createIndex('supervision_action_session_idx').on('supervision_action').column('session_id').execute()
  await db.schema.createIndex('supervision_action_owner_idx').on('supervision_action').column('owner_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('supervision_action').execute()
  await db.schema.dropTable('supervision_session').execute()
  await db.schema.alterTable('app_user').dropColumn('qualified_on').execute()
}
