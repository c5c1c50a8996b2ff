import { describe, expect, it } from 'vitest'
import type { CapabilityStanding } from '#app/models/capabilities/capabilities.rules'
import {
  type MatrixRow,
  type MatrixView,
  ariaSort,
  askedMatrixFilters,
  describeDesirableRollUp,
  describeRollUp,
  filterMatrixRows,
  gapCount,
  matrixQuery,
  nextSort,
  readGapsOnly,
  readMatrixSort,
  rollUpMatrix,
  sortMatrixRows,
  unknownFilterNotice,
  workingTowardsCount,
} from '#app/models/workforce/capability-matrix.rules'

const DOMAINS = ['pp', 'fl']

/** A row with an essential (and optionally a desirable) standing per domain, in DOMAINS order. */
function row(
  name: string,
  team: string | null,
  roleOrder: number | null,
  standings: CapabilityStanding[],
  id = name.toLowerCase(),
  desirable: CapabilityStanding[] = [],
): MatrixRow {
  return {
    id,
    name,
    teamId: team ? `team-${team}` : null,
    teamName: team,
    jobRoleTitle: roleOrder === null ? null : `Role ${roleOrder}`,
    jobRoleOrder: roleOrder,
    cells: standings.map((standing, i) => ({
      domainId: DOMAINS[i],
      standing,
      desirableStanding: desirable[i] ?? 'no-requirement',
    })),
  }
}

// North: a junior with two gaps and a senior with none; South: one with a gap; and someone in no team, no role.
// Zoe and Bea's roles also set desirable levels: Zoe is short of both, Bea has reached one and works towards the other.
const ROWS = [
  row('Zoe', 'North', 4, ['not-yet', 'not-yet'], 'zoe', ['not-yet', 'not-yet']),
  row('Adam', 'South', 4, ['met', 'not-yet']),
  row('Nell', null, null, ['no-requirement', 'no-requirement']),
  row('Bea', 'North', 5, ['above', 'met'], 'bea', ['met', 'not-yet']),
]
const names = (rows: readonly MatrixRow[]) => rows.map((r) => r.name)

describe('reading the matrix address', () => {
  it('knows four sorts and two directions, and anything else is the default', () => {
    expect(readMatrixSort('gaps', 'desc')).toEqual({ sort: 'gaps', dir: 'desc' })
    expect(readMatrixSort('role', 'asc')).toEqual({ sort: 'role', dir: 'asc' })
    expect(readMatrixSort(null, null)).toEqual({ sort: 'team', dir: 'asc' })
    for (const bad of ['GAPS', ' gaps', "gaps'--", '__proto__', 'constructor', '']) {
      expect(readMatrixSort(bad, 'DESC')).toEqual({ sort: 'team', dir: 'asc' })
    }
  })

  it('takes "has a gap" only from the checkbox value', () => {
    expect(readGapsOnly('1')).toBe(true)
    for (const other of [null, '', '0', 'true', 'on', '1 ']) expect(readGapsOnly(other)).toBe(false)
  })

  it('reads the first of a repeated parameter', () => {
    const asked = askedMatrixFilters(new URLSearchParams('team=a&team=b&sort=gaps'))
    expect(asked).toEqual({ framework: null, team: 'a', role: null, sort: 'gaps', dir: null, gaps: null })
  })

  it('quotes an unknown team or role back short and without control characters', () => {
    expect(unknownFilterNotice('team', 'west')).toBe('No team called “west” – showing all teams')
    expect(unknownFilterNotice('role', ' a\u0000b\u202e ')).toBe('No job role called “ab” – showing all job roles')
    const long = unknownFilterNotice('team', `${'😀'.repeat(45)}`)
    expect(long).toContain(`“${'😀'.repeat(40)}…”`)
  })
})

