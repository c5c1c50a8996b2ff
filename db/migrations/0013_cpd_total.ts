import { type Kysely, sql } from 'kysely'

/**
 * CPD minutes and entry counts per team, job role, HCPC activity type and pair of months (the month an entry
 * starts and the month it ends), kept exact by the database in the same transaction as every change, so that the
 * workforce dashboard adds up a service's CPD without reading every entry.
 *
 * An entry counts while it is not withdrawn, has a start date and belongs to an active member of staff (the
 * people the dashboard counts), under that person's team and job role today. A period of whole months then selects exactly the entries that overlap
 * it: an entry overlaps months F to T when it ends in F or later and starts in T or earlier.
 *
 * Beside it, cpd_latest keeps each person's latest dated entry, for the people with no recent CPD.
 *
 * Who keeps them current:
 * - a change to evidence adds what the new rows count and takes away what the old rows counted, per statement;
 * - a change to a person's team, job role or active flag moves their entries' totals from the old key to the new
 *   one; removing a person takes theirs away first; gaining or losing the staff role adds or takes them away.
 */
/**
 * What a set of evidence rows counts, by key, times sign, for their owners as they are now. It is written into each
 * trigger function, not called, because a statement's transition tables are visible only in its trigger function.
 */
function bump(rows: 'evidence' | 'new_rows' | 'old_rows', sign: 1 | -1) {
  return sql.raw(`
      insert into cpd_total as c (team_id, job_role_code, activity_type, starts_month, ends_month, minutes, entries)
      select u.team_id, u.job_role_code, e.activity_type,
        date_trunc('month', e.starts_on)::date, date_trunc('month', coalesce(e.ends_on, e.starts_on))::date,
        ${sign} * coalesce(sum(e.minutes), 0), ${sign} * count(*)::int
      from ${rows} e
      join app_user u on u.id = e.owner_id and u.active
        and exists (select from user_role r where r.user_id = u.id and r.role = 'staff')
      where e.withdrawn_at is null and e.starts_on is not null
      group by 1, 2, 3, 4, 5
      on conflict on constraint cpd_total_key
        do update set minutes = c.minutes + excluded.minutes, entries = c.entries + excluded.entries;
      delete from cpd_total where entries = 0;`)
}

