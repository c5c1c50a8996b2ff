import { Table } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { useEffect, useState } from 'react'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts'

export interface TimelineBucket {
  /** 'lapsed', or a month as 'YYYY-MM'. */
  key: string
  label: string
  count: number
  /** The month holds a renewal deadline. */
  deadline: boolean
}

/**
 * When registrations end, month by month, with lapsed ones first. Drawn in the browser only; the table that
 * follows carries the same figures for everyone.
 */
export function ExpiryTimeline({ buckets }: { buckets: TimelineBucket[] }) {
  const [drawn, setDrawn] = useState(false)
  useEffect(() => setDrawn(true), [])
  return (
    <>
      <figure className="expiry-timeline" aria-describedby="expiry-table-caption" style={{ margin: 0 }}>
        <div
          style={{ width: '100%', maxWidth: 760, minHeight: 240 }}
          role="img"
          aria-label="Bar chart of registrations ending in each month. The figures are in the table that follows."
        >
          {drawn ? (
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="label"
                  tick={{ fill: '#1f2328', fontSize: 11 }}
                  interval="preserveStartEnd"
                  minTickGap={4}
                  angle={-40}
                  textAnchor="end"
                  height={60}
                />
                <YAxis allowDecimals={false} tick={{ fill: '#1f2328', fontSize: 11 }} width={32} />
                <Bar dataKey="count" name="Registrations ending" fill="#8a4b00" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          ) : null}
        </div>
      </figure>
      <TableFrame labelledBy="expiry-table-caption">
        <Table.Root variant="surface" size="1" className="expiry-table">
          <caption id="expiry-table-caption" className="table-caption">
            Registrations ending by month
          </caption>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Month</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Registrations</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {buckets
              .filter((bucket) => bucket.count > 0 || bucket.deadline)
              .map((bucket) => (
                <Table.Row key={bucket.key}>
                  <Table.RowHeaderCell>
                    {bucket.label}
                    {bucket.deadline ? ' (renewal deadline)' : ''}
                  </Table.RowHeaderCell>
                  <Table.Cell justify="end">{bucket.count}</Table.Cell>
                </Table.Row>
              ))}
          </Table.Body>
        </Table.Root>
      </TableFrame>
    </>
  )
}
