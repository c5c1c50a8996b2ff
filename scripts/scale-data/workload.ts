import { type Insertable, type Kysely, sql } from 'kysely'
import { addDays } from '#app/lib/dates'
import { latestPossibleExpiry } from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import type { DB } from '#db/schema'
import { getCurrentVersion } from '#app/models/frameworks/frameworks.server'
import { ACTION_TEXTS, DECISION_COMMENTS, SESSION_NOTES, SIGNOFF_NOTES } from './words'
import { formatCount, seconds } from './report'
import { type Person, ROLE_LEVELS, SUPERVISING_ROLES } from './plan'
import { type Rng, int, pick } from './random'
import { choose, seededSql } from './seeded-sql'

export async function generateWorkload(db: Kysely<DB>, seed: number, today: string) {
  const { rnd, idFrom } = seededSql(seed)
  const day = sql`${sql.lit(today)}::date`
  const generated = sql`u.employee_number like 'SD%'`
  const counts: string[] = []

  const phase = performance.now()
  await db.transaction().execute(async (trx) => {
    // Each supervisee has met their supervisor 3–6 times in the last year at about the agreed frequency; some are
    // overdue because the last session was a while ago.
    const sessions = await sql`
      insert into supervision_session
        (id, supervisor_id, supervisee_id, held_on, kind, minutes, notes, next_on, recorded_by, created_at, updated_at)
      select ${idFrom('session', sql.ref('l.supervisor_id'), sql.ref('l.supervisee_id'), sql.ref('k'))},
        l.supervisor_id, l.supervisee_id, s.held_on,
        case when ${rnd('kind', sql.ref('l.supervisee_id'), sql.ref('k'))} < 0.6 then 'professional'
          when ${rnd('kind', sql.ref('l.supervisee_id'), sql.ref('k'))} < 0.85 then 'clinical'
          when ${rnd('kind', sql.ref('l.supervisee_id'), sql.ref('k'))} < 0.95 then 'managerial' else 'group' end,
        15 * (3 + floor(${rnd('minutes', sql.ref('l.supervisee_id'), sql.ref('k'))} * 4)::int),
        ${choose(SESSION_NOTES, rnd('notes', sql.ref('l.supervisee_id'), sql.ref('k')))},
        s.held_on + l.frequency_days, l.supervisor_id,
        (s.held_on + time '14:00') at time zone 'Europe/London',
        (s.held_on + time '14:00') at time zone 'Europe/London'
      from supervision_link l
      join app_user u on u.id = l.supervisee_id and ${generated}
      cross join lateral (
        select 3 + floor(${rnd('sessions', sql.ref('l.supervisee_id'))} * 4)::int as n,
          floor(${rnd('lag', sql.ref('l.supervisee_id'))} * 70)::int as lag
      ) p
      cross join lateral generate_series(0, p.n - 1) k
      cross join lateral (
        select ${day} - p.lag - k * l.frequency_days - floor(${rnd('jitter', sql.ref('l.supervisee_id'), sql.ref('k'))} * 7)::int
          as held_on
      ) s
      where s.held_on >= l.starts_on and s.held_on > ${day} - 365`.execute(trx)
    // 1–3 actions per session, mostly the supervisee's; most that are due have been done.
    const actions = await sql`
      insert into supervision_action (session_id, text, position, owner_id, due_on, done_at, done_by, created_at)
      select a.session_id, a.text, a.position, a.owner_id, a.due_on,
        case when a.done then a.done_on + time '10:00' at time zone 'Europe/London' end,
        case when a.done then a.owner_id end,
        a.created_at
      from (
        select s.id as session_id, k as position,
          ${choose(ACTION_TEXTS, rnd('action', sql.ref('s.id'), sql.ref('k')))} as text,
          case when ${rnd('owner', sql.ref('s.id'), sql.ref('k'))} < 0.85 then s.supervisee_id else s.supervisor_id end
            as owner_id,
          s.held_on + 14 + floor(${rnd('due', sql.ref('s.id'), sql.ref('k'))} * 28)::int as due_on,
          s.held_on + floor(${rnd('done-on', sql.ref('s.id'), sql.ref('k'))} * (${day} - s.held_on + 1))::int as done_on,
          (s.held_on + 14 + floor(${rnd('due', sql.ref('s.id'), sql.ref('k'))} * 28)::int < ${day}
            and ${rnd('done', sql.ref('s.id'), sql.ref('k'))} < 0.85)
            or ${rnd('done', sql.ref('s.id'), sql.ref('k'))} < 0.15 as done,
          s.created_at
        from supervision_session s
        join app_user u on u.id = s.supervisee_id and ${generated}
        cross join lateral generate_series(0, floor(${rnd('actions', sql.ref('s.id'))} * 3)::int) k
      ) a`.execute(trx)
    counts.push(
      `${formatCount(Number(sessions.numAffectedRows))} supervision sessions, ` +
        `${formatCount(Number(actions.numAffectedRows))} actions`,
    )
  })

  const profession = hcpcRules().professions.find((p) => p.code === 'OT')
  if (!profession) throw new Error('framework-data/hcpc-registration.json has no OT profession')
  const nextDeadline = latestPossibleExpiry(profession, today)
  const lastDeadline = `${Number(nextDeadline.slice(0, 4)) - profession.cycleYears}${nextDeadline.slice(4)}`
  await db.transaction().execute(async (trx) => {
    // Most registrations run to the next renewal deadline; some end within 90 days, some lapsed at the last
    // deadline or since, and a few people have not recorded theirs yet. Numbers are unique: OT7 + 5 digits.
    const registrations = await sql`
      insert into hcpc_registration (person_id, profession_code, number, first_registered_on, expires_on,
        last_checked_on, last_checked_by, recorded_by, recorded_on, updated_at)
      select p.id, ${profession.code}, ${profession.code} || (700000 + p.n)::text, p.first_on, p.expires_on,
        case when p.checked then p.recorded_on end, case when p.checked then p.checker end,
        p.id, p.recorded_on, p.recorded_on + time '12:00' at time zone 'Europe/London'
      from (
        select q.*, least(q.first_guess, q.expires_on - 400) as first_on,
          greatest(least(q.first_guess, q.expires_on - 400), ${day} - floor(${rnd('recorded', sql.ref('q.id'))} * 500)::int)
            as recorded_on,
          ${rnd('checked', sql.ref('q.id'))} < 0.6 as checked
        from (
          select u.id, row_number() over (order by u.employee_number)::int as n,
            ${day} - 200 - floor(${rnd('first', sql.ref('u.id'))} * 9000)::int as first_guess,
            case when ${rnd('expiry', sql.ref('u.id'))} < 0.06 then ${sql.lit(lastDeadline)}::date
              when ${rnd('expiry', sql.ref('u.id'))} < 0.10 then ${day} - 1 - floor(${rnd('lapsed', sql.ref('u.id'))} * 200)::int
              when ${rnd('expiry', sql.ref('u.id'))} < 0.22 then ${day} + 1 + floor(${rnd('soon', sql.ref('u.id'))} * 90)::int
              else ${sql.lit(nextDeadline)}::date end as expires_on,
            coalesce((select l.supervisor_id from supervision_link l where l.supervisee_id = u.id
              order by l.starts_on desc limit 1), u.id) as checker
          from app_user u
          join job_role j on j.code = u.job_role_code and j.hcpc_registered
          where ${generated} and ${rnd('recorded-at-all', sql.ref('u.id'))} >= 0.04
        ) q
      ) p`.execute(trx)
    await sql`
      insert into hcpc_registration_event
        (person_id, kind, profession_code, number, first_registered_on, expires_on, checked_on, actor_id, at)
      select r.person_id, e.kind, r.profession_code, r.number, r.first_registered_on, r.expires_on,
        case when e.kind = 'checked' then r.last_checked_on end,
        case when e.kind = 'checked' then r.last_checked_by else r.recorded_by end,
        case when e.kind = 'checked' then r.last_checked_on + time '15:00' else r.recorded_on + time '12:00' end
          at time zone 'Europe/London'
      from hcpc_registration r
      join app_user u on u.id = r.person_id and ${generated}
      cross join lateral (values ('recorded', 0), ('checked', 1)) e(kind, ord)
      where e.kind = 'recorded' or r.last_checked_on is not null
      order by r.person_id, e.ord`.execute(trx)
    counts.push(`${formatCount(Number(registrations.numAffectedRows))} HCPC registrations`)
  })

  const rcot = await getCurrentVersion(db, 'rcot-cdf')
  if (rcot) {
    const roleLevel = sql`case u.job_role_code ${sql.join(
      Object.entries(ROLE_LEVELS).map(([code, levels]) => sql`when ${sql.lit(code)} then ${sql.lit(levels.rcot)}`),
      sql` `,
    )} else 4 end`
    await db.transaction().execute(async (trx) => {
      // Each person's complete entries mapped to an RCOT pillar, and the pillars they have evidence for.
      await sql`
        create temporary table scale_eligible on commit drop as
        select distinct e.owner_id, c.domain_id, d.code as domain_code, e.id as evidence_id, e.revision, e.content_hash, e.created_at
        from evidence e
        join app_user u on u.id = e.owner_id and ${generated}
        join evidence_capability ec on ec.evidence_id = e.id
        join capability c on c.id = ec.capability_id and c.version_id = ${rcot.id}
        join framework_domain d on d.id = c.domain_id
        where e.status = 'complete' and e.withdrawn_at is null`.execute(trx)
      await sql`create index on scale_eligible (owner_id, domain_id)`.execute(trx)
      // 4–8 requests per person spread over their pillars, climbing one level at a time from two below the level
      // their role works at. Earlier levels in a pillar are approved; the latest is mostly approved, sometimes
      // waiting, now and then returned.
      await sql`
        create temporary table scale_request on commit drop as
        with pillars as (
          select x.owner_id, x.domain_id, x.domain_code,
            (row_number() over (partition by x.owner_id order by ${rnd('pillar', sql.ref('x.owner_id'), sql.ref('x.domain_code'))}) - 1)::int as p,
            (count(*) over (partition by x.owner_id))::int as np
          from (select distinct owner_id, domain_id, domain_code from scale_eligible) x
        ),
        people as (
          select pl.owner_id, max(pl.np) as np, 4 + floor(${rnd('requests', sql.ref('pl.owner_id'))} * 5)::int as n,
            greatest(1, ${roleLevel} - 2) as base, max(sl.supervisor_id::text)::uuid as supervisor_id
          from pillars pl
          join app_user u on u.id = pl.owner_id
          left join supervision_link sl on sl.supervisee_id = pl.owner_id and sl.ends_on is null
          group by pl.owner_id, u.job_role_code
        ),
        slots as (
          select pe.owner_id, pl.domain_id, pl.domain_code, pe.base + k / pe.np as level, k / pe.np as step,
            (pe.n - 1 - pl.p) / pe.np as last_step, pe.supervisor_id
          from people pe
          cross join lateral generate_series(0, pe.n - 1) k
          join pillars pl on pl.owner_id = pe.owner_id and pl.p = k % pe.np
          where pe.base + k / pe.np <= 9
        ),
        planned as (
          select s.*, ${idFrom('signoff', sql.ref('s.owner_id'), sql.ref('s.domain_code'), sql.ref('s.step'))} as id,
            case when s.step < s.last_step then 'approved'
              when ${rnd('status', sql.ref('s.owner_id'), sql.ref('s.domain_code'))} < 0.17 then 'pending'
              when ${rnd('status', sql.ref('s.owner_id'), sql.ref('s.domain_code'))} < 0.25 then 'returned'
              else 'approved' end as status,
            case when s.step = s.last_step
              then 20 + floor(${rnd('age', sql.ref('s.owner_id'), sql.ref('s.domain_code'))} * 180)::int
              else (s.last_step - s.step + 1) * 150 + floor(${rnd('age', sql.ref('s.owner_id'), sql.ref('s.domain_code'), sql.ref('s.step'))} * 60)::int
            end as age_days
          from slots s
        )
        select p.id, p.owner_id, p.domain_id, p.status, l.id as level_id,
          ${choose(SIGNOFF_NOTES, rnd('note', sql.ref('p.id')))} as note,
          ((${day} - case when p.status = 'pending' then 1 + floor(${rnd('pending', sql.ref('p.id'))} * 40)::int else p.age_days end)
            + time '09:00' + floor(${rnd('minute', sql.ref('p.id'))} * 480) * interval '1 minute') at time zone 'Europe/London'
            as requested_at,
          case when p.status <> 'pending' then coalesce(p.supervisor_id, (select r.user_id from user_role r
            where r.role = 'principal' and r.user_id <> p.owner_id order by r.user_id limit 1)) end as decided_by,
          2 + floor(${rnd('decision', sql.ref('p.id'))} * 17)::int as decision_days
        from planned p
        join framework_level l on l.version_id = ${rcot.id} and l.code = p.level::text`.execute(trx)
      const requests = await sql`
        insert into signoff_request
          (id, requester_id, version_id, domain_id, level_id, status, note, requested_at, decided_at, decided_by)
        select r.id, r.owner_id, ${rcot.id}, r.domain_id, r.level_id, r.status, r.note, r.requested_at,
          case when r.decided_by is not null then r.requested_at + r.decision_days * interval '1 day' end, r.decided_by
        from scale_request r
        where r.status = 'pending' or r.decided_by is not null`.execute(trx)
      // 1–3 entries per request, preferring ones written before the request was made.
      const cited = await sql`
        insert into signoff_request_evidence (request_id, evidence_id, revision, content_hash)
        select c.request_id, c.evidence_id, c.revision, c.content_hash
        from (
          select r.id as request_id, e.evidence_id, e.revision, e.content_hash,
            row_number() over (partition by r.id
              order by e.created_at > r.requested_at, ${rnd('cite', sql.ref('r.id'), sql.ref('e.evidence_id'))}) as rank,
            1 + floor(${rnd('cites', sql.ref('r.id'))} * 3)::int as wanted
          from signoff_request r
          join scale_request sr on sr.id = r.id
          join scale_eligible e on e.owner_id = r.requester_id and e.domain_id = r.domain_id
        ) c
        where c.rank <= c.wanted`.execute(trx)
      await sql`
        insert into signoff_event (request_id, kind, actor_id, at, comment)
        select r.id, 'requested', r.requester_id, r.requested_at, r.note
        from signoff_request r join scale_request sr on sr.id = r.id
        union all
        select r.id, r.status, r.decided_by, r.decided_at,
          case when r.status = 'approved' then ${choose(DECISION_COMMENTS.approved, rnd('comment', sql.ref('r.id')))}
            else ${choose(DECISION_COMMENTS.returned, rnd('comment', sql.ref('r.id')))} end
        from signoff_request r join scale_request sr on sr.id = r.id
        where r.status in ('approved', 'returned')`.execute(trx)
      const byStatus = await sql<{ status: string; n: number }>`
        select r.status, count(*)::int as n from signoff_request r join scale_request sr on sr.id = r.id
        group by r.status order by r.status`.execute(trx)
      counts.push(
        `${formatCount(Number(requests.numAffectedRows))} sign-off requests ` +
          `(${byStatus.rows.map((r) => `${formatCount(r.n)} ${r.status}`).join(', ')}) citing ` +
          `${formatCount(Number(cited.numAffectedRows))} entries`,
      )
    })
  } else {
    counts.push('no sign-off requests: the RCOT Career Development Framework has no published version')
  }
  console.log(`Supervision, registration and sign-off: ${counts.join('; ')} (${seconds(phase)})`)
}

