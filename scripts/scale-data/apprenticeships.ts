import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { formatCount, seconds } from './report'
import { choose, seededSql } from './seeded-sql'

const PROVIDERS = [
  'University of the West of England',
  'Sheffield Hallam University',
  'University of Cumbria',
  'Coventry University',
  'University of Essex',
  'Teesside University',
  'London South Bank University',
] as const
const ACTIVITIES = [
  'University teaching day: occupational science',
  'Reading and a reflective log on activity analysis',
  'Shadowing a community OT on home assessments',
  'Online module: anatomy and physiology',
  'Skills session on moving and handling assessment',
  'Assignment writing: person-centred practice',
  'Tutorial with the academic link',
] as const
const CONTACTS = ['Academic link tutor', 'Programme lead', 'Work-based learning tutor'] as const

/**
 * The apprenticeship pipeline at scale, in SQL: every generated OT apprentice is on the integrated degree (ST0517),
 * most on programme at their own year, a few on a break or at gateway, with fortnightly off-the-job hours and
 * progress reviews about every twelve weeks (some behind on both); and a share of generated OTs came through the
 * apprenticeship and completed it in the last four years.
 */
export async function generateApprenticeships(db: Kysely<DB>, seed: number, today: string): Promise<void> {
  const { rnd, idFrom } = seededSql(seed)
  const day = sql`${sql.lit(today)}::date`
  const phase = performance.now()
  await db.transaction().execute(async (trx) => {
    const started = await sql`
      insert into apprenticeship (id, person_id, standard_code, provider, starts_on, planned_end_on, weekly_minutes,
        aged_19_plus_at_start, status, gateway_on, ended_on, result, created_by, created_at, updated_at)
      select ${idFrom('apprenticeship', sql.ref('a.person_id'))}, a.person_id, 'ST0517',
        ${choose(PROVIDERS, rnd('provider', sql.ref('a.person_id')))}, a.starts_on,
        (a.starts_on + interval '4 years' - interval '1 day')::date, 2250, true, a.status,
        case when a.status = 'gateway' then ${day} - 20 end,
        case when a.status = 'completed' then least(${day} - 30, (a.starts_on + interval '4 years')::date) end,
        case when a.status = 'completed' then 'Pass' end,
        a.created_by, a.starts_on + time '09:00', a.starts_on + time '09:00'
      from (
        select u.id as person_id,
          case when u.job_role_code = 'ot-apprentice'
            then ${day} - 20 - floor(${rnd('start', sql.ref('u.id'))} * 1440)::int
            else ${day} - 1490 - floor(${rnd('start', sql.ref('u.id'))} * 1400)::int end as starts_on,
          case when u.job_role_code = 'ot' then 'completed'
            when ${rnd('status', sql.ref('u.id'))} < 0.05 then 'break-in-learning'
            when ${rnd('start', sql.ref('u.id'))} > 0.88 and ${rnd('status', sql.ref('u.id'))} < 0.5 then 'gateway'
            else 'on-programme' end as status,
          (select l.supervisor_id from supervision_link l where l.supervisee_id = u.id
            order by l.starts_on desc limit 1) as created_by
        from app_user u
        where u.employee_number like 'SD%'
          and (u.job_role_code = 'ot-apprentice'
            or (u.job_role_code = 'ot' and ${rnd('came-through', sql.ref('u.id'))} < 0.08))
      ) a`.execute(trx)
    await sql`
      insert into apprenticeship_status_event (apprenticeship_id, status, effective_on, note, actor_id, at)
      select a.id, 'on-programme', a.starts_on, '', a.created_by, a.created_at from apprenticeship a
      join app_user u on u.id = a.person_id and u.employee_number like 'SD%'
      union all
      select a.id, a.status, coalesce(a.ended_on, a.gateway_on, ${day} - 60), '', a.created_by,
        coalesce(a.ended_on, a.gateway_on, ${day} - 60) + time '10:00'
      from apprenticeship a
      join app_user u on u.id = a.person_id and u.employee_number like 'SD%'
      where a.status <> 'on-programme'`.execute(trx)
    // A fortnightly half day or more; a fifth of apprentices stopped logging some weeks ago and are behind.
    const logged = await sql`
      insert into otj_log (id, apprenticeship_id, done_on, minutes, activity, logged_by, created_at)
      select ${idFrom('otj', sql.ref('a.id'), sql.ref('k'))}, a.id, a.starts_on + 3 + 14 * k,
        60 * (4 + floor(${rnd('otj-hours', sql.ref('a.id'), sql.ref('k'))} * 5)::int),
        ${choose(ACTIVITIES, rnd('otj-activity', sql.ref('a.id'), sql.ref('k')))}, a.person_id,
        a.starts_on + 3 + 14 * k + time '17:00'
      from apprenticeship a
      join app_user u on u.id = a.person_id and u.employee_number like 'SD%'
      cross join lateral (
        select case when ${rnd('otj-behind', sql.ref('a.id'))} < 0.2
          then 14 * (4 + floor(${rnd('otj-gap', sql.ref('a.id'))} * 12)::int) else 0 end as gap
      ) g
      cross join lateral generate_series(0, (least(coalesce(a.ended_on, ${day}), ${day} - 1 - g.gap) - a.starts_on - 3) / 14) k
      where a.starts_on + 3 + 14 * k < least(coalesce(a.ended_on, ${day}), ${day})`.execute(trx)
    // Reviews every twelve weeks; a tenth are late because the last one was a while ago.
    const reviewed = await sql`
      insert into apprenticeship_review (id, apprenticeship_id, held_on, next_on, provider_contact, notes, recorded_by,
        created_at)
      select ${idFrom('review', sql.ref('a.id'), sql.ref('k'))}, a.id, a.starts_on + 84 * k, a.starts_on + 84 * (k + 1),
        ${choose(CONTACTS, rnd('contact', sql.ref('a.id'), sql.ref('k')))}, 'Progress reviewed against the plan.',
        coalesce(a.created_by, a.person_id), a.starts_on + 84 * k + time '11:00'
      from apprenticeship a
      join app_user u on u.id = a.person_id and u.employee_number like 'SD%'
      cross join lateral (
        select case when ${rnd('review-late', sql.ref('a.id'))} < 0.1 then 150 else 0 end as lag
      ) g
      cross join lateral generate_series(1, greatest(0, (least(coalesce(a.ended_on, ${day}), ${day}) - g.lag - a.starts_on) / 84)) k`.execute(
      trx,
    )
    console.log(
      `Apprenticeships: ${formatCount(Number(started.numAffectedRows))}, ` +
        `${formatCount(Number(logged.numAffectedRows))} off-the-job logs, ` +
        `${formatCount(Number(reviewed.numAffectedRows))} progress reviews (${seconds(phase)})`,
    )
  })
}
