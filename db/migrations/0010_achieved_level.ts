import { type Kysely, sql } from 'kysely'

/**
 * The achieved levels as a table kept exact by the database itself, so that whole-service pages read everyone's
 * standing without working it out on each request.
 *
 * The rule lives in one function, refresh_achieved_levels: for each person and domain, the highest level of an
 * approved request, carried forward through the capability crosswalk to the domains of later versions that are
 * not drafts. (An approved request stops counting the moment its evidence changes, because the transaction that
 * saves the revision marks it invalidated.)
 *
 * Who keeps it current:
 * - a change to sign-off requests refreshes the people concerned, in the same statement's transaction;
 * - a change to framework versions or the crosswalk can touch everyone, and a publish makes several such changes
 *   in one transaction, so it only marks the table stale; one deferred trigger refreshes everyone at commit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('achieved_level')
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addColumn('domain_id', 'uuid', (c) => c.notNull().references('framework_domain.id'))
    .addColumn('level_id', 'uuid', (c) => c.notNull().references('framework_level.id'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('signoff_request.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signed_off_version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addPrimaryKeyConstraint('achieved_level_pkey', ['person_id', 'domain_id'])
    .execute()
  await sql`create index achieved_level_by_version on achieved_level (version_id, domain_id)`.execute(db)

  await sql`
    create function refresh_achieved_levels(people uuid[]) returns void language plpgsql as $$
    begin
      delete from achieved_level where people is null or person_id = any(people);
      insert into achieved_level
        (person_id, version_id, domain_id, level_id, ordinal, request_id, decided_at, signed_off_version_id)
      with recursive counted as materialized (
        select r.id, r.requester_id, r.version_id, r.domain_id, r.decided_at, sl.code as level_code
        from signoff_request r
        join framework_level sl on sl.id = r.level_id
        where r.status = 'approved' and (people is null or r.requester_id = any(people))
      ),
      reach (request_id, domain_id) as (
        select id, domain_id from counted
        union
        select reach.request_id, tc.domain_id
        from reach
        join capability fc on fc.domain_id = reach.domain_id
        join capability_crosswalk x on x.from_capability_id = fc.id and x.relation in ('same', 'split', 'merged')
        join capability tc on tc.id = x.to_capability_id
      )
      select distinct on (c.requester_id, td.id)
        c.requester_id, td.version_id, td.id, tl.id, tl.ordinal, c.id, c.decided_at, c.version_id
      from counted c
      join reach on reach.request_id = c.id
      join framework_domain td on td.id = reach.domain_id
      join framework_version tv on tv.id = td.version_id and tv.status <> 'draft'
      join framework_level tl on tl.version_id = td.version_id and tl.code = c.level_code
      order by c.requester_id, td.id, tl.ordinal desc, (td.version_id = c.version_id) desc, c.decided_at desc;
    end $$`.execute(db)

  await sql`
    create function achieved_levels_after_request_insert() returns trigger language plpgsql as $$
    begin
      -- A new request is pending, unless it is written as already decided (as scale data is).
      perform refresh_achieved_levels(array(select distinct requester_id from changed where status = 'approved'));
      return null;
    end $$`.execute(db)
  await sql`
    create function achieved_levels_after_request_change() returns trigger language plpgsql as $$
    begin
      perform refresh_achieved_levels(array(select distinct requester_id from changed));
      return null;
    end $$`.execute(db)
  await sql`create trigger signoff_request_achieved_on_insert after insert on signoff_request
    referencing new table as changed for each statement
    execute function achieved_levels_after_request_insert()`.execute(db)
  await sql`create trigger signoff_request_achieved_on_update after update on signoff_request
    referencing new table as changed for each statement
    execute function achieved_levels_after_request_change()`.execute(db)
  await sql`create trigger signoff_request_achieved_on_delete after delete on signoff_request
    referencing old table as changed for each statement
    execute function achieved_levels_after_request_change()`.execute(db)

  // One row saying whether everyone's levels wait to be worked out again at commit.
  await sql`create table achieved_level_refresh (
    id boolean primary key default true check (id),
    stale boolean not null default false
  )`.execute(db)
  await sql`insert into achieved_level_refresh default values`.execute(db)
  await sql`
    create function achieved_levels_mark_stale() returns trigger language plpgsql as $$
    begin
      -- Only the first change of a transaction updates the row, so the commit trigger below is queued once.
      update achieved_level_refresh set stale = true where not stale;
      return null;
    end $$`.execute(db)
  await sql`
    create function achieved_levels_refresh_stale() returns trigger language plpgsql as $$
    begin
      perform refresh_achieved_levels(null);
      update achieved_level_refresh set stale = false;
      return null;
    end $$`.execute(db)
  for (const table of ['framework_version', 'capability_crosswalk']) {
    await sql`create trigger ${sql.id(`${table}_achieved_stale`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function achieved_levels_mark_stale()`.execute(db)
  }
  await sql`create constraint trigger achieved_level_refresh_at_commit after update on achieved_level_refresh
    deferrable initially deferred for each row when (new.stale)
    execute function achieved_levels_refresh_stale()`.execute(db)

  await sql`select refresh_achieved_levels(null)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger framework_version_achieved_stale on framework_version`.execute(db)
  await sql`drop trigger capability_crosswalk_achieved_stale on capability_crosswalk`.execute(db)
  await sql`drop trigger signoff_request_achieved_on_insert on signoff_request`.execute(db)
  await sql`drop trigger signoff_request_achieved_on_update on signoff_request`.execute(db)
  await sql`drop trigger signoff_request_achieved_on_delete on signoff_request`.execute(db)
  await db.schema.dropTable('achieved_level_refresh').execute()
  await db.schema.dropTable('achieved_level').execute()
  for (const name of [
    'achieved_levels_refresh_stale',
    'achieved_levels_mark_stale',
    'achieved_levels_after_request_change',
    'achieved_levels_after_request_insert',
  ]) {
    await sql`drop function ${sql.id(name)}()`.execute(db)
  }
  await sql`drop function refresh_achieved_levels(uuid[])`.execute(db)
}
