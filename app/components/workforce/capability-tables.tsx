import { Heading, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { StandingBadge } from '#app/components/signoffs/standing-badge'
import { type CapabilityStanding, DESIRABLE_STANDING_LABELS } from '#app/models/capabilities/capabilities.rules'
import {
  type MatrixSort,
  type MatrixView,
  type RollUpRow,
  ariaSort,
  describeDesirableRollUp,
  describeRollUp,
  matrixQuery,
  nextSort,
} from '#app/models/workforce/capability-matrix.rules'

interface Domain {
  id: string
  name: string
}

interface PersonRow {
  id: string
  name: string
  jobRoleTitle: string | null
  teamName: string | null
  gaps: number
  workingTowards: number
  cells: {
    domainId: string
    standing: CapabilityStanding
    achieved: { name: string } | null
    required: { name: string } | null
    desirable: { name: string } | null
    desirableStanding: CapabilityStanding
  }[]
}

/**
 * A column header that sorts the list when followed: a plain link, so it works without JavaScript and can be
 * bookmarked. The hidden words say what following it does; `aria-sort` says how the list is sorted now.
 */
function SortHeader({ column, label, view }: { column: MatrixSort; label: string; view: MatrixView }) {
  const now = ariaSort(column, view)
  const next = nextSort(column, view)
  return (
    <th scope="col" aria-sort={now}>
      <Link to={matrixQuery({ ...view, ...next })} className="target-24 sort-link">
        {label}
        {now ? <span aria-hidden="true">{now === 'ascending' ? ' ▲' : ' ▼'}</span> : null}
        <span className="visually-hidden">{`, sort ${next.dir === 'asc' ? 'ascending' : 'descending'}`}</span>
      </Link>
    </th>
  )
}

/** Met against needed, domain by domain, for each team and for everyone the filters keep (every page). */
export function RollUpTable({
  domains,
  rollUp,
}: {
  domains: Domain[]
  rollUp: { teams: RollUpRow[]; everyone: RollUpRow }
}) {
  const cells = (row: RollUpRow) => [
    <td key="people">{row.people}</td>,
    ...row.domains.map((cell) => {
      const desirable = describeDesirableRollUp(cell.desirable)
      return (
        <td key={cell.domainId}>
          {describeRollUp(cell)}
          {desirable ? (
            <Text as="span" size="1" className="matrix-level">
              {desirable}
            </Text>
          ) : null}
        </td>
      )
    }),
  ]
  return (
    <div className="matrix-part">
      <Heading as="h3" size="4" mb="1">
        By team
      </Heading>
      <Text as="p" size="2" mb="2" id="by-team-hint">
        How many of the people whose role needs a level in a domain (essential) have it signed off, and apart from that,
        how many of those whose role sets a desirable level there have reached it. The counts cover everyone listed, on
        every page.
      </Text>
      {/* Named by its caption, which says what the numbers are. */}
      <div
        className="table-scroll"
        role="region"
        aria-labelledby="by-team-caption"
        aria-describedby="by-team-hint"
        tabIndex={0}
      >
        <table className="matrix-table">
          {/* Short, as a caption is as wide as its table and a phone shows only the start of it. */}
          <caption id="by-team-caption" className="table-caption">
            Meeting the role&apos;s level in each domain
          </caption>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">People</th>
              {domains.map((domain) => (
                <th scope="col" key={domain.id}>
                  {domain.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rollUp.teams.map((team) => (
              <tr key={team.teamId ?? 'none'}>
                <th scope="row">{team.label}</th>
                {cells(team)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{rollUp.everyone.label}</th>
              {cells(rollUp.everyone)}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  )
}

/** One page of people against the domains, with sortable column headers. */
export function PeopleTable({ domains, people, view }: { domains: Domain[]; people: PersonRow[]; view: MatrixView }) {
  return (
    <div className="matrix-part">
      <Heading as="h3" size="4" id="people-title" mb="2">
        People
      </Heading>
      <div className="table-scroll" role="region" aria-labelledby="people-title" tabIndex={0}>
        <table className="matrix-table">
          <caption className="visually-hidden">
            People by domain: the level signed off, how it stands against what the role needs, and any desirable level
            the role works towards
          </caption>
          <thead>
            <tr>
              <SortHeader column="name" label="Name" view={view} />
              <SortHeader column="role" label="Job role" view={view} />
              <SortHeader column="team" label="Team" view={view} />
              <SortHeader column="gaps" label="Gaps" view={view} />
              <th scope="col">Working towards</th>
              {domains.map((domain) => (
                <th scope="col" key={domain.id}>
                  {domain.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id}>
                <th scope="row">
                  <Link to={`/people/${person.id}`}>{person.name}</Link>
                </th>
                <td>{person.jobRoleTitle ?? 'No job role'}</td>
                <td>{person.teamName ?? 'No team'}</td>
                <td data-gaps={person.gaps}>{person.gaps}</td>
                <td data-working-towards={person.workingTowards}>{person.workingTowards}</td>
                {person.cells.map((cell) => (
                  <td key={cell.domainId} data-standing={cell.standing}>
                    <StandingBadge standing={cell.standing} />
                    <Text as="span" size="1" className="matrix-level">
                      {cell.achieved ? cell.achieved.name : 'None'}
                      {cell.required ? ` / needs ${cell.required.name}` : ''}
                    </Text>
                    {cell.desirable ? (
                      <Text as="span" size="1" className="matrix-level" data-desirable={cell.desirableStanding}>
                        {cell.desirableStanding === 'not-yet'
                          ? `Working towards ${cell.desirable.name} (desirable)`
                          : `Desirable ${cell.desirable.name}: ${DESIRABLE_STANDING_LABELS[cell.desirableStanding].toLowerCase()}`}
                      </Text>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
