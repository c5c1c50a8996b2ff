import { type Kysely, sql } from 'kysely'

/**
 * People and teams administration. A person's employment has a start and a leaving date (the qualification date
 * is already on app_user, from 0005); a team is archived rather than deleted, so the people and history that
 * named it keep it; and an administrator can issue a one-time password reset link, of which only a SHA-256 hash
 * is stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('starts_on', 'date').addColumn('leaves_on', 'date').execute()
  await db.schema
    .alterTable('app_user')
    .addCheckConstraint(
      'app_user_employment_dates_check',
      sql`leaves_on is null or starts_on is null or leaves_on >= starts_on`,
    )
    .execute()
  await db.schema.alterTable('team').addColumn('archived_at', 'timestamptz').execute()
  await db.schema
    .alterTable('team')
    .addCheckConstraint('team_name_check', sql`char_length(btrim(name)) between 1 and 120`)
    .execute()
  await db.schema
    .createTable('password_reset')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addUniqueConstraint('password_reset_token_hash_key', ['token_hash'])
    .addCheckConstraint('password_reset_token_hash_check', sql`token_hash ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('password_reset_expiry_check', sql`expires_at > created_at`)
    .execute()
  await db.schema.createIndex('password_reset_user_id_idx').on('password_reset').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_reset').execute()
  await db.schema.alterTable('team').dropConstraint('team_name_check').execute()
  await db.schema.alterTable('team').dropColumn('archived_at').execute()
  await db.schema.alterTable('app_user').dropConstraint('app_user_employment_dates_check').execute()
  await db.schema.alterTable('app_user').dropColumn('leaves_on').dropColumn('starts_on').execute()
}
