import { Button, Callout, Card, DataList, Flex, Heading, Text, TextField } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize, requirePermission } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RegistrationStatusBadge } from '#app/components/registration/status-badge'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, formatUkDateTime, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm, formValues } from '#app/lib/forms'
import { forbidden, invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { getCalendarFeedInfo, resetCalendarFeed } from '#app/models/registration/calendar-feed.server'
import { checkRegistrationNumber, professionForJob } from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { registrationFormSchema } from '#app/models/registration/registration.schema'
import {
  getRegistration,
  listRegistrationHistory,
  saveRegistration,
} from '#app/models/registration/registration.server'
import { getPersonSubject } from '#app/models/people/users.server'
import { CopyButton } from '#app/components/copy-button'

export const meta: MetaFunction = () => [{ title: 'Your HCPC registration – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'registration.own')
  const today = todayInLondon()
  const [row, history, feed] = await Promise.all([
    getRegistration(context.db, user.id, today),
    listRegistrationHistory(context.db, user.id),
    getCalendarFeedInfo(context.db, user.id),
  ])
  const me = invariantFound(row)
  const profession = professionForJob(hcpcRules(), me.jobProfession)
  return {
    person: { jobRoleTitle: me.jobRoleTitle, required: me.required },
    record: me.record,
    standing: me.standing,
    history,
    feedCreatedAt: feed?.createdAt ?? null,
    canManageFeed: can(user, 'calendar.manage'),
    profession: { code: profession.code, example: profession.numberExample, name: profession.name },
  }
}

const intentSchema = z.object({ intent: z.enum(['save', 'reset-feed']) })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'registration.own')
  const formData = await readForm(request)
  const intent = intentSchema.safeParse({ intent: formData.get('intent') })
  if (!intent.success) return data({ fieldErrors: { form: 'Choose what to do' }, values: {}, feedUrl: null }, 400)
  if (intent.data.intent === 'reset-feed') {
    if (!can(user, 'calendar.manage')) throw forbidden()
    const token = await resetCalendarFeed(context.db, { personId: user.id, actorId: user.id })
    // Only a hash is kept, so this response is the one chance to show the address.
    const feedUrl = `${new URL(request.url).origin}/calendar/${token}.ics`
    return data({ fieldErrors: {} as Record<string, string>, values: {}, feedUrl })
  }
  const subject = invariantFound(await getPersonSubject(context.db, user.id))
  authorize(user, 'registration.update', subject)
  const parsed = parseForm(formData, registrationFormSchema)
  if (!parsed.ok) {
    // Report a malformed number alongside the date errors rather than after they are fixed.
    const me = invariantFound(await getRegistration(context.db, user.id, todayInLondon()))
    const rules = hcpcRules()
    const number = checkRegistrationNumber(rules, professionForJob(rules, me.jobProfession), parsed.values.number ?? '')
    const fieldErrors = { ...parsed.fieldErrors }
    if (!number.ok && !fieldErrors.number) fieldErrors.number = number.message
    return data({ fieldErrors, values: parsed.values, feedUrl: null }, 400)
  }
  try {
    const outcome = await saveRegistration(context.db, {
      personId: user.id,
      actorId: user.id,
      form: parsed.data,
      today: todayInLondon(),
    })
    const message =
      outcome === 'unchanged' ? 'Nothing changed: those details were already recorded.' : 'Registration saved.'
    return await redirectWithFlash(context.env, '/registration', {
      message,
      kind: outcome === 'unchanged' ? 'info' : 'success',
    })
  } catch (error) {
    return replyToRuleError(error, formValues(formData), { feedUrl: null })
  }
}

const LABELS = { number: 'Registration number', firstRegisteredOn: 'First registered', expiresOn: 'Registration ends' }
const EVENT_LABELS = { recorded: 'Recorded', updated: 'Changed', checked: 'Checked on the HCPC register' }

