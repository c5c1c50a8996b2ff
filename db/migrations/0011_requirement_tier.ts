import { type Kysely, sql } from 'kysely'

/**
 * Role requirements in two tiers, as a person specification has them: what the role needs (essential) and what
 * the post holder is working towards (desirable). A role may have one requirement of each tier per domain.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('role_requirement')
    .addColumn('tier', 'text', (c) => c.notNull().defaultTo('essential'))
    .execute()
  await db.schema
    .alterTable('role_requirement')
    .addCheckConstraint('role_requirement_tier_check', sql`tier in ('essential', 'desirable')`)
    .execute()
  await sql`drop index role_requirement_key`.execute(db)
  await sql`create unique index role_requirement_key on role_requirement
    (job_role_code, version_id, coalesce(domain_id, '00000000-0000-0000-0000-000000000000'::uuid), tier)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // The single-tier key cannot hold both tiers: the desirable rows go, and carried copies point away first.
  await sql`update role_requirement set carried_from_id = null
    where carried_from_id in (select id from role_requirement where tier = 'desirable')`.execute(db)
  await sql`delete from role_requirement where tier = 'desirable'`.execute(db)
  await sql`drop index role_requirement_key`.execute(db)
  await sql`create unique index role_requirement_key on role_requirement
    (job_role_code, version_id, coalesce(domain_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(db)
  await db.schema.alterTable('role_requirement').dropColumn('tier').execute()
}
