import { Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { EmptyState } from '#app/components/empty-state'
import { HoursTable } from '#app/components/evidence/hours-table'
import { formatUkDate } from '#app/lib/dates'
import { describeHours } from '#app/lib/hours'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'

/** What the record shows of a CPD log: its latest entries and the period's totals, as the log model gives them. */
export interface CpdView {
  entries: {
    id: string
    title: string
    status: 'draft' | 'complete'
    activityType: string | null
    startsOn: string | null
    endsOn: string | null
    minutes: number | null
  }[]
  total: number
  period: { from: string; to: string }
  periodTotals: { minutes: number; byType: { activityType: string | null; minutes: number; entries: number }[] }
  periodEntries: number
}

const typeLabel = (code: string | null) =>
  code ? (ACTIVITY_TYPES[code as keyof typeof ACTIVITY_TYPES] ?? code) : 'Type not set'

/** The person's latest CPD entries, and their hours by HCPC activity type over the CPD period. */
export function CpdSummary({ cpd, personName }: { cpd: CpdView; personName: string }) {
  if (cpd.total === 0) {
    return (
      <EmptyState title="No CPD entries yet">
        {personName} has not logged any learning or development. Entries appear here as they add them to their CPD log;
        supervision is a good time to agree what to record.
      </EmptyState>
    )
  }
  const rest = cpd.total - cpd.entries.length
  const period = `${formatUkDate(cpd.period.from)} to ${formatUkDate(cpd.period.to)}`
  return (
    <>
      <div className="table-scroll" role="region" aria-label="Latest CPD entries" tabIndex={0}>
        <Table.Root variant="surface" size="1">
          <caption className="table-caption">Latest CPD entries, newest first</caption>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell scope="col">Title</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col">Date</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col">Activity type</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell scope="col">Hours</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {cpd.entries.map((entry) => (
              <Table.Row key={entry.id}>
                <Table.RowHeaderCell>
                  <ThemeLink asChild>
                    <Link to={`/evidence/${entry.id}`}>{entry.title}</Link>
                  </ThemeLink>
                  {entry.status === 'draft' ? (
                    <Text size="1" color="gray" highContrast>
                      {' '}
                      (draft)
                    </Text>
                  ) : null}
                </Table.RowHeaderCell>
                <Table.Cell>
                  {entry.startsOn ? formatUkDate(entry.startsOn) : 'No date yet'}
                  {entry.endsOn && entry.endsOn !== entry.startsOn ? ` to ${formatUkDate(entry.endsOn)}` : ''}
                </Table.Cell>
                <Table.Cell>{typeLabel(entry.activityType)}</Table.Cell>
                <Table.Cell>{entry.minutes ? describeHours(entry.minutes) : 'Not set'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </div>
      <Text as="p" size="2" mt="2" mb="4">
        {rest > 0
          ? `Showing the latest ${cpd.entries.length} of ${cpd.total} entries; ${rest} more ${rest === 1 ? 'is' : 'are'} in their log.`
          : `${cpd.total} ${cpd.total === 1 ? 'entry' : 'entries'} in all.`}
      </Text>
      {cpd.periodEntries === 0 ? (
        <EmptyState title="Nothing dated in the last two years">
          No entry is dated from {period}. The HCPC asks for a continuous record of CPD: ask {personName} to log what
          they have done recently.
        </EmptyState>
      ) : (
        <div className="table-scroll" role="region" aria-label="Hours by activity type" tabIndex={0}>
          <HoursTable
            caption={`Hours by activity type, ${period} (${describeHours(cpd.periodTotals.minutes)} in all)`}
            rows={cpd.periodTotals.byType.map((row) => ({
              label: typeLabel(row.activityType),
              minutes: row.minutes,
              entries: row.entries,
            }))}
          />
        </div>
      )}
    </>
  )
}
