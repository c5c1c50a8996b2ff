import { ScrollingTable, Table, TableFrame } from '#app/components/report-table'
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import { formatHours } from '#app/lib/hours'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'

// Dark enough for 3:1 against the page and each other's neighbours (WCAG 1.4.11); every bar's figure is also in
// the table beside it, so colour never carries a number alone.
const BAR = '#3e4a9e'
const TYPE_COLOURS = ['#3e4a9e', '#18794e', '#a1420f', '#8e4ec6', '#5c6670']

/** A bar chart of counts with the same figures in a table beside it. */
export function CountChart({
  id,
  caption,
  valueLabel,
  bandLabel = 'Band',
  horizontal = false,
  rows,
}: {
  id: string
  caption: string
  valueLabel: string
  /** The heading of the table's first column. */
  bandLabel?: string
  /** Bars drawn across, with their labels beside them: for long labels. */
  horizontal?: boolean
  rows: { key: string; label: string; count: number }[]
}) {
  const summary = rows.map((r) => `${r.label}: ${r.count}`).join('; ')
  return (
    <div className="chart-with-table">
      <div role="img" aria-label={`Bar chart. ${summary}. The same figures are in the table ${caption}.`}>
        {horizontal ? (
          <BarChart
            responsive
            accessibilityLayer={false}
            layout="vertical"
            data={rows}
            style={{ width: '100%', maxWidth: 480, height: Math.max(120, 32 * rows.length + 40) }}
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          >
            <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fill: '#1c2024', fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={150} tick={{ fill: '#1c2024', fontSize: 11 }} />
            <Bar dataKey="count" name={valueLabel} fill={BAR} isAnimationActive={false} />
          </BarChart>
        ) : (
          <BarChart
            responsive
            accessibilityLayer={false}
            data={rows}
            style={{ width: '100%', maxWidth: 480, height: 220 }}
            margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
          >
            <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fill: '#1c2024', fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fill: '#1c2024', fontSize: 12 }} width={32} />
            <Bar dataKey="count" name={valueLabel} fill={BAR} isAnimationActive={false} />
          </BarChart>
        )}
      </div>
      <TableFrame labelledBy={id}>
        <Table.Root variant="surface" size="1">
          <caption id={id} className="table-caption">
            {caption}
          </caption>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>{bandLabel}</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">{valueLabel}</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((row) => (
              <Table.Row key={row.key}>
                <Table.RowHeaderCell>{row.label}</Table.RowHeaderCell>
                <Table.Cell justify="end">{row.count}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </TableFrame>
    </div>
  )
}

interface CpdTeam {
  teamId: string | null
  teamName: string
  people: number
  minutes: number
  byType: Record<string, number>
}

/** CPD hours by team, stacked by HCPC activity type, with the table of the same hours beneath. */
export function CpdChart({ teams }: { teams: CpdTeam[] }) {
  const types = Object.entries(ACTIVITY_TYPES)
  const data = teams.map((team) => ({
    teamName: team.teamName,
    ...Object.fromEntries(types.map(([code]) => [code, Math.round((team.byType[code] ?? 0) / 6) / 10])),
  }))
  const summary = teams.map((t) => `${t.teamName}: ${formatHours(t.minutes)} hours`).join('; ')
  return (
    <>
      <div
        role="img"
        aria-label={`Stacked bar chart of CPD hours by team. ${summary}. The table below gives each activity type.`}
      >
        <BarChart
          responsive
          accessibilityLayer={false}
          data={data}
          style={{ width: '100%', maxWidth: 760, height: 260 }}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
        >
          <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="teamName" tick={{ fill: '#1c2024', fontSize: 12 }} />
          <YAxis tick={{ fill: '#1c2024', fontSize: 12 }} width={48} />
          <Tooltip />
          <Legend />
          {types.map(([code, label], i) => (
            <Bar
              key={code}
              dataKey={code}
              name={label}
              stackId="hours"
              fill={TYPE_COLOURS[i]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </div>
      <ScrollingTable id="cpd-caption" caption={<>CPD hours by team and activity type</>}>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Team</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell justify="end">People</Table.ColumnHeaderCell>
            {types.map(([code, label]) => (
              <Table.ColumnHeaderCell key={code} justify="end">
                {label}
              </Table.ColumnHeaderCell>
            ))}
            <Table.ColumnHeaderCell justify="end">All hours</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell justify="end">Hours per person</Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {teams.map((team) => (
            <Table.Row key={team.teamId ?? 'none'}>
              <Table.RowHeaderCell>{team.teamName}</Table.RowHeaderCell>
              <Table.Cell justify="end">{team.people}</Table.Cell>
              {types.map(([code]) => (
                <Table.Cell key={code} justify="end">
                  {formatHours(team.byType[code] ?? 0)}
                </Table.Cell>
              ))}
              <Table.Cell justify="end">{formatHours(team.minutes)}</Table.Cell>
              <Table.Cell justify="end">
                {team.people ? formatHours(Math.round(team.minutes / team.people / 15) * 15) : '–'}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </ScrollingTable>
    </>
  )
}

interface ComplianceGroup {
  id: string | null
  name: string
  people: number
  onSchedule: number
  overdue: number
  percent: number | null
}

/** The share on schedule in each group as bars from 0 to 100%, and the counts behind each bar in a table. */
export function ComplianceChart({
  id,
  caption,
  groupLabel,
  groups,
  chart = true,
}: {
  id: string
  caption: string
  groupLabel: string
  groups: ComplianceGroup[]
  chart?: boolean
}) {
  const summary = groups.map((g) => `${g.name}: ${g.percent ?? 0}% of ${g.people}`).join('; ')
  return (
    <div className={chart ? 'chart-with-table' : undefined}>
      {chart ? (
        <div
          role="img"
          aria-label={`Bar chart of the share on schedule. ${summary}. The table ${caption} has the counts.`}
        >
          <BarChart
            responsive
            accessibilityLayer={false}
            layout="vertical"
            data={groups.map((g) => ({ name: g.name, percent: g.percent ?? 0 }))}
            style={{ width: '100%', maxWidth: 480, height: Math.max(120, 44 * groups.length + 40) }}
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          >
            <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              domain={[0, 100]}
              tickFormatter={(v: number) => `${v}%`}
              tick={{ fill: '#1c2024', fontSize: 12 }}
            />
            <YAxis type="category" dataKey="name" width={140} tick={{ fill: '#1c2024', fontSize: 12 }} />
            <Bar dataKey="percent" name="On schedule (%)" fill={BAR} isAnimationActive={false} />
          </BarChart>
        </div>
      ) : null}
      <ScrollingTable id={id} caption={caption}>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>{groupLabel}</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell justify="end">People</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell justify="end">On schedule</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell justify="end">Share</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell justify="end">Overdue today</Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {groups.map((g) => (
            <Table.Row key={g.id ?? 'none'}>
              <Table.RowHeaderCell>{g.name}</Table.RowHeaderCell>
              <Table.Cell justify="end">{g.people}</Table.Cell>
              <Table.Cell justify="end">{g.onSchedule}</Table.Cell>
              <Table.Cell justify="end">{g.percent === null ? '–' : `${g.percent}%`}</Table.Cell>
              <Table.Cell justify="end">{g.overdue}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </ScrollingTable>
    </div>
  )
}
