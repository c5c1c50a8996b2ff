import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { addDays, addMonths } from '#app/lib/dates'
import { listApprenticeshipsInScope } from '#app/models/apprenticeship/queries.server'
import { OPEN_STATUSES } from '#app/models/apprenticeship/statuses.rules'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'
import { listCurrentVersions } from '#app/models/frameworks/frameworks.server'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { expiryTimeline } from '#app/models/registration/registration.rules'
import { listRegistrationStandings } from '#app/models/registration/registration.server'
import { isCurrentLink } from '#app/models/shared/scope.server'
import { listSupervisionStandings } from '#app/models/supervision/overview.server'
import { REPORTING_MONTHS } from '#app/models/supervision/supervision.rules'
import { readMatrixFilters } from './capability-matrix.server'
import {
  BACKLOG_BANDS,
  type BacklogBand,
  type CpdRange,
  DECISION_MONTHS,
  EXPIRY_MONTHS_AHEAD,
  NO_RECENT_CPD_MONTHS,
  PIPELINE_STAGES,
  backlogBand,
  pipelineStage,
  median,
  readCpdRange,
  share,
} from './dashboard.rules'

export interface DashboardScope {
  teamId: string | null
  jobRoleCode: string | null
}

/** Everyone the dashboard counts: active members of staff, in the team and job role asked for. */
function peopleInScope(db: Kysely<DB>, scope: DashboardScope) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('team as t', 't.id', 'u.team_id')
    .where('u.active', '=', true)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'staff')),
    )
    .$if(Boolean(scope.teamId), (qb) => qb.where('u.team_id', '=', scope.teamId!))
    .$if(Boolean(scope.jobRoleCode), (qb) => qb.where('u.job_role_code', '=', scope.jobRoleCode!))
}

export interface CoverageCell {
  domainId: string
  required: number
  met: number
  percent: number | null
}

export interface CoverageRow {
  teamId: string | null
  teamCode: string | null
  teamName: string
  people: number
  cells: CoverageCell[]
}

/**
 * Capability coverage: for each team and each top-level domain of one version, how many people whose role sets a
 * level there have reached it. It reads the same achieved levels and role requirements as a person's profile
 * (a domain's own requirement first, else the role's requirement for every domain) and compares them the same
 * way, ordinal against ordinal, so the two never disagree.
 */
export async function getCoverage(db: Kysely<DB>, input: { versionId: string; scope: DashboardScope }) {
  const domains = await db
    .selectFrom('framework_domain')
    .select(['id', 'code', 'name'])
    .where('version_id', '=', input.versionId)
    .where('parent_id', 'is', null)
    .orderBy('sort_order')
    .execute()
  const rows = await peopleInScope(db, input.scope)
    .innerJoin('framework_domain as d', (join) =>
      join.on('d.version_id', '=', input.versionId).on('d.parent_id', 'is', null),
    )
    .leftJoin('achieved_level as a', (join) => join.onRef('a.person_id', '=', 'u.id').onRef('a.domain_id', '=', 'd.id'))
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('role_requirement as rr')
          .innerJoin('framework_level as rl', 'rl.id', 'rr.minimum_level_id')
          .select('rl.ordinal')
          .whereRef('rr.job_role_code', '=', 'u.job_role_code')
          .whereRef('rr.version_id', '=', 'd.version_id')
          .where((w) => w.or([w('rr.domain_id', '=', w.ref('d.id')), w('rr.domain_id', 'is', null)]))
          .orderBy(sql`rr.domain_id nulls last`)
          .limit(1)
          .as('req'),
      (join) => join.onTrue(),
    )
    .select([
      't.id as teamId',
      't.code as teamCode',
      't.name as teamName',
      'd.id as domainId',
      sql<number>`count(distinct u.id)::int`.as('people'),
      sql<number>`count(req.ordinal)::int`.as('required'),
      sql<number>`count(req.ordinal) filter (where a.ordinal >= req.ordinal)::int`.as('met'),
    ])
    .groupBy(['t.id', 't.code', 't.name', 'd.id'])
    .execute()
  const byTeam = new Map<string, CoverageRow>()
  for (const row of rows) {
    const key = row.teamId ?? ''
    const team = byTeam.get(key) ?? {
      teamId: row.teamId,
      teamCode: row.teamCode,
      teamName: row.teamName ?? 'No team',
      people: row.people,
      cells: [],
    }
    team.cells.push({
      domainId: row.domainId,
      required: row.required,
      met: row.met,
      percent: share(row.met, row.required),
    })
    byTeam.set(key, team)
  }
  const teams = [...byTeam.values()].sort((a, b) =>
    a.teamId === null ? 1 : b.teamId === null ? -1 : a.teamName.localeCompare(b.teamName),
  )
  for (const team of teams) {
    team.cells = domains.map((d) => team.cells.find((c) => c.domainId === d.id) ?? emptyCell(d.id))
  }
  const everyone: CoverageRow = {
    teamId: null,
    teamCode: null,
    teamName: 'Everyone shown',
    people: teams.reduce((sum, t) => sum + t.people, 0),
    cells: domains.map((d) => {
      const cells = teams.map((t) => t.cells.find((c) => c.domainId === d.id)!)
      const required = cells.reduce((sum, c) => sum + c.required, 0)
      const met = cells.reduce((sum, c) => sum + c.met, 0)
      return { domainId: d.id, required, met, percent: share(met, required) }
    }),
  }
  return { domains, teams, everyone }
}

