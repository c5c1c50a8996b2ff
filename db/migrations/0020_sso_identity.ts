import { type Kysely, sql } from 'kysely'

/**
 * Single sign-on. `sso_identity` links a person at an OpenID provider (issuer and subject, which together never
 * change and are never reused) to their account, so that after the first sign-in the email address no longer
 * matters. `sso_login_request` holds each started sign-in's state, nonce and PKCE verifier until the provider
 * sends the browser back; the first callback deletes the row, so a state is good once, and only for ten minutes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sso_identity')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sso_identity_pkey', ['issuer', 'subject'])
    .addCheckConstraint('sso_identity_issuer_check', sql`length(issuer) between 1 and 2000`)
    .addCheckConstraint('sso_identity_subject_check', sql`length(subject) between 1 and 255`)
    .execute()
  await db.schema.createIndex('sso_identity_user_id_idx').on('sso_identity').column('user_id').execute()

  await db.schema
    .createTable('sso_login_request')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('redirect_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('sso_login_request_redirect_to_check', sql`length(redirect_to) between 1 and 2000`)
    .execute()
  await db.schema.createIndex('sso_login_request_created_at_idx').on('sso_login_request').column('created_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sso_login_request').execute()
  await db.schema.dropTable('sso_identity').execute()
}
