import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { type Actor, visibility } from '#app/auth/policy'
import { listTeams } from '#app/models/people/teams.server'
import { unknownFilterNotice } from '#app/models/workforce/capability-matrix.rules'
import { SUPERVISION_FREQUENCY } from './frequency.data'
import { type SuperviseeOverview, listSupervisionStandings } from './overview.server'

export interface SupervisionOverviewQuery {
  /** The teams to choose from: every team for the principal OT, the teams of their supervisees for a supervisor. */
  teams: { code: string; name: string }[]
  /** The team shown, or '' for all of them. */
  team: string
  notices: string[]
  rows: SuperviseeOverview[]
}

/**
 * The supervision overview as `/supervision` and its CSV show it: the viewer's supervisees (everyone's for the
 * principal OT), in the team asked for, most overdue first. An unknown team is said, and all teams are shown.
 */
export async function readSupervisionOverview(
  db: Kysely<DB>,
  viewer: Actor,
  params: URLSearchParams,
  today: string,
): Promise<SupervisionOverviewQuery> {
  const reach = visibility(viewer)
  if (reach === 'self') return { teams: [], team: '', notices: [], rows: [] }
  const scope = reach === 'all' ? {} : { supervisorId: viewer.id }
  const [teams, everyone] = await Promise.all([
    listTeams(db),
    reach === 'all' ? null : listSupervisionStandings(db, scope, today, SUPERVISION_FREQUENCY),
  ])
  // A supervisor chooses among their own supervisees' teams; the principal OT among all of them.
  const ownTeams = everyone ? new Set(everyone.map((row) => row.teamId)) : null
  const choices = teams.filter((team) => !ownTeams || ownTeams.has(team.id))
  const asked = params.get('team')?.trim() ?? ''
  const chosen = asked ? choices.find((team) => team.code === asked) : undefined
  const notices = asked && !chosen ? [unknownFilterNotice('team', asked)] : []
  const rows = chosen
    ? everyone
      ? everyone.filter((row) => row.teamId === chosen.id)
      : await listSupervisionStandings(db, { ...scope, teamId: chosen.id }, today, SUPERVISION_FREQUENCY)
    : (everyone ?? (await listSupervisionStandings(db, scope, today, SUPERVISION_FREQUENCY)))
  return {
    teams: choices.map(({ code, name }) => ({ code, name })),
    team: chosen?.code ?? '',
    notices,
    rows,
  }
}