describe('gaps, sorting and filtering', () => {
  it('counts a gap only where a level is needed and not yet signed off', () => {
    expect(ROWS.map(gapCount)).toEqual([2, 1, 0, 0])
  })

  it('counts a desirable level not yet reached as working towards, never as a gap', () => {
    expect(ROWS.map(workingTowardsCount)).toEqual([2, 0, 0, 1])
    // Bea works towards one desirable level but meets every essential one: "has a gap" leaves her out.
    expect(names(filterMatrixRows(ROWS, { gapsOnly: true }))).not.toContain('Bea')
  })

  it('keeps the service order by default: team, ladder order, name, with no team last', () => {
    expect(names(sortMatrixRows(ROWS, { sort: 'team', dir: 'asc' }))).toEqual(['Zoe', 'Bea', 'Adam', 'Nell'])
    // Descending turns the teams round; people with no team stay at the end.
    expect(names(sortMatrixRows(ROWS, { sort: 'team', dir: 'desc' }))).toEqual(['Adam', 'Zoe', 'Bea', 'Nell'])
  })

  it('sorts by name, role and gaps both ways, ties in the service order', () => {
    expect(names(sortMatrixRows(ROWS, { sort: 'name', dir: 'asc' }))).toEqual(['Adam', 'Bea', 'Nell', 'Zoe'])
    expect(names(sortMatrixRows(ROWS, { sort: 'name', dir: 'desc' }))).toEqual(['Zoe', 'Nell', 'Bea', 'Adam'])
    expect(names(sortMatrixRows(ROWS, { sort: 'role', dir: 'asc' }))).toEqual(['Zoe', 'Adam', 'Bea', 'Nell'])
    expect(names(sortMatrixRows(ROWS, { sort: 'role', dir: 'desc' }))).toEqual(['Bea', 'Zoe', 'Adam', 'Nell'])
    expect(names(sortMatrixRows(ROWS, { sort: 'gaps', dir: 'desc' }))).toEqual(['Zoe', 'Adam', 'Bea', 'Nell'])
    expect(names(sortMatrixRows(ROWS, { sort: 'gaps', dir: 'asc' }))).toEqual(['Bea', 'Nell', 'Adam', 'Zoe'])
  })

  it('orders names as people read them, and people with the same name always the same way', () => {
    const rows = [row('anna 10', 'X', 1, [], 'b'), row('Anna 9', 'X', 1, [], 'c'), row('Anna 9', 'X', 1, [], 'a')]
    expect(sortMatrixRows(rows, { sort: 'name', dir: 'asc' }).map((r) => r.id)).toEqual(['a', 'c', 'b'])
    expect(sortMatrixRows([...rows].reverse(), { sort: 'name', dir: 'asc' }).map((r) => r.id)).toEqual(['a', 'c', 'b'])
  })

  it('does not change the list it is given', () => {
    const before = names(ROWS)
    sortMatrixRows(ROWS, { sort: 'name', dir: 'desc' })
    expect(names(ROWS)).toEqual(before)
  })

  it('keeps only people with a gap when asked', () => {
    expect(names(filterMatrixRows(ROWS, { gapsOnly: true }))).toEqual(['Zoe', 'Adam'])
    expect(filterMatrixRows(ROWS, { gapsOnly: false })).toHaveLength(4)
  })
})

describe('the roll-up', () => {
  it('counts, per team and for everyone, who meets each domain among those who need it', () => {
    const { teams, everyone } = rollUpMatrix(ROWS, DOMAINS)
    expect(teams.map((t) => [t.label, t.people])).toEqual([
      ['North', 2],
      ['South', 1],
      ['No team', 1],
    ])
    expect(teams[0].domains).toEqual([
      { domainId: 'pp', required: 2, met: 1, desirable: { required: 2, met: 1 } },
      { domainId: 'fl', required: 2, met: 1, desirable: { required: 2, met: 0 } },
    ])
    expect(teams[2].domains).toEqual([
      { domainId: 'pp', required: 0, met: 0, desirable: { required: 0, met: 0 } },
      { domainId: 'fl', required: 0, met: 0, desirable: { required: 0, met: 0 } },
    ])
    expect(everyone).toEqual({
      teamId: null,
      label: 'Everyone shown',
      people: 4,
      domains: [
        { domainId: 'pp', required: 3, met: 2, desirable: { required: 2, met: 1 } },
        { domainId: 'fl', required: 3, met: 1, desirable: { required: 2, met: 0 } },
      ],
    })
  })

  it('has no teams for nobody, and says "3 of 5 meet"', () => {
    expect(rollUpMatrix([], DOMAINS).teams).toEqual([])
    expect(describeRollUp({ required: 5, met: 3 })).toBe('3 of 5 meet')
    expect(describeRollUp({ required: 0, met: 0 })).toBe('No requirement')
    expect(describeDesirableRollUp({ required: 4, met: 1 })).toBe('1 of 4 reach desirable')
    expect(describeDesirableRollUp({ required: 0, met: 0 })).toBeNull()
  })
})

describe('links to a view', () => {
  const view: MatrixView = { framework: 'rcot-cdf', team: null, role: null, gapsOnly: false, sort: 'team', dir: 'asc' }

  it('writes only what differs from the default, and never the page', () => {
    expect(matrixQuery(view)).toBe('?framework=rcot-cdf')
    expect(matrixQuery({ ...view, team: 'north', role: 'ot', gapsOnly: true, sort: 'gaps', dir: 'desc' })).toBe(
      '?framework=rcot-cdf&team=north&role=ot&gaps=1&sort=gaps&dir=desc',
    )
    expect(matrixQuery({ ...view, dir: 'desc' })).toBe('?framework=rcot-cdf&sort=team&dir=desc')
    expect(matrixQuery({ ...view, team: 'a&b c' })).toBe('?framework=rcot-cdf&team=a%26b+c')
  })

  it('turns the sorted column round, and starts another column its natural way', () => {
    expect(nextSort('team', view)).toEqual({ sort: 'team', dir: 'desc' })
    expect(nextSort('name', view)).toEqual({ sort: 'name', dir: 'asc' })
    expect(nextSort('gaps', view)).toEqual({ sort: 'gaps', dir: 'desc' })
    expect(nextSort('gaps', { sort: 'gaps', dir: 'desc' })).toEqual({ sort: 'gaps', dir: 'asc' })
  })

  it('marks only the sorted column for assistive technology', () => {
    expect(ariaSort('team', view)).toBe('ascending')
    expect(ariaSort('gaps', { sort: 'gaps', dir: 'desc' })).toBe('descending')
    expect(ariaSort('name', view)).toBeUndefined()
  })
})
