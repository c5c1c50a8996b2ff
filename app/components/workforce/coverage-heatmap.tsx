import { Link } from '@remix-run/react'
import { ScrollingTable, Table } from '#app/components/report-table'
import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from 'recharts'
import { COVERAGE_BAND_LABELS, coverageBand } from '#app/models/workforce/dashboard.rules'

// Dark enough for 3:1 against the page and each other (WCAG 1.4.11); the figures are also in the table below.
const ESSENTIAL = '#3e4a9e'
const DESIRABLE = '#a1420f'

interface CoverageDomain {
  id: string
  code: string
  name: string
}
interface CoverageShare {
  required: number
  met: number
  percent: number | null
}
interface CoverageCell extends CoverageShare {
  domainId: string
  desirable: CoverageShare
}
interface CoverageRow {
  teamId: string | null
  teamCode: string | null
  teamName: string
  people: number
  cells: CoverageCell[]
}

const describeShare = (share: CoverageShare, verb: string) =>
  share.percent === null ? 'none set' : `${share.met} of ${share.required} ${verb} (${share.percent}%)`

/** Everyone shown, domain by domain: the essential share beside the desirable share, from 0 to 100%. */
function CoverageChart({ domains, everyone }: { domains: CoverageDomain[]; everyone: CoverageRow }) {
  const hasDesirable = everyone.cells.some((c) => c.desirable.required > 0)
  const data = domains.map((d, i) => ({
    code: d.code,
    essential: everyone.cells[i]!.percent ?? 0,
    desirable: everyone.cells[i]!.desirable.percent ?? 0,
  }))
  const summary = domains
    .map((d, i) => {
      const cell = everyone.cells[i]!
      return `${d.name}: essential ${describeShare(cell, 'meet')}${hasDesirable ? `, desirable ${describeShare(cell.desirable, 'reach')}` : ''}`
    })
    .join('; ')
  return (
    <div
      role="img"
      aria-label={`Bar chart of coverage for everyone shown. ${summary}. The same figures are in the table that follows, row ${everyone.teamName}.`}
    >
      <BarChart
        responsive
        accessibilityLayer={false}
        data={data}
        style={{ width: '100%', maxWidth: 560, height: 220 }}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
      >
        <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="code" tick={{ fill: '#1c2024', fontSize: 12 }} />
        <YAxis
          domain={[0, 100]}
          tickFormatter={(v: number) => `${v}%`}
          tick={{ fill: '#1c2024', fontSize: 12 }}
          width={44}
        />
        <Legend />
        <Bar dataKey="essential" name="Essential: meet (%)" fill={ESSENTIAL} isAnimationActive={false} />
        {hasDesirable ? (
          <Bar dataKey="desirable" name="Desirable: reach (%)" fill={DESIRABLE} isAnimationActive={false} />
        ) : null}
      </BarChart>
    </div>
  )
}

/**
 * The coverage heatmap: teams down, domains across. Each cell gives the share of people whose role sets an
 * essential level there who meet it (the gaps that count, and the cell's colour), and apart from it the share of
 * those whose role sets a desirable level who have reached it. It is a table, so it reads by screen reader and
 * keyboard as it looks; the colour band is also in words (the legend and each cell's text), and each essential
 * figure opens the matrix at that team's people with a gap. A bar chart for everyone shown sits above it.
 */
export function CoverageHeatmap({
  domains,
  teams,
  everyone,
  drillDown,
}: {
  domains: CoverageDomain[]
  teams: CoverageRow[]
  everyone: CoverageRow
  drillDown: (teamCode: string | null) => string
}) {
  const cell = (row: CoverageRow, c: CoverageCell, domain: CoverageDomain) => {
    const band = coverageBand(c.percent)
    return (
      <Table.Cell key={c.domainId} className={`coverage-cell coverage-${band}`}>
        {c.percent === null ? (
          <span>No essential level</span>
        ) : (
          <Link
            to={drillDown(row.teamCode)}
            aria-label={`${row.teamName}, ${domain.name}: essential, ${describeShare(c, 'meet')}. Show who has a gap`}
          >
            <strong>{c.percent}%</strong>
            <span className="coverage-count">
              {c.met} of {c.required}
            </span>
          </Link>
        )}
        {c.desirable.percent === null ? null : (
          <span className="coverage-desirable">
            Desirable {c.desirable.percent}% ({c.desirable.met} of {c.desirable.required} reach)
          </span>
        )}
      </Table.Cell>
    )
  }
  return (
    <>
      <CoverageChart domains={domains} everyone={everyone} />
      <ScrollingTable
        id="coverage-caption"
        className="coverage-table"
        caption={
          <>
            Share of people meeting their role&rsquo;s essential level, and reaching its desirable level, by team and
            domain
          </>
        }
      >
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Team</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell justify="end">People</Table.ColumnHeaderCell>
            {domains.map((d) => (
              <Table.ColumnHeaderCell key={d.id}>
                <abbr title={d.name}>{d.code}</abbr> <span className="visually-hidden">{d.name}</span>
              </Table.ColumnHeaderCell>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {teams.map((row) => (
            <Table.Row key={row.teamId ?? 'none'}>
              <Table.RowHeaderCell>{row.teamName}</Table.RowHeaderCell>
              <Table.Cell justify="end">{row.people}</Table.Cell>
              {row.cells.map((c, i) => cell(row, c, domains[i]!))}
            </Table.Row>
          ))}
        </Table.Body>
        <tfoot>
          <Table.Row>
            <Table.RowHeaderCell>{everyone.teamName}</Table.RowHeaderCell>
            <Table.Cell justify="end">{everyone.people}</Table.Cell>
            {everyone.cells.map((c, i) => cell(everyone, c, domains[i]!))}
          </Table.Row>
        </tfoot>
      </ScrollingTable>
      <ul className="coverage-legend" aria-label="Colour key (essential share)">
        {(['all', 'most', 'part', 'low', 'none'] as const).map((band) => (
          <li key={band}>
            <span className={`coverage-swatch coverage-${band}`} aria-hidden="true" />
            {band === 'none' ? 'No essential level' : COVERAGE_BAND_LABELS[band]}
            {band === 'all'
              ? ' (100%)'
              : band === 'most'
                ? ' (75–99%)'
                : band === 'part'
                  ? ' (50–74%)'
                  : band === 'low'
                    ? ' (under 50%)'
                    : ''}
          </li>
        ))}
      </ul>
    </>
  )
}
