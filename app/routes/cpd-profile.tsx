import { Button, Card, Flex, Heading, Link as ThemeLink, Table, Text } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Fragment, useEffect, useState } from 'react'
import { requirePermission } from '#app/auth/guard.server'
import { PrintedProfile } from '#app/components/cpd/printed-profile'
import { ReadinessPanel } from '#app/components/cpd/readiness-panel'
import { WrittenPart } from '#app/components/cpd/written-part'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField, TextAreaField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { STATEMENT_WORDS_MAX, SUMMARY_WORDS_MAX } from '#app/models/cpd-profile/cpd-profile.rules'
import { GAP_EXPLANATION_MAX, parseProfileForm } from '#app/models/cpd-profile/cpd-profile.schema'
import { loadCpdProfileView, saveCpdProfile } from '#app/models/cpd-profile/cpd-profile.server'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'
import { formatHours } from '#app/lib/hours'
import { readForm } from '#app/lib/http.server'

export const meta: MetaFunction = () => [{ title: 'Your HCPC CPD profile – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'evidence.create')
  const today = todayInLondon()
  const view = await loadCpdProfileView(context.db, { ownerId: user.id, today })
  return { ...view, today, name: user.name }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'evidence.create')
  const parsed = parseProfileForm(await readForm(request))
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, profile: parsed.profile }, { status: 400 })
  await saveCpdProfile(context.db, { ownerId: user.id, profile: parsed.profile })
  return redirectWithFlash(context.env, '/cpd-profile', { message: 'Profile saved.', kind: 'success' })
}

function PrintButton() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  if (!hydrated) return null
  return (
    <Button type="button" variant="soft" size="3" onClick={() => window.print()}>
      Print or save as PDF
    </Button>
  )
}

