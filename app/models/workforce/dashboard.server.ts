import { type Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { listCurrentVersions } from '#app/models/frameworks/frameworks.server'
import { readMatrixFilters } from './capability-matrix.server'
import { readCpdRange } from './dashboard.rules'
import { getApprenticeshipPipeline } from './apprenticeship-pipeline.server'
import { getCoverage } from './coverage.server'
import { getCpdActivity } from './cpd-activity.server'
import { type DashboardScope } from './dashboard-scope.server'
import { getRegistrationOutlook } from './registration-outlook.server'
import { getSignoffBacklog } from './signoff-backlog.server'
import { getSupervisionCompliance, listUnsupervised } from './supervision-compliance.server'
import { countPeopleInScope, listWorkforceTrend } from './snapshot.server'
import { buildTrend, currentTrendFigures } from './trend.rules'

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
    notices.push('That framework has no published version – showing another one.')
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
  // Snapshots are kept by team, not by job role: with a job role chosen the trends are not shown.
  const withTrend = !scope.jobRoleCode
  const [coverage, compliance, backlog, registrations, unsupervised, cpd, pipeline, headcount, past] =
    await Promise.all([
      version ? getCoverage(db, { versionId: version.id, scope }) : null,
      getSupervisionCompliance(db, { scope, today }),
      getSignoffBacklog(db, { scope, today }),
      getRegistrationOutlook(db, { scope, today }),
      listUnsupervised(db, { scope, today }),
      getCpdActivity(db, { scope, range, today }),
      getApprenticeshipPipeline(db, { scope, today }),
      withTrend ? countPeopleInScope(db, scope) : 0,
      withTrend ? listWorkforceTrend(db, { teamId: scope.teamId, versionId: version?.id ?? null, today }) : [],
    ])
  const trend = withTrend
    ? buildTrend({ today, past, current: currentTrendFigures({ today, headcount, coverage, compliance, backlog }) })
    : null
  return { filters, coverage, compliance, backlog, registrations, unsupervised, cpd, pipeline, trend }
}
