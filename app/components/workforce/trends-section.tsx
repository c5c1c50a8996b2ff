import { Text } from '@radix-ui/themes'
import { ScrollingTable, Table } from '#app/components/report-table'
import type { ReactNode } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { EmptyState } from '#app/components/empty-state'
import { formatUkDate } from '#app/lib/dates'
import { TREND_MONTHS, type TrendPoint } from '#app/models/workforce/trend.rules'
import { CsvLink, DashboardSection } from './dashboard-parts'

// Dark enough for 3:1 against the page (WCAG 1.4.11); a second line is also dashed, so colour is never the only cue.
const COLOURS = ['#3e4a9e', '#a1420f']

type NumericKey = 'coveragePercent' | 'compliancePercent' | 'waiting' | 'waitingOver28'

interface TrendLine {
  key: NumericKey
  name: string
}

interface TrendColumn {
  label: string
  value: (point: TrendPoint) => ReactNode
}

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${value}%`)
const whenTaken = (p: TrendPoint) =>
  p.missing ? 'Not recorded' : p.live ? 'Today' : p.asOf ? formatUkDate(p.asOf) : '–'

/** A line per measure over the months, with every month's figures in the table beside it. */
function TrendChart({
  id,
  caption,
  points,
  lines,
  columns,
  percentAxis,
}: {
  id: string
  caption: string
  points: TrendPoint[]
  lines: TrendLine[]
  columns: TrendColumn[]
  percentAxis: boolean
}) {
  const recorded = points.filter((p) => !p.missing)
  const first = recorded[0]
  const last = recorded.at(-1)
  const describe = (p: TrendPoint) =>
    lines.map((l) => `${l.name} ${percentAxis ? percent(p[l.key]) : (p[l.key] ?? '–')}`).join(', ')
  const summary =
    first && last && first !== last
      ? `${first.label}: ${describe(first)}. ${last.label}: ${describe(last)}.`
      : last
        ? `${last.label}: ${describe(last)}.`
        : ''
  return (
    <div className="chart-with-table">
      <div role="img" aria-label={`Line chart. ${summary} The table ${caption} gives every month.`}>
        <LineChart
          responsive
          accessibilityLayer={false}
          data={points.map((p) => ({
            label: p.label,
            ...Object.fromEntries(lines.map((l) => [l.key, p[l.key] ?? null])),
          }))}
          style={{ width: '100%', maxWidth: 480, height: 240 }}
          margin={{ top: 8, right: 28, bottom: 8, left: 0 }}
        >
          <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fill: '#1c2024', fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis
            tick={{ fill: '#1c2024', fontSize: 12 }}
            width={44}
            allowDecimals={false}
            {...(percentAxis ? { domain: [0, 100], tickFormatter: (v: number) => `${v}%` } : {})}
          />
          <Tooltip />
          {lines.length > 1 ? <Legend /> : null}
          {lines.map((line, i) => (
            <Line
              key={line.key}
              type="linear"
              dataKey={line.key}
              name={line.name}
              stroke={COLOURS[i]}
              strokeWidth={i === 0 ? 3 : 2}
              strokeDasharray={i === 0 ? undefined : '6 4'}
              dot={{ r: 3 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </div>
      <ScrollingTable id={id} caption={caption}>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Month</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Figures from</Table.ColumnHeaderCell>
            {columns.map((c) => (
              <Table.ColumnHeaderCell key={c.label} justify="end">
                {c.label}
              </Table.ColumnHeaderCell>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {points.map((p) => (
            <Table.Row key={p.month}>
              <Table.RowHeaderCell>{p.label}</Table.RowHeaderCell>
              <Table.Cell>{whenTaken(p)}</Table.Cell>
              {columns.map((c) => (
                <Table.Cell key={c.label} justify="end">
                  {p.missing ? '–' : c.value(p)}
                </Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
      </ScrollingTable>
    </div>
  )
}

/**
 * The last twelve months of coverage, supervision compliance and the sign-off backlog: past months from the monthly
 * snapshots, this month from the figures above.
 */
export function TrendsSection({
  trend,
  scopeName,
  versionLabel,
  query,
}: {
  trend: { points: TrendPoint[]; recordedMonths: number } | null
  scopeName: string
  versionLabel: string | null
  query: string
}) {
  return (
    <DashboardSection id="trends" title="Trends">
      {trend === null ? (
        <Text as="p">
          Trends are kept for each team and for everyone, not by job role. Choose &ldquo;All job roles&rdquo; to see
          them.
        </Text>
      ) : trend.recordedMonths === 0 ? (
        <EmptyState title="No history yet">
          The trends build up one month at a time: early each month the server keeps the figures of the month just ended
          (coverage, supervision compliance and the sign-off backlog), and a recorded month is never changed. To record
          the month just ended now, run <code>npm run workforce:snapshot</code> on the server.
        </EmptyState>
      ) : (
        <>
          <Text as="p" mb="3">
            {scopeName}, the last {TREND_MONTHS} months{versionLabel ? <>; coverage against {versionLabel}</> : null}.
            Each past month shows its figures as recorded when it ended; this month shows today&rsquo;s, as above.{' '}
            {trend.recordedMonths} of the {TREND_MONTHS - 1} past months are recorded.
          </Text>
          <TrendChart
            id="trend-coverage-caption"
            caption="Share of essential requirements met, by month"
            points={trend.points}
            percentAxis
            lines={[{ key: 'coveragePercent', name: 'Requirements met' }]}
            columns={[
              { label: 'Met', value: (p) => p.coverage?.met ?? '–' },
              { label: 'Required', value: (p) => p.coverage?.required ?? '–' },
              { label: 'Share', value: (p) => percent(p.coveragePercent) },
            ]}
          />
          <TrendChart
            id="trend-compliance-caption"
            caption="Share of people supervised on schedule, by month"
            points={trend.points}
            percentAxis
            lines={[{ key: 'compliancePercent', name: 'On schedule' }]}
            columns={[
              { label: 'Supervised', value: (p) => p.supervised },
              { label: 'On schedule', value: (p) => p.onSchedule },
              { label: 'Share', value: (p) => percent(p.compliancePercent) },
              { label: 'Overdue', value: (p) => p.overdue },
            ]}
          />
          <TrendChart
            id="trend-backlog-caption"
            caption="Sign-off requests waiting, and those waiting over 28 days, by month"
            points={trend.points}
            percentAxis={false}
            lines={[
              { key: 'waiting', name: 'Waiting' },
              { key: 'waitingOver28', name: 'Over 28 days' },
            ]}
            columns={[
              { label: 'Waiting', value: (p) => p.waiting },
              { label: 'Over 28 days', value: (p) => p.waitingOver28 },
              { label: 'Awaiting re-review', value: (p) => p.awaitingReReview },
            ]}
          />
        </>
      )}
      {trend ? (
        <Text as="p" size="2" mt="2">
          <CsvLink query={query} section="trends">
            Download the monthly figures
          </CsvLink>
        </Text>
      ) : null}
    </DashboardSection>
  )
}
