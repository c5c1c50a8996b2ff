import { sql } from 'kysely'
import type { AppDatabase } from '#db/index'

// The people and figures the bench measures with, read from a database filled by `npm run data:generate`.

export interface Person {
  id: string
  email: string
  entries: number
}

export interface Reviewer {
  id: string
  email: string
  supervisees: number
  teamCode: string | null
}

/**
 * The supervisor who supervises the most people today (not a principal OT, who sees everyone), and a principal
 * OT. Generated data has both; a database without a principal OT cannot measure the workforce pages.
 */
export async function pickReviewers(
  database: AppDatabase,
  today: string,
): Promise<{ supervisor: Reviewer; principal: Reviewer }> {
  const { rows } = await sql<Reviewer & { rank: string }>`
    with current_links as (
      select l.supervisor_id as id, count(*)::int as supervisees
      from supervision_link l
      where l.starts_on <= ${today} and (l.ends_on is null or l.ends_on >= ${today})
      group by l.supervisor_id
    )
    (select 'supervisor' as rank, u.id, u.email, coalesce(c.supervisees, 0) as supervisees, t.code as "teamCode"
      from user_role r join app_user u on u.id = r.user_id and u.active
      left join team t on t.id = u.team_id
      left join current_links c on c.id = u.id
      where r.role = 'supervisor'
        and not exists (select 1 from user_role p where p.user_id = u.id and p.role = 'principal')
      order by coalesce(c.supervisees, 0) desc, u.id limit 1)
    union all
    (select 'principal' as rank, u.id, u.email, coalesce(c.supervisees, 0) as supervisees, t.code as "teamCode"
      from user_role r join app_user u on u.id = r.user_id and u.active
      left join team t on t.id = u.team_id
      left join current_links c on c.id = u.id
      where r.role = 'principal'
      order by u.id limit 1)
  `.execute(database.db)
  const supervisor = rows.find((row) => row.rank === 'supervisor')
  const principal = rows.find((row) => row.rank === 'principal')
  if (!supervisor || !principal) {
    throw new Error(
      'The database needs a supervisor and a principal OT to measure the review and workforce pages: ' +
        'fill it with `npm run data:generate`.',
    )
  }
  return { supervisor, principal }
}

export async function pickPeople(database: AppDatabase): Promise<Record<'busiest' | 'average', Person>> {
  const { rows } = await sql<Person & { rank: string }>`
    with counts as (
      select e.owner_id as id, count(*)::int as entries
      from evidence e
      join app_user u on u.id = e.owner_id and u.active
      join user_role r on r.user_id = e.owner_id and r.role = 'staff'
      where e.withdrawn_at is null
      group by e.owner_id
    ),
    average as (select avg(entries) as value from counts)
    (select 'busiest' as rank, c.id, u.email, c.entries from counts c join app_user u on u.id = c.id
      order by c.entries desc, c.id limit 1)
    union all
    (select 'average' as rank, c.id, u.email, c.entries from counts c join app_user u on u.id = c.id, average a
      order by abs(c.entries - a.value), c.id limit 1)
  `.execute(database.db)
  const busiest = rows.find((row) => row.rank === 'busiest')
  const average = rows.find((row) => row.rank === 'average')
  if (!busiest || !average) {
    throw new Error('The database has no evidence to measure: fill it first with `npm run data:generate`.')
  }
  return { busiest, average }
}

export async function describeDataset(database: AppDatabase) {
  const db = database.db
  const { rows } = await sql<{
    people: number
    evidence: number
    requests: number
    pending: number
    registrations: number
    sessions: number
    version: string
  }>`
    select (select count(*)::int from app_user) as people, (select count(*)::int from evidence) as evidence,
      (select count(*)::int from signoff_request) as requests,
      (select count(*)::int from signoff_request where status = 'pending') as pending,
      (select count(*)::int from hcpc_registration) as registrations,
      (select count(*)::int from supervision_session) as sessions,
      version() as version
  `.execute(db)
  return rows[0]
}

export async function countMatches(database: AppDatabase, ownerId: string, word: string, yearAgo: string) {
  const { rows } = await sql<{ plain: number; filtered: number }>`
    select count(*)::int as plain,
      (count(*) filter (where activity_type = 'formal-educational' and coalesce(ends_on, starts_on) >= ${yearAgo}))::int
        as filtered
    from evidence
    where owner_id = ${ownerId} and withdrawn_at is null and search @@ websearch_to_tsquery('english', ${word})
  `.execute(database.db)
  return rows[0]
}