/** Each team's staff are supervised by its senior OTs in turn; senior OTs by the principal OT of their group. */
export function planSupervision(rng: Rng, people: Person[], windowStart: string) {
  const principals = people.filter((p) => p.jobRole === 'principal-ot')
  const seniorsByTeam = new Map<number, Person[]>()
  for (const p of people) {
    if (p.jobRole !== 'senior-ot') continue
    seniorsByTeam.set(p.teamIndex, [...(seniorsByTeam.get(p.teamIndex) ?? []), p])
  }
  const links: Insertable<DB['supervision_link']>[] = []
  const turn = new Map<number, number>()
  for (const person of people) {
    let supervisor: Person | undefined
    if (person.jobRole === 'principal-ot') continue
    if (SUPERVISING_ROLES.has(person.jobRole)) {
      supervisor = principals[Math.min(principals.length - 1, Math.floor(person.teamIndex / 10))]
    } else {
      const seniors = seniorsByTeam.get(person.teamIndex) ?? []
      const n = turn.get(person.teamIndex) ?? 0
      turn.set(person.teamIndex, n + 1)
      supervisor = seniors[n % Math.max(1, seniors.length)]
    }
    if (!supervisor || supervisor.id === person.id) continue
    links.push({
      supervisor_id: supervisor.id,
      supervisee_id: person.id,
      starts_on: addDays(windowStart, int(rng, 0, 700)),
      ends_on: null,
      frequency_days: pick(rng, [28, 28, 42]),
    })
  }
  return links
}
