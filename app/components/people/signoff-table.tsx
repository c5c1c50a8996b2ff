import { Link as ThemeLink, Table } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { EmptyState } from '#app/components/empty-state'
import { SignoffStatusBadge } from '#app/components/signoffs/status-badge'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import type { SignoffStatus } from '#db/schema'

/** One request, as the sign-off list query gives it. */
export interface SignoffRow {
  id: string
  frameworkName: string
  versionLabel: string
  domainName: string
  levelName: string
  status: SignoffStatus
  requestedAt: Date | string
  decidedAt: Date | string | null
  wasApproved: boolean
}

const day = (moment: Date | string) => formatUkDate(todayInLondon(new Date(moment)))

/** A person's sign-off requests, newest first, each opening its own page. */
export function SignoffTable({ signoffs, personName }: { signoffs: SignoffRow[]; personName: string }) {
  if (signoffs.length === 0) {
    return (
      <EmptyState title="No sign-off requests yet">
        {personName} asks for a domain to be signed off at a level from their capability profile, once they have mapped
        CPD evidence to it. Requests then appear here and in their supervisor&apos;s inbox.
      </EmptyState>
    )
  }
  return (
    <div className="table-scroll" role="region" aria-label="Sign-off requests" tabIndex={0}>
      <Table.Root variant="surface" size="1">
        <caption className="table-caption">Sign-off requests, newest first</caption>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell scope="col">Domain and level</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Framework</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Status</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Asked</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell scope="col">Decided</Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {signoffs.map((item) => (
            <Table.Row key={item.id}>
              <Table.RowHeaderCell>
                <ThemeLink asChild>
                  <Link to={`/signoffs/${item.id}`}>
                    {item.domainName} at {item.levelName}
                  </Link>
                </ThemeLink>
              </Table.RowHeaderCell>
              <Table.Cell>
                {item.frameworkName} ({item.versionLabel})
              </Table.Cell>
              <Table.Cell>
                <SignoffStatusBadge status={item.status} wasApproved={item.wasApproved} />
              </Table.Cell>
              <Table.Cell>{day(item.requestedAt)}</Table.Cell>
              <Table.Cell>{item.decidedAt ? day(item.decidedAt) : 'Not yet'}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </div>
  )
}
