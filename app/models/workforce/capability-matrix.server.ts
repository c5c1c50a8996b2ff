import { type Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { listJobRoles } from '#app/models/people/job-roles.server'
import { listTeams } from '#app/models/people/teams.server'
import { type DomainStanding, listCapabilityStandings } from '#app/models/capabilities/capabilities.server'
import { listCurrentVersions, listCurrentFrameworks } from '#app/models/frameworks/frameworks.server'
import {
  type AskedMatrixFilters,
  type MatrixRow,
  type MatrixView,
  type MatrixSort,
  type RollUpRow,
  type SortDirection,
  askedMatrixFilters,
  filterMatrixRows,
  gapCount,
  readGapsOnly,
  readMatrixSort,
  rollUpMatrix,
  sortMatrixRows,
  unknownFilterNotice,
  workingTowardsCount,
} from '#app/models/workforce/capability-matrix.rules'

export interface MatrixPerson extends MatrixRow {
  jobRoleCode: string | null
  cells: DomainStanding[]
  /** Domains short of the essential level. */
  gaps: number
  /** Domains short of the desirable level: working towards, not gaps. */
  workingTowards: number
}

export interface CapabilityMatrix {
  framework: { code: string; name: string; versionId: string; versionNumber: number; versionLabel: string }
  domains: { id: string; code: string; name: string }[]
  /** Everyone the filters keep, in the asked order: the caller cuts the page. */
  people: MatrixPerson[]
  /** Met against needed per domain and tier, by team and for everyone in `people`. */
  rollUp: { teams: RollUpRow[]; everyone: RollUpRow }
}

export interface MatrixOptions {
  frameworkCode: string
  teamId?: string | null
  jobRoleCode?: string | null
  gapsOnly?: boolean
  sort?: MatrixSort
  dir?: SortDirection
}

/**
 * The training matrix: every active member of staff in the team and role asked for, against each domain of one
 * framework's current version, sorted and rolled up over the whole list (sorting in code, not SQL, so that the
 * order is the same on every database and can use the gap count).
 */
export async function getCapabilityMatrix(
  db: Kysely<DB>,
  options: MatrixOptions,
): Promise<CapabilityMatrix | undefined> {
  const version = (await listCurrentVersions(db)).find((v) => v.frameworkCode === options.frameworkCode)
  if (!version) return undefined
  const [domains, people] = await Promise.all([
    db
      .selectFrom('framework_domain')
      .select(['id', 'code', 'name'])
      .where('version_id', '=', version.id)
      .where('parent_id', 'is', null)
      .orderBy('sort_order')
      .execute(),
    db
      .selectFrom('app_user as u')
      .leftJoin('job_role as j', 'j.code', 'u.job_role_code')
      .leftJoin('team as t', 't.id', 'u.team_id')
      .select([
        'u.id',
        'u.name',
        'u.job_role_code as jobRoleCode',
        'j.title as jobRoleTitle',
        'j.sort_order as jobRoleOrder',
        'u.team_id as teamId',
        't.name as teamName',
      ])
      .where('u.active', '=', true)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'staff')),
      )
      .$if(Boolean(options.teamId), (qb) => qb.where('u.team_id', '=', options.teamId!))
      .$if(Boolean(options.jobRoleCode), (qb) => qb.where('u.job_role_code', '=', options.jobRoleCode!))
      .execute(),
  ])
  const standings = await listCapabilityStandings(
    db,
    people.map((p) => p.id),
    [version.id],
  )
  const byPerson = new Map<string, DomainStanding[]>()
  for (const standing of standings) {
    const list = byPerson.get(standing.personId) ?? []
    list.push(standing)
    byPerson.set(standing.personId, list)
  }
  const rows = people.map((person) => {
    const cells = domains.map(
      (domain) =>
        byPerson.get(person.id)?.find((s) => s.domainId === domain.id) ?? {
          personId: person.id,
          versionId: version.id,
          domainId: domain.id,
          required: null,
          achieved: null,
          standing: 'no-requirement' as const,
          desirable: null,
          desirableStanding: 'no-requirement' as const,
        },
    )
    return { ...person, cells, gaps: gapCount({ cells }), workingTowards: workingTowardsCount({ cells }) }
  })
  const shown = sortMatrixRows(filterMatrixRows(rows, { gapsOnly: options.gapsOnly ?? false }), {
    sort: options.sort ?? 'team',
    dir: options.dir ?? 'asc',
  })
  return {
    framework: {
      code: version.frameworkCode,
      name: version.frameworkName,
      versionId: version.id,
      versionNumber: version.number,
      versionLabel: version.label,
    },
    domains,
    people: shown,
    rollUp: rollUpMatrix(
      shown,
      domains.map((d) => d.id),
    ),
  }
}

/**
 * Checks what the address asks for against what exists. An unknown or absent framework falls back to the first one
 * that sets role requirements (else the first one) and an unknown sort to the default, silently; an unknown team or
 * role shows everyone, with a notice saying so.
 */
export async function readMatrixFilters(db: Kysely<DB>, asked: AskedMatrixFilters) {
  const [frameworks, teams, jobRoles] = await Promise.all([listCurrentFrameworks(db), listTeams(db), listJobRoles(db)])
  const framework =
    (frameworks.find((f) => f.code === asked.framework) ?? frameworks.find((f) => f.setsRequirements) ?? frameworks[0])
      ?.code ?? null
  const team = teams.find((t) => t.code === asked.team) ?? null
  const role = jobRoles.find((r) => r.code === asked.role) ?? null
  const notices: string[] = []
  // An empty value is the "All teams" choice of the form, not a mistake.
  if (asked.team && !team) notices.push(unknownFilterNotice('team', asked.team))
  if (asked.role && !role) notices.push(unknownFilterNotice('role', asked.role))
  return {
    frameworks,
    teams,
    jobRoles,
    framework,
    team,
    role,
    gapsOnly: readGapsOnly(asked.gaps),
    ...readMatrixSort(asked.sort, asked.dir),
    notices,
  }
}

/**
 * What the page and its CSV both show for an address: the checked filters, the view they make (for links back to
 * it), and the whole sorted matrix, or no matrix when no framework is published.
 */
export async function loadCapabilityMatrix(db: Kysely<DB>, params: URLSearchParams) {
  const filters = await readMatrixFilters(db, askedMatrixFilters(params))
  const { framework, team, role, gapsOnly, sort, dir } = filters
  const view: MatrixView | null = framework
    ? { framework, team: team?.code ?? null, role: role?.code ?? null, gapsOnly, sort, dir }
    : null
  const matrix = framework
    ? await getCapabilityMatrix(db, {
        frameworkCode: framework,
        teamId: team?.id ?? null,
        jobRoleCode: role?.code ?? null,
        gapsOnly,
        sort,
        dir,
      })
    : undefined
  return { filters, view, matrix }
}
