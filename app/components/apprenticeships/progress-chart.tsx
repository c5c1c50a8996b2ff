import { Heading, Table } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import type { ProgressPoint } from '#app/models/apprenticeship/progress.rules'
import { countHours } from '#app/lib/wording'

// Dark enough for 3:1 against the page (WCAG 1.4.11); the expected line is also dashed, so colour is not the only cue.
const COLOURS = { required: '#3e4a9e', logged: '#18794e', placement: '#a1420f' }

/** Cumulative hours month by month as a line chart, with the same numbers in a table beneath it. */
export function ProgressChart({ points, showPlacement }: { points: ProgressPoint[]; showPlacement: boolean }) {
  const last = points.at(-1)
  const summary = last
    ? `By ${last.label}: ${countHours(last.loggedHours)} of off-the-job training logged against ${countHours(last.requiredHours)} expected` +
      (showPlacement ? `, and ${countHours(last.placementHours)} of placement.` : '.')
    : ''
  return (
    <section aria-labelledby="progress-chart-title" className="home-section">
      <Heading as="h2" size="5" mb="3" id="progress-chart-title">
        Progress month by month
      </Heading>
      <div role="img" aria-label={`Line chart of cumulative hours. ${summary} The table below gives every month.`}>
        <LineChart
          responsive
          accessibilityLayer={false}
          data={points}
          style={{ width: '100%', height: 320 }}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid stroke="#d0d5dd" strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fill: '#1c2024', fontSize: 12 }} />
          <YAxis tick={{ fill: '#1c2024', fontSize: 12 }} allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Line
            type="monotone"
            dataKey="requiredHours"
            name="Off-the-job hours expected"
            stroke={COLOURS.required}
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="loggedHours"
            name="Off-the-job hours logged"
            stroke={COLOURS.logged}
            strokeWidth={3}
            dot={false}
            isAnimationActive={false}
          />
          {showPlacement ? (
            <Line
              type="monotone"
              dataKey="placementHours"
              name="Placement hours"
              stroke={COLOURS.placement}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
        </LineChart>
      </div>
      <TableFrame label="Cumulative hours at the end of each month">
        <Table.Root variant="surface" size="1">
          <caption className="table-caption">Cumulative hours at the end of each month</caption>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell scope="col">Month</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col" justify="end">
                Off-the-job expected
              </Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col" justify="end">
                Off-the-job logged
              </Table.ColumnHeaderCell>
              {showPlacement ? (
                <Table.ColumnHeaderCell scope="col" justify="end">
                  Placement hours
                </Table.ColumnHeaderCell>
              ) : null}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {points.map((point) => (
              <Table.Row key={point.month}>
                <Table.RowHeaderCell>{point.label}</Table.RowHeaderCell>
                <Table.Cell justify="end">{point.requiredHours}</Table.Cell>
                <Table.Cell justify="end">{point.loggedHours}</Table.Cell>
                {showPlacement ? <Table.Cell justify="end">{point.placementHours}</Table.Cell> : null}
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </TableFrame>
    </section>
  )
}