export default function RegistrationPage() {
  const { person, record, standing, history, feedCreatedAt, canManageFeed, profession } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const value = (name: 'number' | 'firstRegisteredOn' | 'expiresOn') => values[name] ?? record?.[name] ?? ''
  return (
    <>
      <PageHeader
        title="Your HCPC registration"
        lead="Keep your registration current: if it lapses you must stop working as an occupational therapist that day."
      />
      <Card size="3" mb="5" className="registration-status">
        <Flex gap="3" align="center" wrap="wrap" mb="2">
          <Heading as="h2" size="5">
            Where you stand today
          </Heading>
          <RegistrationStatusBadge status={standing.status} label={standing.label} />
        </Flex>
        <Text as="p" size="3" mb="3">
          {standing.explanation}
        </Text>
        {record ? (
          <DataList.Root>
            <DataList.Item>
              <DataList.Label>Registration number</DataList.Label>
              <DataList.Value>{record.number}</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Registration ends</DataList.Label>
              <DataList.Value>{formatUkDate(record.expiresOn)}</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Checked on the HCPC register</DataList.Label>
              <DataList.Value>
                {record.lastCheckedOn
                  ? `${formatUkDate(record.lastCheckedOn)} by ${record.lastCheckedByName ?? 'a former colleague'}`
                  : 'Not yet checked by the service'}
                {standing.checkDue ? ' · a fresh check is due' : ''}
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>CPD audit</DataList.Label>
              <DataList.Value>
                {standing.auditEligible
                  ? 'You can be selected for HCPC’s CPD audit at your next renewal.'
                  : 'Not yet selectable: HCPC audits people registered for two years or more.'}
              </DataList.Value>
            </DataList.Item>
          </DataList.Root>
        ) : null}
      </Card>

      <section aria-labelledby="record-title" className="form-section">
        <Heading as="h2" size="5" mb="2" id="record-title">
          {record ? 'Update your registration' : 'Record your registration'}
        </Heading>
        {!person.required && !record ? (
          <Text as="p" size="2" mb="3">
            Your role ({person.jobRoleTitle ?? 'no job role set'}) does not need HCPC registration. When you qualify and
            register, record it here.
          </Text>
        ) : null}
        <Form method="post" className="form-stack" noValidate>
          <ErrorSummary errors={errors} labels={LABELS} />
          <FormField
            name="number"
            label={LABELS.number}
            hint={`As shown on the HCPC register: ${profession.code} and up to 6 digits, for example ${profession.example}.`}
            defaultValue={value('number')}
            error={errors.number}
            autoComplete="off"
            spellCheck={false}
          />
          <div className="field-row">
            <FormField
              name="firstRegisteredOn"
              label={LABELS.firstRegisteredOn}
              type="date"
              defaultValue={value('firstRegisteredOn')}
              error={errors.firstRegisteredOn}
            />
            <FormField
              name="expiresOn"
              label={LABELS.expiresOn}
              hint="The last day of your current registration period."
              type="date"
              defaultValue={value('expiresOn')}
              error={errors.expiresOn}
            />
          </div>
          <div>
            <Button type="submit" name="intent" value="save" size="3">
              Save registration
            </Button>
          </div>
        </Form>
      </section>

      {canManageFeed ? (
        <section aria-labelledby="feed-title" className="form-section">
          <Heading as="h2" size="5" mb="2" id="feed-title">
            Calendar feed
          </Heading>
          <Text as="p" size="2" mb="3">
            Add your registration end date, renewal window and supervision dates to your own calendar. The address is
            secret: anyone who has it can see those dates. We keep only a fingerprint of it, so it is shown once; make a
            new one if you lose it or think someone else has it, and the old address stops working.
          </Text>
          {actionData?.feedUrl ? (
            <Callout.Root color="green" highContrast mb="3" role="status">
              <Callout.Text>
                <Text as="label" htmlFor="feed-url" weight="bold">
                  Your calendar address (copy it now)
                </Text>
              </Callout.Text>
              <TextField.Root id="feed-url" readOnly value={actionData.feedUrl} size="3" />
              <Flex gap="3" align="center" wrap="wrap">
                <CopyButton value={actionData.feedUrl} label="Copy the address" />
                <a href={actionData.feedUrl.replace(/^https?:/, 'webcal:')}>Open in your calendar app</a>
              </Flex>
            </Callout.Root>
          ) : feedCreatedAt ? (
            <Text as="p" size="2" mb="3">
              Your current address was made on {formatUkDateTime(feedCreatedAt)}.
            </Text>
          ) : null}
          <Form method="post">
            <Button type="submit" name="intent" value="reset-feed" variant="soft" size="3">
              {feedCreatedAt ? 'Make a new calendar address' : 'Make a calendar address'}
            </Button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <Heading as="h2" size="5" mb="2" id="history-title">
          History
        </Heading>
        {history.length === 0 ? (
          <Text as="p" size="2">
            Nothing recorded yet. Your changes and the service’s checks on the HCPC register will be listed here.
          </Text>
        ) : (
          <ul className="history-list">
            {history.map((event) => (
              <li key={event.id}>
                <Text as="p" size="2">
                  <strong>{EVENT_LABELS[event.kind]}</strong> on {formatUkDateTime(event.at)} by {event.actorName}:{' '}
                  {event.number}, ending {formatUkDate(event.expiresOn)}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
