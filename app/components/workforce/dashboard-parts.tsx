import { Button, Flex, Grid, Heading, Text } from '@radix-ui/themes'
import { TeamSelect } from '#app/components/team-select'
import type { ReactNode } from 'react'
import { Form, Link } from '@remix-run/react'
import { FormField, SelectField } from '#app/components/form-field'

/** The filters as the dashboard shows them: the choices, and the values in force after checking. */
export interface DashboardFilterView {
  frameworks: { code: string; name: string }[]
  teams: { code: string; name: string }[]
  jobRoles: { code: string; title: string }[]
  framework: string | null
  team: string
  role: string
  range: { from: string; to: string }
}

/** One section of the dashboard: a landmark named by its heading. */
export function DashboardSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="home-section">
      <Heading as="h2" size="5" id={`${id}-title`} mb="2">
        {title}
      </Heading>
      {children}
    </section>
  )
}

/** A row of headline figures, each with its words. */
export function FigureList({ figures }: { figures: { label: ReactNode; value: ReactNode }[] }) {
  return (
    <Grid columns={{ initial: '1', md: String(figures.length) }} gap="3" mb="3" asChild>
      <dl className="figure-list">
        {figures.map((figure, i) => (
          <div key={i}>
            <dt>{figure.label}</dt>
            <dd>{figure.value}</dd>
          </div>
        ))}
      </dl>
    </Grid>
  )
}

export function CsvLink({ query, section, children }: { query: string; section: string; children: string }) {
  return (
    <Link to={`/workforce.csv?${query}&section=${section}`} reloadDocument>
      {children} (CSV)
    </Link>
  )
}

export function PeopleList({
  people,
  total,
  empty,
  label,
}: {
  people: { id: string; name: string; jobRoleTitle: string | null; teamName: string | null; note?: string }[]
  total: number
  empty: string
  label: string
}) {
  if (total === 0) return <Text as="p">{empty}</Text>
  return (
    <>
      <ul className="people-list" aria-label={label}>
        {people.map((person) => (
          <li key={person.id}>
            <Link to={`/people/${person.id}`}>{person.name}</Link>
            <Text color="gray" highContrast>
              {' '}
              – {[person.jobRoleTitle, person.teamName, person.note].filter(Boolean).join(', ')}
            </Text>
          </li>
        ))}
      </ul>
      {total > people.length ? (
        <Text as="p" size="2">
          And {total - people.length} more: the CSV lists everyone.
        </Text>
      ) : null}
    </>
  )
}

export function DashboardFilters({ filters }: { filters: DashboardFilterView }) {
  return (
    <Form method="get" className="filter-bar" aria-label="Filter the dashboard">
      <Flex gap="3" align="end" wrap="wrap">
        <SelectField name="framework" label="Framework" defaultValue={filters.framework ?? ''}>
          {filters.frameworks.map((f) => (
            <option key={f.code} value={f.code}>
              {f.name}
            </option>
          ))}
        </SelectField>
        <TeamSelect teams={filters.teams} value={filters.team} />
        <SelectField name="role" label="Job role" defaultValue={filters.role}>
          <option value="">All job roles</option>
          {filters.jobRoles.map((r) => (
            <option key={r.code} value={r.code}>
              {r.title}
            </option>
          ))}
        </SelectField>
        <FormField
          name="from"
          label="CPD from (month)"
          type="month"
          placeholder="YYYY-MM"
          defaultValue={filters.range.from.slice(0, 7)}
        />
        <FormField
          name="to"
          label="CPD to (month)"
          type="month"
          placeholder="YYYY-MM"
          defaultValue={filters.range.to.slice(0, 7)}
        />
        <Button type="submit" size="3">
          Show
        </Button>
      </Flex>
    </Form>
  )
}
