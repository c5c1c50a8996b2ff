import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // One working profile per person: the written parts of an HCPC CPD profile, kept between visits.
  await db.schema
    .createTable('cpd_profile')
    .addColumn('owner_id', 'uuid', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('statement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('chosen_evidence_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('gap_explanations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('cpd_profile_period_check', sql`period_to >= period_from`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cpd_profile').execute()
}
