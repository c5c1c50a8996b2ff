import { type Kysely, sql } from 'kysely'

/**
 * Monthly workforce snapshots: the dashboard's coverage, supervision compliance and sign-off backlog figures as they
 * stood when a month was recorded, one row for everyone and one per team, so the trends need not work out history.
 * A month is written once and never changed: the job inserts with ON CONFLICT DO NOTHING on (month, team).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workforce_snapshot')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('month', 'date', (c) => c.notNull())
    // Null for everyone; otherwise the team, with its name as it was that month.
    .addColumn('team_id', 'uuid', (c) => c.references('team.id'))
    .addColumn('team_name', 'text', (c) => c.notNull())
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('supervised', 'integer', (c) => c.notNull())
    .addColumn('on_schedule', 'integer', (c) => c.notNull())
    .addColumn('overdue', 'integer', (c) => c.notNull())
    .addColumn('waiting_0_7', 'integer', (c) => c.notNull())
    .addColumn('waiting_8_14', 'integer', (c) => c.notNull())
    .addColumn('waiting_15_28', 'integer', (c) => c.notNull())
    .addColumn('waiting_29_plus', 'integer', (c) => c.notNull())
    .addColumn('awaiting_re_review', 'integer', (c) => c.notNull())
    .addUniqueConstraint('workforce_snapshot_month_team_key', ['month', 'team_id'], (u) => u.nullsNotDistinct())
    .addCheckConstraint('workforce_snapshot_month_first_day', sql`extract(day from month) = 1`)
    .addCheckConstraint('workforce_snapshot_as_of_after_month', sql`as_of >= month`)
    .addCheckConstraint(
      'workforce_snapshot_counts',
      sql`headcount >= 0 and supervised >= 0 and on_schedule between 0 and supervised and overdue between 0 and supervised
        and waiting_0_7 >= 0 and waiting_8_14 >= 0 and waiting_15_28 >= 0 and waiting_29_plus >= 0
        and awaiting_re_review >= 0`,
    )
    .execute()

  await db.schema
    .createTable('workforce_snapshot_coverage')
    .addColumn('snapshot_id', 'uuid', (c) => c.notNull().references('workforce_snapshot.id').onDelete('cascade'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addColumn('domain_id', 'uuid', (c) => c.notNull().references('framework_domain.id'))
    .addColumn('tier', 'text', (c) => c.notNull().defaultTo('essential'))
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('met', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('workforce_snapshot_coverage_pkey', ['snapshot_id', 'domain_id', 'tier'])
    .addCheckConstraint('workforce_snapshot_coverage_tier', sql`tier in ('essential', 'desirable')`)
    .addCheckConstraint('workforce_snapshot_coverage_counts', sql`required >= 0 and met between 0 and required`)
    .execute()
  await db.schema
    .createIndex('workforce_snapshot_coverage_version_idx')
    .on('workforce_snapshot_coverage')
    .columns(['version_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('workforce_snapshot_coverage').execute()
  await db.schema.dropTable('workforce_snapshot').execute()
}
