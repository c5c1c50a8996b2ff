import type { CapabilityStanding } from '#app/models/capabilities/capabilities.rules'

/** The orders the matrix can be read in; the first is the default, as the service is organised. */
export const MATRIX_SORTS = ['team', 'name', 'role', 'gaps'] as const
export type MatrixSort = (typeof MATRIX_SORTS)[number]
export type SortDirection = 'asc' | 'desc'

export const MATRIX_SORT_LABELS: Record<MatrixSort, string> = {
  team: 'Team',
  name: 'Name',
  role: 'Job role',
  gaps: 'Gaps',
}

/** One person's row as the rules need it: who they are, where they sit, and how they stand in each domain. */
export interface MatrixRow {
  id: string
  name: string
  teamId: string | null
  teamName: string | null
  jobRoleTitle: string | null
  /** The role's place on the career ladder, so that "by role" reads from support worker up. */
  jobRoleOrder: number | null
  /** `standing` against the essential level, `desirableStanding` against the desirable one. */
  cells: readonly { domainId: string; standing: CapabilityStanding; desirableStanding: CapabilityStanding }[]
}

/** What the reader asked to see, after checking: every value here is one the matrix knows. */
export interface MatrixView {
  framework: string
  team: string | null
  role: string | null
  gapsOnly: boolean
  sort: MatrixSort
  dir: SortDirection
}

/** Reads `?sort=` and `?dir=`; anything unknown is the default order, silently, as a bookmark may be old. */
export function readMatrixSort(sort: string | null, dir: string | null): { sort: MatrixSort; dir: SortDirection } {
  const known = MATRIX_SORTS.find((s) => s === sort)
  return { sort: known ?? 'team', dir: dir === 'desc' ? 'desc' : 'asc' }
}

/** The domains where the person's role needs (essential) a level they have not yet had signed off. */
export function gapCount(row: { cells: readonly { standing: CapabilityStanding }[] }): number {
  return row.cells.filter((cell) => cell.standing === 'not-yet').length
}

/** The domains where the person is still working towards their role's desirable level; these are not gaps. */
export function workingTowardsCount(row: { cells: readonly { desirableStanding: CapabilityStanding }[] }): number {
  return row.cells.filter((cell) => cell.desirableStanding === 'not-yet').length
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true })

/** Compares two optional values with the missing ones last whichever way the list runs. */
function compareMissingLast<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number, sign: number): number {
  if (a === null && b === null) return 0
  if (a === null) return 1
  if (b === null) return -1
  return sign * compare(a, b)
}

const byText = (a: string, b: string) => collator.compare(a, b)
const byNumber = (a: number, b: number) => a - b

/** The service's own order: team, then ladder order, then name. It also breaks ties in every other sort. */
function compareByTeamRoleName(a: MatrixRow, b: MatrixRow, sign = 1): number {
  return (
    compareMissingLast(a.teamName, b.teamName, byText, sign) ||
    compareMissingLast(a.jobRoleOrder, b.jobRoleOrder, byNumber, 1) ||
    byText(a.name, b.name)
  )
}

/**
 * The rows in the asked order. Only the chosen key follows the direction; ties keep the service's order, so that
 * "most gaps first" still lists each team together. The id settles people with the same name, so pages never shift.
 */