const emptyCell = (domainId: string): CoverageCell => ({ domainId, required: 0, met: 0, percent: null })

export interface ReviewerTurnaround {
  reviewerId: string
  reviewerName: string
  decisions: number
  medianDays: number | null
}

/**
 * The sign-off backlog: waiting requests by how long they have waited, approved sign-offs whose evidence changed
 * and that nobody has asked again for, and each reviewer's median days to decide over the last six months.
 */
export async function getSignoffBacklog(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  const inScope = peopleInScope(db, input.scope).select('u.id')
  const [waiting, reReview, decided] = await Promise.all([
    db
      .selectFrom('signoff_request as r')
      .select(sql<number>`(${input.today}::date - (r.requested_at at time zone 'Europe/London')::date)`.as('days'))
      .where('r.status', '=', 'pending')
      .where('r.requester_id', 'in', inScope)
      .execute(),
    db
      .selectFrom('signoff_request as r')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('r.status', '=', 'invalidated')
      .where('r.decided_at', 'is not', null)
      .where('r.requester_id', 'in', inScope)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('signoff_request as later').select('later.id').whereRef('later.supersedes_id', '=', 'r.id'),
          ),
        ),
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('signoff_event as ev')
            .select('ev.id')
            .whereRef('ev.request_id', '=', 'r.id')
            .where('ev.kind', '=', 'approved'),
        ),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('signoff_request as r')
      .innerJoin('app_user as reviewer', 'reviewer.id', 'r.decided_by')
      .select([
        'r.decided_by as reviewerId',
        'reviewer.name as reviewerName',
        sql<number>`extract(epoch from (r.decided_at - r.requested_at)) / 86400`.as('days'),
      ])
      .where('r.decided_at', '>=', sql<Date>`${addMonths(input.today, -DECISION_MONTHS)}::date`)
      .where('r.requester_id', 'in', inScope)
      .execute(),
  ])
  const bands = BACKLOG_BANDS.map((band) => ({ key: band.key, label: band.label, count: 0 }))
  for (const row of waiting) bands.find((b) => b.key === backlogBand(Number(row.days)))!.count += 1
  const byReviewer = new Map<string, { name: string; days: number[] }>()
  for (const row of decided) {
    const entry = byReviewer.get(row.reviewerId!) ?? { name: row.reviewerName, days: [] }
    entry.days.push(Number(row.days))
    byReviewer.set(row.reviewerId!, entry)
  }
  const reviewers: ReviewerTurnaround[] = [...byReviewer.entries()]
    .map(([reviewerId, { name, days }]) => ({
      reviewerId,
      reviewerName: name,
      decisions: days.length,
      medianDays: roundTenth(median(days)),
    }))
    .sort((a, b) => (b.medianDays ?? 0) - (a.medianDays ?? 0) || a.reviewerName.localeCompare(b.reviewerName))
  return { bands, waiting: waiting.length, awaitingReReview: reReview.count, reviewers }
}

