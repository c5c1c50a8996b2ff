import { type Kysely, sql } from 'kysely'

/**
 * One-time form tokens. Every create form carries a fresh token; the first submission claims it in the same
 * transaction as the record it creates and keeps what it created, so the same form sent again (a double click, a
 * resend after a lost reply, a second tab) answers with that record instead of making another. Rows are purged
 * after a few days: by then nobody is resending.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('form_submission')
    .addColumn('token', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the first submission created (its id, or what the reply needs), as JSON.
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('form_submission_kind_check', sql`length(kind) between 1 and 200`)
    .execute()
  await db.schema.createIndex('form_submission_created_at_idx').on('form_submission').column('created_at').execute()
  await db.schema.createIndex('form_submission_user_id_idx').on('form_submission').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('form_submission').execute()
}
