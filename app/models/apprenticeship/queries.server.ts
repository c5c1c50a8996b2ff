import { type Kysely, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import { type Actor, type PersonSubject, visibility } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { type ApprenticeshipStatus, OPEN_STATUSES } from './statuses.rules'
import {
  type GatewayChecklist,
  type Period,
  breaksFromHistory,
  gatewayReadiness,
  offTheJobProgress,
  placementProgress,
  reviewProgress,
} from './progress.rules'
import type { StageFilter } from './apprenticeship.schema'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { isUuid } from '#app/lib/ids'

/** The policy's view of an apprenticeship: the apprentice, and who supervises them today. */

/** The programme's own columns, as every apprenticeship query returns them. */
const PROGRAMME_COLUMNS = [
  'a.standard_code as standardCode',
  'a.provider',
  'a.status',
  'a.starts_on as startsOn',
  'a.planned_end_on as plannedEndOn',
  'a.weekly_minutes as weeklyMinutes',
  'a.aged_19_plus_at_start as agedNineteenPlusAtStart',
  'a.gateway_on as gatewayOn',
  'a.ended_on as endedOn',
] as const

/** The gateway checklist, from the left-joined apprenticeship_gateway row (g). */
const GATEWAY_COLUMNS = [
  'g.ksbs_met_on as ksbsMetOn',
  'g.modules_passed_on as modulesPassedOn',
  'g.pad_signed_on as padSignedOn',
  'g.english_maths_on as englishMathsOn',
  sql<boolean>`coalesce(g.english_maths_in_plan, false)`.as('englishMathsInPlan'),
] as const

export async function getApprenticeshipSubject(
  db: Db,
  id: string,
  today: string = todayInLondon(),
): Promise<PersonSubject | undefined> {
  if (!isUuid(id)) return undefined
  const row = await db
    .selectFrom('apprenticeship as a')
    .select((eb) => [
      'a.person_id as personId',
      eb
        .selectFrom('supervision_link as l')
        .select(sql<string[]>`coalesce(array_agg(l.supervisor_id), '{}')`.as('ids'))
        .whereRef('l.supervisee_id', '=', 'a.person_id')
        .where(isCurrentLink('l', today))
        .as('currentSupervisorIds'),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return { kind: 'person', id: row.personId, currentSupervisorIds: row.currentSupervisorIds ?? [] }
}

/** The person's current (or else latest) apprenticeship, for their own link to it. */
export async function getOwnApprenticeshipId(db: Db, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('apprenticeship')
    .select('id')
    .where('person_id', '=', personId)
    .orderBy(sql`case when status in ('completed', 'withdrawn') then 1 else 0 end`)
    .orderBy('starts_on', 'desc')
    .executeTakeFirst()
  return row?.id
}

const statusEvents = (db: Db) =>
  db
    .selectFrom('apprenticeship_status_event as e')
    .select(['e.status', 'e.effective_on as effectiveOn'])
    .orderBy('e.effective_on')
    .orderBy('e.id')

export async function listBreaks(db: Db, apprenticeshipId: string): Promise<Period[]> {
  return breaksFromHistory(await statusEvents(db).where('e.apprenticeship_id', '=', apprenticeshipId).execute())
}

export interface ApprenticeshipListItem {
  id: string
  personId: string
  personName: string
  teamName: string | null
  standardCode: string
  provider: string
  status: ApprenticeshipStatus
  startsOn: string
  plannedEndOn: string
  pace: 'on-pace' | 'behind'
  shortfallMinutes: number
  loggedMinutes: number
  requiredMinutes: number
  review: ReturnType<typeof reviewProgress>
  placementPercent: number | null
  gatewayOutstanding: number
}

/** Apprenticeships the actor may see (theirs to supervise, or all for the principal OT), with progress at a glance. */
export async function listApprenticeships(
  db: Kysely<DB>,
  input: { actor: Actor; stage: StageFilter; today?: string },
): Promise<ApprenticeshipListItem[]> {
  const today = input.today ?? todayInLondon()
  const scope = visibility(input.actor)
  return listItems(db, { stage: input.stage, today }, (query) => {
    if (scope === 'self') return query.where('a.person_id', '=', input.actor.id)
    if (scope === 'supervisees') {
      return query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('supervision_link as l')
            .select('l.id')
            .whereRef('l.supervisee_id', '=', 'a.person_id')
            .where('l.supervisor_id', '=', input.actor.id)
            .where(isCurrentLink('l', today)),
        ),
      )
    }
    return query
  })
}

/**
 * Every apprenticeship of the people in one team or job role (or everyone), with the same progress as the list:
 * for reports of the whole service, which are for the principal OT (check the policy before calling it).
 */
export function listApprenticeshipsInScope(
  db: Kysely<DB>,
  input: { teamId: string | null; jobRoleCode: string | null; today: string },
): Promise<ApprenticeshipListItem[]> {
  return listItems(db, { stage: 'all', today: input.today }, (query) =>
    query
      .$if(Boolean(input.teamId), (q) => q.where('u.team_id', '=', input.teamId!))
      .$if(Boolean(input.jobRoleCode), (q) => q.where('u.job_role_code', '=', input.jobRoleCode!)),
  )
}

function listQuery(db: Kysely<DB>) {
  return db
    .selectFrom('apprenticeship as a')
    .innerJoin('app_user as u', 'u.id', 'a.person_id')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .leftJoin('apprenticeship_gateway as g', 'g.apprenticeship_id', 'a.id')
    .select((eb) => [
      'a.id',
      'a.person_id as personId',
      'u.name as personName',
      't.name as teamName',
      ...PROGRAMME_COLUMNS,
      ...GATEWAY_COLUMNS,
      eb
        .selectFrom('otj_log as o')
        .select(sql<number>`coalesce(sum(o.minutes), 0)::int`.as('m'))
        .whereRef('o.apprenticeship_id', '=', 'a.id')
        .as('otjMinutes'),
      eb
        .selectFrom('placement_log as p')
        .select(sql<number>`coalesce(sum(p.minutes), 0)::int`.as('m'))
        .whereRef('p.apprenticeship_id', '=', 'a.id')
        .as('placementMinutes'),
      sql<{ heldOn: string; nextOn: string } | null>`(
        select json_build_object('heldOn', r.held_on, 'nextOn', r.next_on) from apprenticeship_review r
        where r.apprenticeship_id = a.id order by r.held_on desc, r.created_at desc limit 1
      )`.as('lastReview'),
      sql<{ status: ApprenticeshipStatus; effectiveOn: string }[]>`coalesce((
        select json_agg(json_build_object('status', e.status, 'effectiveOn', e.effective_on) order by e.effective_on, e.id)
        from apprenticeship_status_event e where e.apprenticeship_id = a.id
      ), '[]')`.as('events'),
    ])
}

async function listItems(
  db: Kysely<DB>,
  input: { stage: StageFilter; today: string },
  narrow: (query: ReturnType<typeof listQuery>) => ReturnType<typeof listQuery>,
): Promise<ApprenticeshipListItem[]> {
  const { today } = input
  let query = narrow(listQuery(db))
  if (input.stage === 'open') query = query.where('a.status', 'in', OPEN_STATUSES)
  else if (input.stage !== 'all') query = query.where('a.status', '=', input.stage)
  const rows = await query.orderBy('u.name').orderBy('a.starts_on', 'desc').execute()
  return rows.map((row) => {
    const breaks = breaksFromHistory(row.events)
    const facts = { ...row, breaks }
    const otj = offTheJobProgress(facts, row.otjMinutes ?? 0, today)
    const checklist: GatewayChecklist = row
    return {
      id: row.id,
      personId: row.personId,
      personName: row.personName,
      teamName: row.teamName,
      standardCode: row.standardCode,
      provider: row.provider,
      status: row.status,
      startsOn: row.startsOn,
      plannedEndOn: row.plannedEndOn,
      pace: otj.pace,
      shortfallMinutes: otj.shortfallMinutes,
      loggedMinutes: otj.loggedMinutes,
      requiredMinutes: otj.requiredMinutes,
      review: reviewProgress({ ...row, breaks, lastReview: row.lastReview }, today),
      placementPercent: placementProgress(row.standardCode, row.placementMinutes ?? 0)?.percent ?? null,
      gatewayOutstanding: gatewayReadiness({ ...row, checklist }, today).outstanding,
    }
  })
}

export interface StartCandidate {
  id: string
  name: string
  jobRoleTitle: string | null
}

/** People the actor may start an apprenticeship for: active staff they supervise (or anyone, for the principal OT) without one open. */
export function listStartCandidates(
  db: Kysely<DB>,
  actor: Actor,
  today: string = todayInLondon(),
): Promise<StartCandidate[]> {
  let query = db
    .selectFrom('app_user as u')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .select(['u.id', 'u.name', 'j.title as jobRoleTitle'])
    .where('u.active', '=', true)
    .where('u.id', '<>', actor.id)
    .where((eb) =>
      eb.exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'staff')),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('apprenticeship as a')
            .whereRef('a.person_id', '=', 'u.id')
            .where('a.status', 'in', OPEN_STATUSES),
        ),
      ),
    )
  if (visibility(actor) !== 'all') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('supervision_link as l')
          .whereRef('l.supervisee_id', '=', 'u.id')
          .where('l.supervisor_id', '=', actor.id)
          .where(isCurrentLink('l', today)),
      ),
    )
  }
  return query.orderBy('u.name').execute()
}

