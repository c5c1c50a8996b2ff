import { type Kysely, sql } from 'kysely'

/**
 * Self-mapping: the level a person maps themselves at in one domain (an RCOT CDF pillar, or a domain of another
 * framework), on a date, with a short rationale. RCOT describes the CDF as guiding principles for exactly this use,
 * so it is a record of its own, kept apart from signed-off levels.
 *
 * Append-only: a new mapping is a new row, the history is every row, and the current mapping in a domain is the
 * latest. The level and the domain must belong to the same framework version, which the composite keys enforce.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table framework_level add constraint framework_level_version_key unique (id, version_id)`.execute(db)
  await sql`alter table framework_domain add constraint framework_domain_version_key unique (id, version_id)`.execute(
    db,
  )
  await db.schema
    .createTable('self_mapping')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addColumn('domain_id', 'uuid', (c) => c.notNull())
    .addColumn('level_id', 'uuid', (c) => c.notNull())
    .addColumn('mapped_on', 'date', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('self_mapping_domain_fkey', ['domain_id', 'version_id'], 'framework_domain', [
      'id',
      'version_id',
    ])
    .addForeignKeyConstraint('self_mapping_level_fkey', ['level_id', 'version_id'], 'framework_level', [
      'id',
      'version_id',
    ])
    .addCheckConstraint('self_mapping_rationale_check', sql`char_length(btrim(rationale)) between 1 and 1000`)
    .execute()
  await sql`create index self_mapping_person_idx on self_mapping (person_id, domain_id, mapped_on desc, created_at desc)`.execute(
    db,
  )
  await sql`
    create function refuse_self_mapping_change() returns trigger language plpgsql as $$
    begin
      raise exception 'self_mapping is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger self_mapping_append_only
    before update or delete on self_mapping
    for each row execute function refuse_self_mapping_change()`.execute(db)
  await sql`
    create trigger self_mapping_no_truncate
    before truncate on self_mapping
    for each statement execute function refuse_self_mapping_change()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('self_mapping').execute()
  await sql`drop function refuse_self_mapping_change()`.execute(db)
  await sql`alter table framework_domain drop constraint framework_domain_version_key`.execute(db)
  await sql`alter table framework_level drop constraint framework_level_version_key`.execute(db)
}
