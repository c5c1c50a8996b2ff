import { Button, Card, Heading, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { ConfirmForm } from '#app/components/confirm-form'
import { FormField, SelectField } from '#app/components/form-field'
import { LINK_FIELD_LABELS, type PersonOption } from '#app/models/supervision/supervision.schema'
import { FormTokenInput } from '#app/components/form-token-input'

/** What a failed submit sent back to one of the link forms: the errors and the typed values. */
export interface LinkFormEcho {
  errors: Record<string, string>
  values: Record<string, string>
  /** The action asks to confirm before it acts. */
  asked?: boolean
}

/** A current or future link, as the end and hand-over forms offer it. */
export interface LinkChoice {
  id: string
  label: string
}

function personOptions(people: readonly PersonOption[]) {
  return people.map((p) => (
    <option key={p.id} value={p.id}>
      {p.name}
    </option>
  ))
}

function linkOptions(links: readonly LinkChoice[]) {
  return links.map((l) => (
    <option key={l.id} value={l.id}>
      {l.label}
    </option>
  ))
}

/** Starts a link between a supervisor and a person. */
export function AddLinkForm({
  formToken,
  people,
  today,
  echo: { errors, values },
}: {
  formToken: string
  people: readonly PersonOption[]
  today: string
  echo: LinkFormEcho
}) {
  return (
    <Card size="3" asChild>
      <section aria-labelledby="start-title">
        <Heading as="h2" size="4" mb="3" id="start-title">
          Add a link
        </Heading>
        <ErrorSummary errors={errors} labels={LINK_FIELD_LABELS} />
        <Form method="post" className="form-stack">
          <input type="hidden" name="intent" value="start-link" />
          <FormTokenInput token={formToken} error={errors.formToken} />
          <SelectField
            name="supervisorId"
            label={LINK_FIELD_LABELS.supervisorId}
            hint="Only people with the supervisor role are listed"
            defaultValue={values.supervisorId ?? ''}
            error={errors.supervisorId}
          >
            <option value="">Choose a supervisor</option>
            {personOptions(people.filter((p) => p.isSupervisor))}
          </SelectField>
          <SelectField
            name="superviseeId"
            label={LINK_FIELD_LABELS.superviseeId}
            defaultValue={values.superviseeId ?? ''}
            error={errors.superviseeId}
          >
            <option value="">Choose a person</option>
            {personOptions(people.filter((p) => !p.isAdmin))}
          </SelectField>
          <FormField
            name="startsOn"
            type="date"
            label={LINK_FIELD_LABELS.startsOn}
            defaultValue={values.startsOn ?? today}
            error={errors.startsOn}
          />
          <FormField
            name="endsOn"
            type="date"
            label={`${LINK_FIELD_LABELS.endsOn} (optional)`}
            hint="The last day of supervision, if it is already known"
            defaultValue={values.endsOn ?? ''}
            error={errors.endsOn}
          />
          <div>
            <Button type="submit">Add link</Button>
          </div>
        </Form>
      </section>
    </Card>
  )
}

/** Ends a link, or hands it over to another supervisor; either way the earlier link stays in the history. */
export function EndOrHandOverForms({
  links,
  people,
  today,
  chosenLink,
  end,
  handOver,
}: {
  /** The links that have not ended. */
  links: readonly LinkChoice[]
  people: readonly PersonOption[]
  today: string
  /** The link picked in the table, chosen in both forms. */
  chosenLink: string
  end: LinkFormEcho
  handOver: LinkFormEcho
}) {
  return (
    <Card size="3" asChild>
      <section aria-labelledby="change-title">
        <Heading as="h2" size="4" mb="3" id="change-title">
          End a link or hand over
        </Heading>
        {links.length === 0 ? (
          <Text as="p" size="2">
            There are no current links to change.
          </Text>
        ) : (
          <>
            <ErrorSummary errors={{ ...end.errors, ...handOver.errors }} labels={LINK_FIELD_LABELS} />
            <section aria-labelledby="end-legend" className="form-stack">
              <Heading as="h3" size="3" id="end-legend">
                End a link
              </Heading>
              <ConfirmForm
                hidden={{ intent: 'end-link' }}
                triggerLabel="End link"
                title="End this supervision link?"
                description={
                  <p>
                    From the day after the last day, the supervisor no longer sees the person’s records or decides their
                    sign-offs, and the person needs a new supervisor. The link stays in the history.
                  </p>
                }
                confirmLabel="Yes, end link"
                asked={end.asked}
                cancelTo="/admin/supervision"
              >
                <SelectField
                  name="endLinkId"
                  label={LINK_FIELD_LABELS.endLinkId}
                  defaultValue={end.values.endLinkId ?? chosenLink}
                  error={end.errors.endLinkId}
                >
                  <option value="">Choose a link</option>
                  {linkOptions(links)}
                </SelectField>
                <FormField
                  name="lastDay"
                  type="date"
                  label={LINK_FIELD_LABELS.lastDay}
                  defaultValue={end.values.lastDay ?? today}
                  error={end.errors.lastDay}
                />
              </ConfirmForm>
            </section>
            <Form method="post" className="form-stack" aria-labelledby="handover-legend">
              <Heading as="h3" size="3" id="handover-legend" mt="5">
                Change supervisor
              </Heading>
              <input type="hidden" name="intent" value="change-supervisor" />
              <SelectField
                name="changeLinkId"
                label={LINK_FIELD_LABELS.changeLinkId}
                defaultValue={handOver.values.changeLinkId ?? chosenLink}
                error={handOver.errors.changeLinkId}
              >
                <option value="">Choose a link</option>
                {linkOptions(links)}
              </SelectField>
              <SelectField
                name="newSupervisorId"
                label={LINK_FIELD_LABELS.newSupervisorId}
                defaultValue={handOver.values.newSupervisorId ?? ''}
                error={handOver.errors.newSupervisorId}
              >
                <option value="">Choose a supervisor</option>
                {personOptions(people.filter((p) => p.isSupervisor))}
              </SelectField>
              <FormField
                name="changeOn"
                type="date"
                label={LINK_FIELD_LABELS.changeOn}
                hint="The old link ends the day before"
                defaultValue={handOver.values.changeOn ?? today}
                error={handOver.errors.changeOn}
              />
              <div>
                <Button type="submit">Change supervisor</Button>
              </div>
            </Form>
          </>
        )}
      </section>
    </Card>
  )
}

/** Records when a person qualified or first registered, which the newly-qualified schedule follows. */
export function QualifiedOnForm({
  people,
  today,
  echo: { errors, values },
}: {
  people: readonly PersonOption[]
  today: string
  echo: LinkFormEcho
}) {
  return (
    <Card size="3" asChild>
      <section aria-labelledby="qualified-title">
        <Heading as="h2" size="4" mb="3" id="qualified-title">
          Qualification date
        </Heading>
        <Text as="p" size="2" mb="3">
          A newly qualified OT is supervised more often for the first six months after qualifying or first registering.
          Record the date so the schedule follows it.
        </Text>
        <ErrorSummary errors={errors} labels={LINK_FIELD_LABELS} />
        <Form method="post" className="form-stack">
          <input type="hidden" name="intent" value="set-qualified" />
          <SelectField
            name="personId"
            label={LINK_FIELD_LABELS.personId}
            defaultValue={values.personId ?? ''}
            error={errors.personId}
          >
            <option value="">Choose a person</option>
            {personOptions(people)}
          </SelectField>
          <FormField
            name="qualifiedOn"
            type="date"
            label={LINK_FIELD_LABELS.qualifiedOn}
            max={today}
            defaultValue={values.qualifiedOn ?? ''}
            error={errors.qualifiedOn}
          />
          <div>
            <Button type="submit">Save date</Button>
          </div>
        </Form>
      </section>
    </Card>
  )
}
