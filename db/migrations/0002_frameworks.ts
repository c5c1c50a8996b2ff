import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('framework')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('framework_code_check', sql`code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'`)
    .execute()

  await db.schema
    .createTable('framework_version')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('framework_id', 'uuid', (c) => c.notNull().references('framework.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('edition', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_date', 'date')
    .addColumn('provisional', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('origin_name', 'text')
    .addColumn('moodle', 'jsonb')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .addUniqueConstraint('framework_version_label_key', ['framework_id', 'label'])
    .addUniqueConstraint('framework_version_number_key', ['framework_id', 'number'])
    .addCheckConstraint('framework_version_status_check', sql`status in ('draft', 'published', 'retired')`)
    .addCheckConstraint('framework_version_origin_check', sql`origin in ('data-file', 'moodle-csv', 'json')`)
    .execute()
  await db.schema
    .createIndex('framework_version_content_idx')
    .on('framework_version')
    .columns(['framework_id', 'content_hash'])
    .execute()

  await db.schema
    .createTable('framework_level')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('indicative_title', 'text')
    .addColumn('description', 'text')
    .addColumn('description_format', 'smallint', (c) => c.notNull().defaultTo(2))
    .addColumn('provisional', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('framework_level_code_key', ['version_id', 'code'])
    .addUniqueConstraint('framework_level_ordinal_key', ['version_id', 'ordinal'])
    .execute()

  // Descriptions keep Moodle's format codes (1 HTML, 2 plain text, 4 Markdown) so that an export matches its import.
  await db.schema
    .createTable('framework_domain')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id').onDelete('cascade'))
    .addColumn('parent_id', 'uuid', (c) => c.references('framework_domain.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('description_format', 'smallint', (c) => c.notNull().defaultTo(2))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('moodle', 'jsonb')
    .addUniqueConstraint('framework_domain_code_key', ['version_id', 'code'])
    .execute()

  await db.schema
    .createTable('capability')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id').onDelete('cascade'))
    .addColumn('domain_id', 'uuid', (c) => c.notNull().references('framework_domain.id').onDelete('cascade'))
    .addColumn('level_id', 'uuid', (c) => c.references('framework_level.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('description_format', 'smallint', (c) => c.notNull().defaultTo(2))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('moodle', 'jsonb')
    .addUniqueConstraint('capability_code_key', ['version_id', 'code'])
    .execute()
  await db.schema.createIndex('capability_domain_id_idx').on('capability').column('domain_id').execute()
  await db.schema.createIndex('capability_level_id_idx').on('capability').column('level_id').execute()

  await db.schema
    .createTable('capability_crosswalk')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('from_version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addColumn('to_version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addColumn('from_capability_id', 'uuid', (c) => c.references('capability.id'))
    .addColumn('to_capability_id', 'uuid', (c) => c.references('capability.id'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addCheckConstraint(
      'capability_crosswalk_relation_check',
      sql`relation in ('same', 'split', 'merged', 'new', 'removed')`,
    )
    .addCheckConstraint(
      'capability_crosswalk_ends_check',
      sql`(relation = 'new' and from_capability_id is null and to_capability_id is not null)
        or (relation = 'removed' and to_capability_id is null and from_capability_id is not null)
        or (relation in ('same', 'split', 'merged') and from_capability_id is not null and to_capability_id is not null)`,
    )
    .execute()
  await db.schema
    .createIndex('capability_crosswalk_versions_idx')
    .on('capability_crosswalk')
    .columns(['from_version_id', 'to_version_id'])
    .execute()

  await db.schema
    .createTable('role_requirement')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('job_role_code', 'text', (c) => c.notNull().references('job_role.code').onUpdate('cascade'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('framework_version.id'))
    .addColumn('domain_id', 'uuid', (c) => c.references('framework_domain.id'))
    .addColumn('minimum_level_id', 'uuid', (c) => c.notNull().references('framework_level.id'))
    .addColumn('provisional', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('note', 'text')
    .addColumn('carried_from_id', 'uuid', (c) => c.references('role_requirement.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index role_requirement_key on role_requirement
    (job_role_code, version_id, coalesce(domain_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(db)

  // An uploaded file waits here between its check and the administrator's decision to import it.
  await db.schema
    .createTable('framework_upload')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('version_label', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // A published framework version is a record people's evidence and sign-offs point at: its content can
  // never change, and it can only move on to retired. The database enforces this for every writer.
  await sql`
    create function refuse_published_framework_content() returns trigger language plpgsql as $$
    declare
      version_status text;
    begin
      select status into version_status from framework_version
        where id = coalesce(new.version_id, old.version_id);
      -- No row: the version itself is being deleted (only drafts can be), taking its content with it.
      if version_status is not null and version_status <> 'draft' then
        raise exception 'framework version is %: its content cannot change', version_status
          using errcode = 'insufficient_privilege';
      end if;
      return coalesce(new, old);
    end
    $$`.execute(db)
  for (const table of ['framework_level', 'framework_domain', 'capability']) {
    await sql`
      create trigger ${sql.raw(`${table}_frozen_when_published`)}
      before insert or update or delete on ${sql.table(table)}
      for each row execute function refuse_published_framework_content()`.execute(db)
  }

  await sql`
    create function guard_framework_version() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'draft' then
          raise exception 'a % framework version cannot be deleted', old.status using errcode = 'insufficient_privilege';
        end if;
        return old;
      end if;
      if old.status = 'draft' then
        if new.status = 'retired' then
          raise exception 'a draft framework version is published before it is retired' using errcode = 'check_violation';
        end if;
        return new;
      end if;
      if old.status = 'published' and new.status = 'retired'
        and (new.number, new.label, new.edition, new.source, new.source_date, new.provisional, new.content_hash, new.framework_id)
          is not distinct from (old.number, old.label, old.edition, old.source, old.source_date, old.provisional, old.content_hash, old.framework_id) then
        return new;
      end if;
      raise exception 'framework version is %: it cannot be changed', old.status using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger framework_version_guard
    before update or delete on framework_version
    for each row execute function guard_framework_version()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('framework_upload').execute()
  await db.schema.dropTable('role_requirement').execute()
  await db.schema.dropTable('capability_crosswalk').execute()
  await db.schema.dropTable('capability').execute()
  await db.schema.dropTable('framework_domain').execute()
  await db.schema.dropTable('framework_level').execute()
  await db.schema.dropTable('framework_version').execute()
  await db.schema.dropTable('framework').execute()
  await sql`drop function refuse_published_framework_content()`.execute(db)
  await sql`drop function guard_framework_version()`.execute(db)
}
