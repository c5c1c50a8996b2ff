export interface HeadcountRow {
  teamName: string
  jobRoleTitle: string
  jobRoleOrder: number
  people: number
}

export interface HeadcountGrid {
  teams: string[]
  rows: { jobRoleTitle: string; counts: number[]; total: number }[]
  teamTotals: number[]
  total: number
}

/** People per job role (rows, in ladder order) and team (columns, by name), with totals both ways. */
export function pivotHeadcount(rows: readonly HeadcountRow[]): HeadcountGrid {
  const teams = [...new Set(rows.map((row) => row.teamName))].sort((a, b) => a.localeCompare(b))
  const roles = [...new Map(rows.map((row) => [row.jobRoleTitle, row.jobRoleOrder])).entries()].sort(
    (a, b) => a[1] - b[1],
  )
  const grid = roles.map(([jobRoleTitle]) => {
    const counts = teams.map(
      (team) => rows.find((row) => row.teamName === team && row.jobRoleTitle === jobRoleTitle)?.people ?? 0,
    )
    return { jobRoleTitle, counts, total: counts.reduce((sum, n) => sum + n, 0) }
  })
  const teamTotals = teams.map((_, i) => grid.reduce((sum, row) => sum + row.counts[i], 0))
  return { teams, rows: grid, teamTotals, total: teamTotals.reduce((sum, n) => sum + n, 0) }
}