/** Each changed person's latest dated entry, worked out again from their log (an index range per person). */
function latest(rows: 'new_rows' | 'old_rows') {
  return sql.raw(`
      delete from cpd_latest where person_id in (select owner_id from ${rows});
      insert into cpd_latest (person_id, last_on)
      select e.owner_id, max(coalesce(e.ends_on, e.starts_on)) from evidence e
      where e.owner_id in (select owner_id from ${rows}) and e.withdrawn_at is null
        and coalesce(e.ends_on, e.starts_on) is not null
      group by e.owner_id;`)
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table cpd_total (
    team_id uuid,
    job_role_code text,
    activity_type text,
    starts_month date not null,
    ends_month date not null,
    minutes bigint not null,
    entries integer not null,
    constraint cpd_total_key unique nulls not distinct (team_id, job_role_code, activity_type, starts_month, ends_month)
  )`.execute(db)
  // Each person's latest dated entry that is not withdrawn, for "no CPD recorded in the last three months".
  await sql`create table cpd_latest (
    person_id uuid primary key references app_user (id) on delete cascade,
    last_on date not null
  )`.execute(db)
  await sql`create index cpd_total_emptied on cpd_total (team_id) where entries = 0`.execute(db)
  await sql`create index cpd_total_by_month on cpd_total (ends_month, starts_month)`.execute(db)

  // What one person's entries count under a given team and job role, times sign.
  await sql`
    create function cpd_total_bump_person(person uuid, team uuid, role text, sign integer) returns void
    language sql as $$
      insert into cpd_total as c (team_id, job_role_code, activity_type, starts_month, ends_month, minutes, entries)
      select team, role, e.activity_type,
        date_trunc('month', e.starts_on)::date, date_trunc('month', coalesce(e.ends_on, e.starts_on))::date,
        sign * coalesce(sum(e.minutes), 0), sign * count(*)::int
      from evidence e
      where e.owner_id = person and e.withdrawn_at is null and e.starts_on is not null
      group by 1, 2, 3, 4, 5
      on conflict on constraint cpd_total_key
        do update set minutes = c.minutes + excluded.minutes, entries = c.entries + excluded.entries;
      delete from cpd_total where entries = 0;
    $$`.execute(db)
  // Everyone's totals worked out afresh: after a bulk load made with the triggers off, and to check the triggers.
  await sql`
    create function refresh_cpd_totals() returns void language sql as $$
      delete from cpd_total;
      ${bump('evidence', 1)}
      delete from cpd_latest;
      insert into cpd_latest (person_id, last_on)
      select owner_id, max(coalesce(ends_on, starts_on)) from evidence
      where withdrawn_at is null and coalesce(ends_on, starts_on) is not null
      group by owner_id;
    $$`.execute(db)

  await sql`
    create function cpd_total_after_evidence_insert() returns trigger language plpgsql as $$
    begin
      ${bump('new_rows', 1)}
      ${latest('new_rows')}
      return null;
    end $$`.execute(db)
  await sql`
    create function cpd_total_after_evidence_update() returns trigger language plpgsql as $$
    begin
      ${bump('old_rows', -1)}
      ${bump('new_rows', 1)}
      ${latest('new_rows')}
      return null;
    end $$`.execute(db)
  await sql`
    create function cpd_total_after_evidence_delete() returns trigger language plpgsql as $$
    begin
      ${bump('old_rows', -1)}
      ${latest('old_rows')}
      return null;
    end $$`.execute(db)
  await sql`create trigger evidence_cpd_total_on_insert after insert on evidence
    referencing new table as new_rows for each statement
    execute function cpd_total_after_evidence_insert()`.execute(db)
  await sql`create trigger evidence_cpd_total_on_update after update on evidence
    referencing old table as old_rows new table as new_rows for each statement
    execute function cpd_total_after_evidence_update()`.execute(db)
  await sql`create trigger evidence_cpd_total_on_delete after delete on evidence
    referencing old table as old_rows for each statement
    execute function cpd_total_after_evidence_delete()`.execute(db)

  await sql`
    create function cpd_total_after_person_change() returns trigger language plpgsql as $$
    declare
      staff boolean := exists (select from user_role r where r.user_id = old.id and r.role = 'staff');
    begin
      if staff and old.active then
        perform cpd_total_bump_person(old.id, old.team_id, old.job_role_code, -1);
      end if;
      if staff and tg_op = 'UPDATE' and new.active then
        perform cpd_total_bump_person(new.id, new.team_id, new.job_role_code, 1);
      end if;
      return null;
    end $$`.execute(db)
  await sql`
    create function cpd_total_after_staff_role_change() returns trigger language plpgsql as $$
    declare
      person record;
    begin
      select u.id, u.team_id, u.job_role_code into person from app_user u
      where u.id = (case when tg_op = 'DELETE' then old.user_id else new.user_id end) and u.active;
      if found then
        perform cpd_total_bump_person(person.id, person.team_id, person.job_role_code,
          case when tg_op = 'DELETE' then -1 else 1 end);
      end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger user_role_cpd_total_on_insert after insert on user_role
    for each row when (new.role = 'staff') execute function cpd_total_after_staff_role_change()`.execute(db)
  await sql`create trigger user_role_cpd_total_on_delete after delete on user_role
    for each row when (old.role = 'staff') execute function cpd_total_after_staff_role_change()`.execute(db)
  await sql`create trigger app_user_cpd_total_on_update after update of team_id, job_role_code, active on app_user
    for each row when (old.team_id is distinct from new.team_id or old.job_role_code is distinct from new.job_role_code
      or old.active is distinct from new.active)
    execute function cpd_total_after_person_change()`.execute(db)
  // Before the row goes, so that the person's entries are still theirs to count (their own removal follows).
  await sql`create trigger app_user_cpd_total_on_delete before delete on app_user
    for each row execute function cpd_total_after_person_change()`.execute(db)

  await sql`select refresh_cpd_totals()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger user_role_cpd_total_on_insert on user_role`.execute(db)
  await sql`drop trigger user_role_cpd_total_on_delete on user_role`.execute(db)
  await sql`drop trigger app_user_cpd_total_on_delete on app_user`.execute(db)
  await sql`drop trigger app_user_cpd_total_on_update on app_user`.execute(db)
  await sql`drop trigger evidence_cpd_total_on_insert on evidence`.execute(db)
  await sql`drop trigger evidence_cpd_total_on_update on evidence`.execute(db)
  await sql`drop trigger evidence_cpd_total_on_delete on evidence`.execute(db)
  for (const name of [
    'cpd_total_after_staff_role_change',
    'cpd_total_after_person_change',
    'cpd_total_after_evidence_insert',
    'cpd_total_after_evidence_update',
    'cpd_total_after_evidence_delete',
    'refresh_cpd_totals',
  ]) {
    await sql`drop function ${sql.id(name)}()`.execute(db)
  }
  await sql`drop function cpd_total_bump_person(uuid, uuid, text, integer)`.execute(db)
  await db.schema.dropTable('cpd_total').execute()
  await db.schema.dropTable('cpd_latest').execute()
}
