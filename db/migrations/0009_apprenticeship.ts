import { type Kysely, sql } from 'kysely'

const STATUSES = sql`('on-programme', 'break-in-learning', 'gateway', 'epa', 'completed', 'withdrawn')`

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('apprenticeship')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('standard_code', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('planned_end_on', 'date', (c) => c.notNull())
    .addColumn('weekly_minutes', 'integer', (c) => c.notNull())
    .addColumn('aged_19_plus_at_start', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('on-programme'))
    .addColumn('gateway_on', 'date')
    .addColumn('ended_on', 'date')
    .addColumn('result', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('apprenticeship_status_check', sql`status in ${STATUSES}`)
    .addCheckConstraint('apprenticeship_dates_check', sql`planned_end_on > starts_on`)
    .addCheckConstraint('apprenticeship_weekly_minutes_check', sql`weekly_minutes between 60 and 3600`)
    .addCheckConstraint(
      'apprenticeship_result_check',
      sql`(status = 'completed') = (result is not null and ended_on is not null)`,
    )
    .execute()
  await db.schema.createIndex('apprenticeship_person_id_idx').on('apprenticeship').column('person_id').execute()
  // One apprenticeship at a time: a person may start another only once the last is completed or withdrawn.
  await sql`create unique index apprenticeship_one_open_key on apprenticeship (person_id)
    where status not in ('completed', 'withdrawn')`.execute(db)

  // Every status change, with the day it took effect: breaks in learning are read from this history.
  await db.schema
    .createTable('apprenticeship_status_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('apprenticeship_id', 'uuid', (c) => c.notNull().references('apprenticeship.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('apprenticeship_status_event_status_check', sql`status in ${STATUSES}`)
    .execute()
  await db.schema
    .createIndex('apprenticeship_status_event_apprenticeship_idx')
    .on('apprenticeship_status_event')
    .columns(['apprenticeship_id', 'effective_on'])
    .execute()

  await db.schema
    .createTable('otj_log')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('apprenticeship_id', 'uuid', (c) => c.notNull().references('apprenticeship.id'))
    .addColumn('done_on', 'date', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'uuid', (c) => c.references('evidence.id'))
    .addColumn('logged_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('otj_log_minutes_check', sql`minutes between 1 and 1440`)
    .execute()
  await db.schema
    .createIndex('otj_log_apprenticeship_idx')
    .on('otj_log')
    .columns(['apprenticeship_id', 'done_on'])
    .execute()

  await db.schema
    .createTable('placement_log')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('apprenticeship_id', 'uuid', (c) => c.notNull().references('apprenticeship.id'))
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('logged_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('placement_log_dates_check', sql`ends_on >= starts_on`)
    .addCheckConstraint('placement_log_minutes_check', sql`minutes > 0`)
    .execute()
  await db.schema
    .createIndex('placement_log_apprenticeship_idx')
    .on('placement_log')
    .columns(['apprenticeship_id', 'ends_on'])
    .execute()

  // A tripartite progress review: the apprentice, the employer and the training provider.
  await db.schema
    .createTable('apprenticeship_review')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('apprenticeship_id', 'uuid', (c) => c.notNull().references('apprenticeship.id'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('next_on', 'date', (c) => c.notNull())
    .addColumn('provider_contact', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('apprenticeship_review_next_check', sql`next_on > held_on`)
    .execute()
  await db.schema
    .createIndex('apprenticeship_review_apprenticeship_idx')
    .on('apprenticeship_review')
    .columns(['apprenticeship_id', 'held_on'])
    .execute()

  await db.schema
    .createTable('apprenticeship_gateway')
    .addColumn('apprenticeship_id', 'uuid', (c) => c.primaryKey().references('apprenticeship.id'))
    .addColumn('ksbs_met_on', 'date')
    .addColumn('modules_passed_on', 'date')
    .addColumn('pad_signed_on', 'date')
    .addColumn('english_maths_on', 'date')
    .addColumn('english_maths_in_plan', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'apprenticeship_gateway',
    'apprenticeship_review',
    'placement_log',
    'otj_log',
    'apprenticeship_status_event',
    'apprenticeship',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
