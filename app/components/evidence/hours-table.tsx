import { Table } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { formatHours } from '#app/lib/hours'

/** Hours per group as a table whose cells carry a bar: the picture and the numbers are the same element. */
export function HoursTable({
  caption,
  rows,
}: {
  caption: string
  rows: { label: string; minutes: number; entries: number }[]
}) {
  const most = Math.max(1, ...rows.map((row) => row.minutes))
  return (
    <TableFrame label={caption}>
      <Table.Root variant="surface" size="1">
        <caption className="table-caption">{caption}</caption>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell scope="col">Group</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col" justify="end">
              Entries
            </Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Hours</Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.label}>
              <Table.RowHeaderCell>{row.label}</Table.RowHeaderCell>
              <Table.Cell justify="end">{row.entries}</Table.Cell>
              <Table.Cell>
                <span className="bar-cell">
                  <span className="bar-track" aria-hidden="true">
                    <span className="bar" style={{ width: `${(row.minutes / most) * 100}%` }} />
                  </span>
                  <span>{formatHours(row.minutes)}</span>
                </span>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </TableFrame>
  )
}