/** Everything the apprenticeship page shows. */
export async function getApprenticeshipDetail(db: Kysely<DB>, id: string) {
  const record = await db
    .selectFrom('apprenticeship as a')
    .innerJoin('app_user as u', 'u.id', 'a.person_id')
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .leftJoin('apprenticeship_gateway as g', 'g.apprenticeship_id', 'a.id')
    .select([
      'a.id',
      'a.person_id as personId',
      'u.name as personName',
      'j.title as jobRoleTitle',
      ...PROGRAMME_COLUMNS,
      'a.result',
      ...GATEWAY_COLUMNS,
    ])
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!record) return undefined
  const [events, otj, placements, reviews, evidence] = await Promise.all([
    db
      .selectFrom('apprenticeship_status_event as e')
      .leftJoin('app_user as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.status', 'e.effective_on as effectiveOn', 'e.note', 'u.name as actorName'])
      .where('e.apprenticeship_id', '=', id)
      .orderBy('e.effective_on')
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('otj_log as o')
      .innerJoin('app_user as u', 'u.id', 'o.logged_by')
      .leftJoin('evidence as ev', 'ev.id', 'o.evidence_id')
      .select([
        'o.id',
        'o.done_on as doneOn',
        'o.minutes',
        'o.activity',
        'o.evidence_id as evidenceId',
        'ev.title as evidenceTitle',
        'u.name as loggedBy',
      ])
      .where('o.apprenticeship_id', '=', id)
      .orderBy('o.done_on', 'desc')
      .orderBy('o.created_at', 'desc')
      .execute(),
    db
      .selectFrom('placement_log as p')
      .select(['p.id', 'p.setting', 'p.starts_on as startsOn', 'p.ends_on as endsOn', 'p.minutes'])
      .where('p.apprenticeship_id', '=', id)
      .orderBy('p.starts_on', 'desc')
      .execute(),
    db
      .selectFrom('apprenticeship_review as r')
      .innerJoin('app_user as u', 'u.id', 'r.recorded_by')
      .select([
        'r.id',
        'r.held_on as heldOn',
        'r.next_on as nextOn',
        'r.provider_contact as providerContact',
        'r.notes',
        'u.name as recordedBy',
      ])
      .where('r.apprenticeship_id', '=', id)
      .orderBy('r.held_on', 'desc')
      .orderBy('r.created_at', 'desc')
      .execute(),
    db
      .selectFrom('evidence')
      .select(['id', 'title', 'starts_on as startsOn'])
      .where('owner_id', '=', record.personId)
      .where('withdrawn_at', 'is', null)
      .orderBy(sql`starts_on desc nulls last`)
      .orderBy('title')
      .limit(200)
      .execute(),
  ])
  return { record, events, otj, placements, reviews, evidence }
}

export type ApprenticeshipDetail = NonNullable<Awaited<ReturnType<typeof getApprenticeshipDetail>>>

/**
 * Where an apprenticeship stands today, from what its page reads: off-the-job pace, reviews, placement hours and
 * the gateway. One place, so the apprenticeship page and a person's record cannot tell two stories.
 */
export function summariseApprenticeship(detail: ApprenticeshipDetail, today: string) {
  const { record, events, otj, placements, reviews } = detail
  const breaks = breaksFromHistory(events)
  const facts = { ...record, breaks }
  // Hours logged before the start date (training before enrolment) do not count towards the programme.
  const counted = otj.filter((log) => log.doneOn >= record.startsOn).reduce((sum, log) => sum + log.minutes, 0)
  return {
    facts,
    otj: offTheJobProgress(facts, counted, today),
    review: reviewProgress({ ...record, breaks, lastReview: reviews[0] ?? null }, today),
    placement: placementProgress(
      record.standardCode,
      placements.reduce((sum, log) => sum + log.minutes, 0),
    ),
    gateway: gatewayReadiness({ ...record, checklist: record }, today),
  }
}
