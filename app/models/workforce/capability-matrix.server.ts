import { type Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { listTeams } from '#app/models/people/teams.server'
import { type DomainStanding, listCapabilityStandings } from '#app/models/capabilities/capabilities.server'
import { listCurrentVersions, listCurrentFrameworks } from '#app/models/frameworks/frameworks.server'

export interface MatrixPerson {
  id: string
  name: string
  jobRoleTitle: string | null
  teamName: string | null
}

export interface CapabilityMatrix {
  framework: { code: string; name: string; versionId: string; versionNumber: number; versionLabel: string }
  domains: { id: string; code: string; name: string; required: number; metOrAbove: number }[]
  people: (MatrixPerson & { cells: DomainStanding[] })[]
}

/** The training matrix: every active member of staff against each domain of one framework's current version. */
export async function getCapabilityMatrix(
  db: Kysely<DB>,
  options: { frameworkCode: string; teamId?: string | null },
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
      .select(['u.id', 'u.name', 'j.title as jobRoleTitle', 't.name as teamName'])
      .where('u.active', '=', true)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'staff')),
      )
      .$if(Boolean(options.teamId), (qb) => qb.where('u.team_id', '=', options.teamId!))
      .orderBy('t.name')
      .orderBy('j.sort_order')
      .orderBy('u.name')
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
  return {
    framework: {
      code: version.frameworkCode,
      name: version.frameworkName,
      versionId: version.id,
      versionNumber: version.number,
      versionLabel: version.label,
    },
    domains: domains.map((domain) => {
      const cells = standings.filter((s) => s.domainId === domain.id && s.required)
      return {
        ...domain,
        required: cells.length,
        metOrAbove: cells.filter((s) => s.standing === 'met' || s.standing === 'above').length,
      }
    }),
    people: people.map((person) => ({
      ...person,
      cells: domains.map(
        (domain) =>
          byPerson.get(person.id)?.find((s) => s.domainId === domain.id) ?? {
            personId: person.id,
            versionId: version.id,
            domainId: domain.id,
            required: null,
            achieved: null,
            standing: 'no-requirement' as const,
          },
      ),
    })),
  }
}

/** Checks the framework and team asked for; unknown values fall back to the first framework and all teams. */
export async function readMatrixFilters(db: Kysely<DB>, asked: { framework: string | null; team: string | null }) {
  const [frameworks, teams] = await Promise.all([listCurrentFrameworks(db), listTeams(db)])
  const framework = frameworks.find((f) => f.code === asked.framework)?.code ?? frameworks[0]?.code ?? null
  const team = teams.find((t) => t.code === asked.team) ?? null
  return { frameworks, teams, framework, team }
}
