import { Button, Card, Flex, Heading, Table, Text } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { authorize, authorizeVisible, requirePermission } from '#app/auth/guard.server'
import {
  ApprenticeshipStatusBadge,
  PaceBadge,
  ReviewBadge,
  describeReview,
} from '#app/components/apprenticeships/badges'
import { EmptyState } from '#app/components/empty-state'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField, SelectField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm, formValues } from '#app/lib/forms'
import { listApprenticeships, listStartCandidates } from '#app/models/apprenticeship/queries.server'
import { APPRENTICESHIP_RULES } from '#app/models/apprenticeship/rules.data'
import { STATUS_LABELS } from '#app/models/apprenticeship/statuses.rules'
import {
  STAGE_FILTERS,
  readStageFilter,
  startApprenticeshipSchema,
} from '#app/models/apprenticeship/apprenticeship.schema'
import { startApprenticeship } from '#app/models/apprenticeship/programme.server'
import { formatHours } from '#app/lib/hours'
import { getPersonSubject } from '#app/models/people/users.server'
import { replyToRuleError, readForm } from '#app/lib/http.server'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { FormTokenInput } from '#app/components/form-token-input'
import { submitOnce } from '#app/models/shared/form-submission.server'

export const meta: MetaFunction = () => [{ title: 'Apprenticeships – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'apprenticeships.list')
  const stage = readStageFilter(new URL(request.url).searchParams.get('stage'))
  const [apprenticeships, candidates] = await Promise.all([
    listApprenticeships(context.db, { actor: user, stage }),
    listStartCandidates(context.db, user),
  ])
  return { apprenticeships, candidates, stage, formToken: newFormToken() }
}

const LABELS = {
  personId: 'Person',
  standardCode: 'Apprenticeship standard',
  provider: 'Training provider',
  startsOn: 'Start date',
  plannedEndOn: 'Planned end date',
  weeklyHours: 'Contracted hours a week',
  agedNineteenPlus: 'Age at the start',
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'apprenticeships.list')
  const form = await readForm(request)
  const token = readFormToken(form)
  const parsed = parseForm(form, startApprenticeshipSchema)
  if (!parsed.ok || !token.ok) {
    const fieldErrors = withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors)
    return data({ fieldErrors, values: formValues(form) }, { status: 400 })
  }
  const subject = await getPersonSubject(context.db, parsed.data.personId)
  authorizeVisible(user, 'apprenticeship.read', subject)
  authorize(user, 'apprenticeship.manage', subject)
  const { weeklyHours, agedNineteenPlus, ...fields } = parsed.data
  try {
    const { result: id } = await submitOnce(
      context.db,
      { token: token.token, userId: user.id, kind: 'apprenticeship' },
      (trx) =>
        startApprenticeship(trx, {
          ...fields,
          weeklyMinutes: weeklyHours,
          agedNineteenPlusAtStart: agedNineteenPlus === 'yes',
          actorId: user.id,
        }),
    )
    return await redirectWithFlash(context.env, `/apprenticeships/${id}`, {
      message: 'Apprenticeship started.',
      kind: 'success',
    })
  } catch (error) {
    return replyToRuleError(error, formValues(form))
  }
}

const STAGE_LABELS: Record<string, string> = {
  open: 'All in progress',
  all: 'All, including finished',
  ...STATUS_LABELS,
}

