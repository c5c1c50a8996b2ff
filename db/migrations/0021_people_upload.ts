import { type Kysely, sql } from 'kysely'

/** A staff file from HR waits here between its dry run and the administrator's decision to apply it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people_upload')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('people_upload').execute()
}