export function sortMatrixRows<T extends MatrixRow>(
  rows: readonly T[],
  order: { sort: MatrixSort; dir: SortDirection },
) {
  const sign = order.dir === 'desc' ? -1 : 1
  const primary = (a: T, b: T): number => {
    switch (order.sort) {
      case 'team':
        return compareByTeamRoleName(a, b, sign)
      case 'name':
        return sign * byText(a.name, b.name)
      case 'role':
        return compareMissingLast(a.jobRoleOrder, b.jobRoleOrder, byNumber, sign)
      case 'gaps':
        return sign * (gapCount(a) - gapCount(b))
    }
  }
  return [...rows].sort(
    (a, b) => primary(a, b) || compareByTeamRoleName(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
}

/** The rows left once "has a gap" is applied (team and role are filtered by the database). */
export function filterMatrixRows<T extends MatrixRow>(rows: readonly T[], filter: { gapsOnly: boolean }): T[] {
  return filter.gapsOnly ? rows.filter((row) => gapCount(row) > 0) : [...rows]
}

export interface RollUpRow {
  /** null for the row of everyone shown, and for people in no team. */
  teamId: string | null
  label: string
  people: number
  /**
   * Per domain: how many people need an essential level there and how many of them have it (met or above), and
   * the same for the desirable level, counted apart.
   */
  domains: { domainId: string; required: number; met: number; desirable: { required: number; met: number } }[]
}

function rollUpRow(
  rows: readonly MatrixRow[],
  domainIds: readonly string[],
  label: string,
  teamId: string | null,
): RollUpRow {
  return {
    teamId,
    label,
    people: rows.length,
    domains: domainIds.map((domainId) => {
      const cells = rows.flatMap((row) => row.cells.filter((cell) => cell.domainId === domainId))
      const count = (standings: CapabilityStanding[]) => {
        const needed = standings.filter((standing) => standing !== 'no-requirement')
        return {
          required: needed.length,
          met: needed.filter((standing) => standing === 'met' || standing === 'above').length,
        }
      }
      return {
        domainId,
        ...count(cells.map((cell) => cell.standing)),
        desirable: count(cells.map((cell) => cell.desirableStanding)),
      }
    }),
  }
}

/**
 * A row per team (by name, people in no team last) and one for everyone, over every row given: the caller passes
 * the whole filtered list, not one page, so the totals do not change as the reader pages.
 */
export function rollUpMatrix(
  rows: readonly MatrixRow[],
  domainIds: readonly string[],
): { teams: RollUpRow[]; everyone: RollUpRow } {
  const groups = new Map<string | null, { name: string | null; rows: MatrixRow[] }>()
  for (const row of rows) {
    const group = groups.get(row.teamId) ?? { name: row.teamName, rows: [] }
    group.rows.push(row)
    groups.set(row.teamId, group)
  }
  const teams = [...groups.entries()]
    .sort(([, a], [, b]) => compareMissingLast(a.name, b.name, byText, 1))
    .map(([teamId, group]) => rollUpRow(group.rows, domainIds, group.name ?? 'No team', teamId))
  return { teams, everyone: rollUpRow(rows, domainIds, 'Everyone shown', null) }
}

/** "3 of 5 meet", or "No requirement" when nobody shown needs a level there. */
export function describeRollUp(cell: { required: number; met: number }): string {
  return cell.required === 0 ? 'No requirement' : `${cell.met} of ${cell.required} meet`
}

/** The desirable tier of a roll-up cell: "1 of 4 reach desirable", or null when nobody shown has one there. */
export function describeDesirableRollUp(cell: { required: number; met: number }): string | null {
  return cell.required === 0 ? null : `${cell.met} of ${cell.required} reach desirable`
}

/**
 * The address query for a view, with only what differs from the default, so shared links stay short. Paging is
 * left out: a new order or filter starts again at the first page.
 */
export function matrixQuery(view: MatrixView): string {
  const params = new URLSearchParams({ framework: view.framework })
  if (view.team) params.set('team', view.team)
  if (view.role) params.set('role', view.role)
  if (view.gapsOnly) params.set('gaps', '1')
  if (view.sort !== 'team' || view.dir !== 'asc') {
    params.set('sort', view.sort)
    params.set('dir', view.dir)
  }
  return `?${params.toString()}`
}

/**
 * Where a column header's sort link goes: the other way round when the column is already the sort, otherwise the
 * column's natural way (most gaps first, names and teams A to Z).
 */
export function nextSort(column: MatrixSort, current: { sort: MatrixSort; dir: SortDirection }) {
  if (column === current.sort) return { sort: column, dir: current.dir === 'asc' ? 'desc' : 'asc' } as const
  return { sort: column, dir: column === 'gaps' ? 'desc' : 'asc' } as const
}

/** The `aria-sort` of a column header: only the column the list is sorted by has one. */
export function ariaSort(
  column: MatrixSort,
  current: { sort: MatrixSort; dir: SortDirection },
): 'ascending' | 'descending' | undefined {
  if (column !== current.sort) return undefined
  return current.dir === 'asc' ? 'ascending' : 'descending'
}

/** The matrix's query parameters as asked, before checking; repeated ones count by their first value. */
export function askedMatrixFilters(params: URLSearchParams) {
  return {
    framework: params.get('framework'),
    team: params.get('team'),
    role: params.get('role'),
    sort: params.get('sort'),
    dir: params.get('dir'),
    gaps: params.get('gaps'),
  }
}

export type AskedMatrixFilters = ReturnType<typeof askedMatrixFilters>

/** "Has a gap" is a checkbox sending `gaps=1`; anything else leaves the filter off. */
export function readGapsOnly(gaps: string | null): boolean {
  return gaps === '1'
}

/**
 * The note shown when a team or role in the address is not one we have: the value quoted back short and without
 * control characters, so a mistyped or hostile link explains itself without breaking the page.
 */
export function unknownFilterNotice(kind: 'team' | 'role', asked: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = asked.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '').trim()
  // By code point, so that an emoji is never cut in half.
  const chars = Array.from(plain)
  const quoted = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : plain
  return kind === 'team'
    ? `No team called “${quoted}” – showing all teams`
    : `No job role called “${quoted}” – showing all job roles`
}