export default function ApprenticeshipsPage() {
  const { apprenticeships, candidates, stage, formToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  return (
    <>
      <PageHeader
        title="Apprenticeships"
        lead="Progress of each apprentice against their plan: off-the-job hours, reviews, placements and gateway."
      />
      <Form method="get" aria-label="Filter apprenticeships" className="filters">
        <SelectField name="stage" label="Stage" defaultValue={stage}>
          {['open', ...STAGE_FILTERS.filter((s) => s !== 'open'), 'all'].map((value) => (
            <option key={value} value={value}>
              {STAGE_LABELS[value]}
            </option>
          ))}
        </SelectField>
        <div>
          <Button type="submit" size="3">
            Show
          </Button>
        </div>
      </Form>

      {apprenticeships.length === 0 ? (
        <EmptyState title={stage === 'open' ? 'No apprenticeships in progress' : 'No apprenticeships at this stage'}>
          {candidates.length > 0
            ? 'Start an apprenticeship for one of your people with the form below.'
            : 'When one of your people starts an apprenticeship, their progress will show here.'}
        </EmptyState>
      ) : (
        <TableFrame label={`Apprenticeships: ${STAGE_LABELS[stage]}`}>
          <Table.Root variant="surface">
            <caption className="visually-hidden">Apprenticeships: {STAGE_LABELS[stage]}</caption>
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell scope="col">Apprentice</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell scope="col">Stage</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell scope="col">Off-the-job hours</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell scope="col">Progress reviews</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell scope="col">Placement</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell scope="col">Gateway</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {apprenticeships.map((a) => (
                <Table.Row key={a.id}>
                  <Table.RowHeaderCell>
                    <Link to={`/apprenticeships/${a.id}`} className="target-24">
                      {a.personName}
                    </Link>
                    <Text as="p" size="1" color="gray" highContrast>
                      {a.standardCode} · {a.provider} · since {formatUkDate(a.startsOn)}
                    </Text>
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    <ApprenticeshipStatusBadge status={a.status} />
                  </Table.Cell>
                  <Table.Cell>
                    <Flex direction="column" gap="1" align="start">
                      <PaceBadge pace={a.pace} />
                      <Text size="1">
                        {formatHours(a.loggedMinutes)} of {formatHours(a.requiredMinutes)} hours expected
                      </Text>
                    </Flex>
                  </Table.Cell>
                  <Table.Cell>
                    <Flex direction="column" gap="1" align="start">
                      <ReviewBadge review={a.review} />
                      <Text size="1">{describeReview(a.review)}</Text>
                    </Flex>
                  </Table.Cell>
                  <Table.Cell>{a.placementPercent === null ? 'Not required' : `${a.placementPercent}%`}</Table.Cell>
                  <Table.Cell>{a.gatewayOutstanding === 0 ? 'Ready' : `${a.gatewayOutstanding} to do`}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </TableFrame>
      )}

      <Card size="3" mt="6" asChild>
        <section aria-labelledby="start-title">
          <Heading as="h2" size="5" mb="2" id="start-title">
            Start an apprenticeship
          </Heading>
          {candidates.length === 0 ? (
            <Text as="p" size="2">
              Everyone you can start an apprenticeship for already has one in progress, or nobody is linked to you as
              their supervisor yet.
            </Text>
          ) : (
            <Form method="post" className="form-stack" noValidate key={formToken}>
              <FormTokenInput token={formToken} error={errors.formToken} />
              <ErrorSummary errors={errors} labels={LABELS} />
              <SelectField
                name="personId"
                label={LABELS.personId}
                defaultValue={values.personId ?? ''}
                error={errors.personId}
              >
                <option value="">Choose a person</option>
                {candidates.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                    {person.jobRoleTitle ? ` (${person.jobRoleTitle})` : ''}
                  </option>
                ))}
              </SelectField>
              <SelectField
                name="standardCode"
                label={LABELS.standardCode}
                defaultValue={values.standardCode ?? 'ST0517'}
                error={errors.standardCode}
              >
                {APPRENTICESHIP_RULES.standards
                  .filter((s) => !s.retired)
                  .map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.title} ({s.code}, level {s.level})
                    </option>
                  ))}
              </SelectField>
              <FormField
                name="provider"
                label={LABELS.provider}
                hint="The university or college delivering the training."
                defaultValue={values.provider ?? ''}
                error={errors.provider}
                maxLength={200}
              />
              <div className="field-row">
                <FormField
                  name="startsOn"
                  label={LABELS.startsOn}
                  type="date"
                  defaultValue={values.startsOn ?? ''}
                  error={errors.startsOn}
                />
                <FormField
                  name="plannedEndOn"
                  label={LABELS.plannedEndOn}
                  type="date"
                  defaultValue={values.plannedEndOn ?? ''}
                  error={errors.plannedEndOn}
                />
              </div>
              <FormField
                name="weeklyHours"
                label={LABELS.weeklyHours}
                hint="30 hours or more is full-time, which sets the off-the-job rule."
                inputMode="decimal"
                defaultValue={values.weeklyHours ?? ''}
                error={errors.weeklyHours}
              />
              <SelectField
                name="agedNineteenPlus"
                label={LABELS.agedNineteenPlus}
                hint="From 11 February 2025, English and maths are optional for apprentices who were 19 or over at the start."
                defaultValue={values.agedNineteenPlus ?? ''}
                error={errors.agedNineteenPlus}
              >
                <option value="">Choose</option>
                <option value="yes">19 or over at the start</option>
                <option value="no">Under 19 at the start</option>
              </SelectField>
              <div>
                <Button type="submit" size="3">
                  Start apprenticeship
                </Button>
              </div>
            </Form>
          )}
        </section>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