export default function CpdProfilePage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const profile = actionData?.profile ?? loaded.profile
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const chosen = new Set(profile.chosenEvidenceIds)
  const chosenActivities = loaded.activities.filter((a) => chosen.has(a.id))
  const shown = new Set<string>()
  const gapBefore = (startsOn: string) =>
    loaded.gaps.filter((gap) => gap.to < startsOn.slice(0, 7) && !shown.has(gap.from))
  const gapRow = (gap: (typeof loaded.gaps)[number]) => {
    shown.add(gap.from)
    return (
      <Table.Row key={`gap-${gap.from}`} className="gap-row">
        <Table.Cell colSpan={5}>
          <TextAreaField
            name={`gap.${gap.from}`}
            label={`Gap of ${gap.months} months with no CPD (${formatUkDate(`${gap.from}-01`).slice(2)} to ${formatUkDate(`${gap.to}-01`).slice(2)}): explain it`}
            hint="For example illness, parental leave or a career break. HCPC asks for an explanation of any gap of three months or more."
            defaultValue={profile.gapExplanations[gap.from] ?? ''}
            maxLength={GAP_EXPLANATION_MAX}
            error={errors[`gap.${gap.from}`]}
            rows={2}
          />
        </Table.Cell>
      </Table.Row>
    )
  }
  return (
    <>
      <PrintedProfile
        name={loaded.name}
        period={{ from: loaded.profile.periodFrom, to: loaded.profile.periodTo }}
        summary={loaded.profile.summary}
        statement={loaded.profile.statement}
        activities={loaded.activities}
        gaps={loaded.gaps}
        explanations={loaded.profile.gapExplanations}
        chosenIds={loaded.profile.chosenEvidenceIds}
      />
      <div className="screen-only">
        <PageHeader
          title="Your HCPC CPD profile"
          lead="If HCPC selects you for audit, this is what you send: a summary of your practice, a dated list of your CPD, a statement of how you meet the standards, and supporting evidence. Write in the first person."
          actions={
            <>
              <Button asChild variant="soft" size="3">
                <a href="/cpd-profile.pdf" download className="target-24">
                  Download PDF
                </a>
              </Button>
              <PrintButton />
            </>
          }
        />
        <ReadinessPanel checks={loaded.readiness} />
        <Form method="post" className="form-stack form-wide" noValidate>
          <ErrorSummary
            errors={errors}
            labels={{ periodFrom: 'Period from', periodTo: 'Period to', summary: 'Summary', statement: 'Statement' }}
          />
          <fieldset className="form-group">
            <legend>Period</legend>
            <Text as="p" size="2">
              HCPC asks about the time since your last renewal; with your registration recorded, the dates start there.
              Change them if yours differ.
            </Text>
            <div className="field-row">
              <FormField
                name="periodFrom"
                label="From"
                type="date"
                defaultValue={profile.periodFrom}
                error={errors.periodFrom}
              />
              <FormField
                name="periodTo"
                label="To"
                type="date"
                defaultValue={profile.periodTo}
                error={errors.periodTo}
              />
            </div>
          </fieldset>

          <WrittenPart
            name="summary"
            heading="1. Summary of your practice history"
            label="Summary (up to 500 words)"
            hint="Your role, responsibilities, specialist areas and the people you work with."
            limit={SUMMARY_WORDS_MAX}
            value={profile.summary}
            error={errors.summary}
            rows={8}
          />

          <section aria-labelledby="list-title">
            <Heading as="h2" size="5" mb="2" id="list-title">
              2. Your CPD activities in this period
            </Heading>
            {loaded.activities.length === 0 ? (
              <Text as="p" size="2">
                No dated entries in this period. <Link to="/evidence/new">Add an entry</Link> or change the period.
              </Text>
            ) : (
              <TableFrame labelledBy="list-title">
                <Table.Root variant="surface" size="1" className="profile-activities">
                  <caption className="table-caption">Tick 4 to 6 activities to describe in your statement</caption>
                  <Table.Header>
                    <Table.Row>
                      <Table.ColumnHeaderCell>Use</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell>Date</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell>Activity</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell>Type</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell justify="end">Hours</Table.ColumnHeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {loaded.activities.map((activity) => (
                      <Fragment key={activity.id}>
                        {gapBefore(activity.startsOn).map(gapRow)}
                        <Table.Row>
                          <Table.Cell>
                            <input
                              type="checkbox"
                              name="chosen"
                              value={activity.id}
                              defaultChecked={chosen.has(activity.id)}
                              aria-label={`Use “${activity.title}” in the statement`}
                            />
                          </Table.Cell>
                          <Table.Cell>{formatUkDate(activity.startsOn)}</Table.Cell>
                          <Table.RowHeaderCell>
                            <Link to={`/evidence/${activity.id}`}>{activity.title}</Link>
                            {activity.status === 'draft' ? ' (draft)' : ''}
                          </Table.RowHeaderCell>
                          <Table.Cell>
                            {activity.activityType
                              ? ACTIVITY_TYPES[activity.activityType as keyof typeof ACTIVITY_TYPES]
                              : 'Not set'}
                          </Table.Cell>
                          <Table.Cell justify="end">{activity.minutes ? formatHours(activity.minutes) : ''}</Table.Cell>
                        </Table.Row>
                      </Fragment>
                    ))}
                    {loaded.gaps.filter((gap) => !shown.has(gap.from)).map(gapRow)}
                  </Table.Body>
                </Table.Root>
              </TableFrame>
            )}
          </section>

          <WrittenPart
            name="statement"
            heading="3. Statement of how you meet the standards"
            label="Statement (up to 1,500 words)"
            hint="Mostly standards 3 and 4: for each chosen activity, what you did, what you learned, and how it benefited your practice and the people who use your service."
            limit={STATEMENT_WORDS_MAX}
            value={profile.statement}
            error={errors.statement}
            rows={14}
          />
          <div>
            <Button type="submit" size="3" disabled={navigation.state === 'submitting'}>
              Save profile
            </Button>
          </div>
        </Form>

        <Card size="2" mt="6" asChild>
          <section aria-labelledby="evidence-title">
            <Heading as="h2" size="5" mb="2" id="evidence-title">
              4. Supporting evidence
            </Heading>
            {chosenActivities.length === 0 ? (
              <Text as="p" size="2">
                Tick the activities you describe in your statement; their attachments are listed here.
              </Text>
            ) : (
              <ul className="version-list">
                {chosenActivities.map((activity) => (
                  <li key={activity.id}>
                    <Text size="2" weight="bold">
                      {activity.title}
                    </Text>{' '}
                    {activity.files.length === 0 ? (
                      <Text size="2">: no files attached</Text>
                    ) : (
                      <Flex gap="3" wrap="wrap" asChild>
                        <span>
                          {activity.files.map((file) => (
                            <ThemeLink key={file.id} asChild size="2">
                              <a href={`/evidence/${activity.id}/files/${file.id}`}>{file.fileName}</a>
                            </ThemeLink>
                          ))}
                        </span>
                      </Flex>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
