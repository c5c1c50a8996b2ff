import { type Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { listApprenticeshipsInScope } from '#app/models/apprenticeship/queries.server'
import { OPEN_STATUSES } from '#app/models/apprenticeship/statuses.rules'
import { listRegistrationStandings } from '#app/models/registration/registration.server'
import { PIPELINE_STAGES, pipelineStage } from './dashboard.rules'
import { peopleInScope, type DashboardScope } from './dashboard-scope.server'

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