const roundTenth = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10)

export type BacklogBandCount = { key: BacklogBand; label: string; count: number }

/**
 * HCPC registrations as the registration pages judge them (the same standing rule): how many end in each of the
 * next 24 months, and the people whose registration has lapsed while their account is still active, first.
 */
export async function getRegistrationOutlook(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  const people = await peopleInScope(db, input.scope)
    .select(['u.id'])
    .where('u.job_role_code', 'is not', null)
    .execute()
  const standings = await listRegistrationStandings(
    db,
    people.map((p) => p.id),
    input.today,
  )
  const rows = [...standings.values()].filter((row) => row.required || row.record)
  const recorded = rows.filter((row) => row.record)
  const lastMonth = addMonths(input.today, EXPIRY_MONTHS_AHEAD).slice(0, 7)
  const timeline = expiryTimeline(
    hcpcRules(),
    recorded.map((row) => ({
      expiresOn: row.record!.expiresOn,
      lapsed: row.standing.status === 'lapsed',
      professionCode: row.record!.professionCode,
    })),
    input.today,
  ).filter((bucket) => bucket.key === 'lapsed' || bucket.key <= lastMonth)
  const within90 = addDays(input.today, 90)
  return {
    timeline,
    lapsedActive: rows
      .filter((row) => row.standing.status === 'lapsed')
      .map((row) => ({
        id: row.id,
        name: row.name,
        jobRoleTitle: row.jobRoleTitle,
        teamName: row.teamName,
        expiresOn: row.record?.expiresOn ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    toRecord: rows.filter((row) => row.standing.status === 'to-record').length,
    within90Days: recorded.filter(
      (row) =>
        row.standing.status !== 'lapsed' && row.record!.expiresOn <= within90 && row.record!.expiresOn >= input.today,
    ).length,
    registrants: rows.length,
  }
}

/** Active staff in scope with nobody supervising them today, by name. */
export function listUnsupervised(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  return peopleInScope(db, input.scope)
    .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
    .select(['u.id', 'u.name', 'j.title as jobRoleTitle', 't.name as teamName'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('supervision_link as l')
            .select('l.id')
            .whereRef('l.supervisee_id', '=', 'u.id')
            .where(isCurrentLink('l', input.today)),
        ),
      ),
    )
    .orderBy('u.name')
    .execute()
}

export interface ComplianceRow {
  id: string | null
  name: string
  people: number
  /** Held at least as many sessions as their schedule asked for over the reporting period. */
  onSchedule: number
  overdue: number
  percent: number | null
}

/**
 * Supervision compliance over the last REPORTING_MONTHS months, by team and by supervisor: people who held at
 * least the sessions their schedule asked for. It is the overview's own standing for each person, so the two agree.
 * A person counts once for their team, and once for each supervisor they have today.
 */
export async function getSupervisionCompliance(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  const links = await listSupervisionStandings(db, input.scope, input.today)
  const tally = (rows: typeof links, key: (row: (typeof links)[number]) => { id: string | null; name: string }) => {
    const groups = new Map<string, ComplianceRow>()
    for (const row of rows) {
      const { id, name } = key(row)
      const group = groups.get(id ?? '') ?? { id, name, people: 0, onSchedule: 0, overdue: 0, percent: null }
      group.people += 1
      if (row.compliance.shortfall === 0) group.onSchedule += 1
      if (row.due.overdue) group.overdue += 1
      groups.set(id ?? '', group)
    }
    return [...groups.values()]
      .map((group) => ({ ...group, percent: share(group.onSchedule, group.people) }))
      .sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name)))
  }
  const people = [...new Map(links.map((row) => [row.personId, row])).values()]
  const byTeam = tally(people, (row) => ({ id: row.teamId, name: row.teamName ?? 'No team' }))
  const bySupervisor = tally(links, (row) => ({ id: row.supervisorId, name: row.supervisorName }))
  const onSchedule = people.filter((row) => row.compliance.shortfall === 0).length
  return {
    months: REPORTING_MONTHS,
    people: people.length,
    onSchedule,
    percent: share(onSchedule, people.length),
    overdue: people.filter((row) => row.due.overdue).length,
    byTeam,
    bySupervisor,
  }
}

/**
 * The apprenticeship pipeline: how many people stand at each step from adult social care worker to registered OT,
 * who is behind on off-the-job hours or overdue a progress review (by the apprenticeship page's own rules), and how
 * many open apprenticeships are planned to end in each year.
 */
export async function getApprenticeshipPipeline(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  const { today } = input
  const apprenticeships = await listApprenticeshipsInScope(db, { ...input.scope, today })
  const open = apprenticeships.filter((a) => OPEN_STATUSES.includes(a.status))
  const completed = apprenticeships.filter((a) => a.status === 'completed')
  const registrations = await listRegistrationStandings(
    db,
    completed.map((a) => a.personId),
    today,
  )
  const isRegistered = (personId: string) => {
    const row = registrations.get(personId)
    return Boolean(row?.record) && row!.standing.status !== 'lapsed'
  }
  // Adult social care workers not already on a programme: the people a new cohort would come from.
  const onProgramme = new Set(open.map((a) => a.personId))
  const workers = await peopleInScope(db, input.scope).where('u.job_role_code', '=', 'ascw').select('u.id').execute()
  const counts = new Map<string, number>(PIPELINE_STAGES.map((stage) => [stage.key, 0]))
  counts.set('ascw', workers.filter((w) => !onProgramme.has(w.id)).length)
  // Each person counts once, where they are now: an open programme first, else their latest completion.
  const seen = new Set<string>()
  for (const a of [...open, ...completed]) {
    const stage = pipelineStage(a, isRegistered(a.personId), today)
    if (!stage || (a.status === 'completed' && seen.has(a.personId))) continue
    seen.add(a.personId)
    counts.set(stage, (counts.get(stage) ?? 0) + 1)
  }
  const byYear = new Map<string, number>()
  for (const a of open) byYear.set(a.plannedEndOn.slice(0, 4), (byYear.get(a.plannedEndOn.slice(0, 4)) ?? 0) + 1)
  const person = (a: (typeof open)[number]) => ({
    id: a.personId,
    name: a.personName,
    jobRoleTitle: null,
    teamName: a.teamName,
    shortfallMinutes: a.shortfallMinutes,
    reviewDaysOverdue: a.review.daysOverdue,
  })
  return {
    stages: PIPELINE_STAGES.map((stage) => ({ key: stage.key, label: stage.label, count: counts.get(stage.key)! })),
    expectedCompletions: [...byYear.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([year, count]) => ({ key: year, label: year, count })),
    behindOnHours: open.filter((a) => a.pace === 'behind').map(person),
    reviewOverdue: open.filter((a) => a.review.state === 'overdue').map(person),
  }
}

export interface CpdTeamRow {
  teamId: string | null
  teamName: string
  people: number
  minutes: number
  byType: Record<string, number>
}

/**
 * CPD recorded in the period, by team and HCPC activity type, counting entries as each person's own log counts
 * them with the same dates (active entries, drafts included, overlapping the period); and the people with nothing
 * dated in the last three months.
 */
export async function getCpdActivity(db: Kysely<DB>, input: { scope: DashboardScope; range: CpdRange; today: string }) {
  const recentFrom = addMonths(input.today, -NO_RECENT_CPD_MONTHS)
  const [teams, rows, quiet] = await Promise.all([
    peopleInScope(db, input.scope)
      .select(['t.id as teamId', 't.name as teamName', sql<number>`count(*)::int`.as('people')])
      .groupBy(['t.id', 't.name'])
      .execute(),
    peopleInScope(db, input.scope)
      .innerJoin('evidence as e', 'e.owner_id', 'u.id')
      .select([
        't.id as teamId',
        'e.activity_type as activityType',
        sql<number>`coalesce(sum(e.minutes), 0)::int`.as('minutes'),
      ])
      .where('e.withdrawn_at', 'is', null)
      .where(sql<string>`coalesce(e.ends_on, e.starts_on)`, '>=', input.range.from)
      .where('e.starts_on', '<=', input.range.to)
      .groupBy(['t.id', 'e.activity_type'])
      .execute(),
    peopleInScope(db, input.scope)
      .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
      .select(['u.id', 'u.name', 'j.title as jobRoleTitle', 't.name as teamName'])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('evidence as e')
              .select('e.id')
              .whereRef('e.owner_id', '=', 'u.id')
              .where('e.withdrawn_at', 'is', null)
              .where(sql<string>`coalesce(e.ends_on, e.starts_on)`, '>=', recentFrom),
          ),
        ),
      )
      .orderBy('u.name')
      .execute(),
  ])
  const byTeam: CpdTeamRow[] = teams
    .map((team) => {
      const mine = rows.filter((row) => row.teamId === team.teamId)
      const byType = Object.fromEntries(Object.keys(ACTIVITY_TYPES).map((code) => [code, 0]))
      for (const row of mine)
        byType[row.activityType ?? 'other'] = (byType[row.activityType ?? 'other'] ?? 0) + row.minutes
      return {
        teamId: team.teamId,
        teamName: team.teamName ?? 'No team',
        people: team.people,
        minutes: mine.reduce((sum, row) => sum + row.minutes, 0),
        byType,
      }
    })
    .sort((a, b) => (a.teamId === null ? 1 : b.teamId === null ? -1 : a.teamName.localeCompare(b.teamName)))
  return { byTeam, quiet, recentFrom }
}

/** The dashboard's filters from the address, checked, with a note for each value that could not be used. */
export async function readDashboardFilters(db: Kysely<DB>, params: URLSearchParams, today: string) {
  const matrix = await readMatrixFilters(db, {
    framework: params.get('framework'),
    team: params.get('team'),
    role: params.get('role'),
    sort: null,
    dir: null,
    gaps: null,
  })
  const notices = [...matrix.notices]
  const askedFramework = params.get('framework')
  if (askedFramework && askedFramework !== matrix.framework) {
    notices.push('That framework has no published version – showing the first one that has.')
  }
  const { range, notice } = readCpdRange({ from: params.get('from'), to: params.get('to') }, today)
  if (notice) notices.push(notice)
  const version = (await listCurrentVersions(db)).find((v) => v.frameworkCode === matrix.framework)
  return {
    frameworks: matrix.frameworks,
    teams: matrix.teams,
    jobRoles: matrix.jobRoles,
    framework: matrix.framework,
    version,
    team: matrix.team,
    role: matrix.role,
    range,
    notices,
    scope: { teamId: matrix.team?.id ?? null, jobRoleCode: matrix.role?.code ?? null } satisfies DashboardScope,
  }
}

/** Everything the dashboard shows for one address. */
export async function loadDashboard(db: Kysely<DB>, params: URLSearchParams, today: string) {
  const filters = await readDashboardFilters(db, params, today)
  const { scope, range, version } = filters
  const [coverage, compliance, backlog, registrations, unsupervised, cpd, pipeline] = await Promise.all([
    version ? getCoverage(db, { versionId: version.id, scope }) : null,
    getSupervisionCompliance(db, { scope, today }),
    getSignoffBacklog(db, { scope, today }),
    getRegistrationOutlook(db, { scope, today }),
    listUnsupervised(db, { scope, today }),
    getCpdActivity(db, { scope, range, today }),
    getApprenticeshipPipeline(db, { scope, today }),
  ])
  return { filters, coverage, compliance, backlog, registrations, unsupervised, cpd, pipeline }
}
