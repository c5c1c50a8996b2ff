import { Button, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField, SelectField, TextAreaField } from '#app/components/form-field'
import { FormTokenInput } from '#app/components/form-token-input'
import { formatUkDate } from '#app/lib/dates'
import { type ApprenticeshipStatus, STATUS_LABELS } from '#app/models/apprenticeship/statuses.rules'
import { type GatewayReadiness } from '#app/models/apprenticeship/progress.rules'
import {
  ACTIVITY_MAX,
  NOTES_MAX,
  OTJ_HOURS_PER_DAY_MAX,
  PROVIDER_MAX,
  RESULT_MAX,
} from '#app/models/apprenticeship/apprenticeship.schema'

/** What a failed submit sent back: the errors and the typed values, for the form it came from. */
export interface FormEcho {
  errors: Record<string, string>
  values: Record<string, string>
}

export const NONE: FormEcho = { errors: {}, values: {} }

export function Submit({ intent, children }: { intent: string; children: string }) {
  return (
    <div>
      <Button type="submit" name="intent" value={intent} size="3">
        {children}
      </Button>
    </div>
  )
}

export function OffTheJobForm({
  formToken,
  echo = NONE,
  evidence,
  today,
}: {
  formToken: string
  echo?: FormEcho
  evidence: { id: string; title: string; startsOn: string | null }[]
  today: string
}) {
  const { errors, values } = echo
  return (
    <Form method="post" className="form-stack" noValidate aria-labelledby="otj-form-title">
      <FormTokenInput token={formToken} error={errors.formToken} />
      <Text as="p" weight="bold" id="otj-form-title">
        Log off-the-job training
      </Text>
      <ErrorSummary errors={errors} labels={{ otjDate: 'Date', otjHours: 'Hours', otjActivity: 'Activity' }} />
      <div className="field-row">
        <FormField
          name="otjDate"
          label="Date"
          type="date"
          max={today}
          defaultValue={values.otjDate ?? ''}
          error={errors.otjDate}
        />
        <FormField
          name="otjHours"
          label="Hours"
          hint={`In quarter hours, like 1.5; at most ${OTJ_HOURS_PER_DAY_MAX} in a day`}
          inputMode="decimal"
          defaultValue={values.otjHours ?? ''}
          error={errors.otjHours}
        />
      </div>
      <FormField
        name="otjActivity"
        label="Activity"
        hint="What the training was, as named in the training plan."
        maxLength={ACTIVITY_MAX}
        defaultValue={values.otjActivity ?? ''}
        error={errors.otjActivity}
      />
      <SelectField
        name="otjEvidenceId"
        label="Linked CPD entry (optional)"
        defaultValue={values.otjEvidenceId ?? ''}
        error={errors.otjEvidenceId}
      >
        <option value="">No linked entry</option>
        {evidence.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.title}
            {entry.startsOn ? ` (${formatUkDate(entry.startsOn)})` : ''}
          </option>
        ))}
      </SelectField>
      <Submit intent="log-otj">Log hours</Submit>
    </Form>
  )
}

export function PlacementForm({
  formToken,
  echo = NONE,
  today,
}: {
  formToken: string
  echo?: FormEcho
  today: string
}) {
  const { errors, values } = echo
  return (
    <Form method="post" className="form-stack" noValidate aria-labelledby="placement-form-title">
      <FormTokenInput token={formToken} error={errors.formToken} />
      <Text as="p" weight="bold" id="placement-form-title">
        Log placement hours
      </Text>
      <ErrorSummary
        errors={errors}
        labels={{
          placementSetting: 'Placement setting',
          placementFrom: 'First day',
          placementTo: 'Last day',
          placementHours: 'Placement hours',
        }}
      />
      <FormField
        name="placementSetting"
        label="Placement setting"
        hint="Where, and which service: outside the apprentice’s usual role."
        maxLength={PROVIDER_MAX}
        defaultValue={values.placementSetting ?? ''}
        error={errors.placementSetting}
      />
      <div className="field-row">
        <FormField
          name="placementFrom"
          label="First day"
          type="date"
          max={today}
          defaultValue={values.placementFrom ?? ''}
          error={errors.placementFrom}
        />
        <FormField
          name="placementTo"
          label="Last day"
          type="date"
          max={today}
          defaultValue={values.placementTo ?? ''}
          error={errors.placementTo}
        />
      </div>
      <FormField
        name="placementHours"
        label="Placement hours"
        inputMode="decimal"
        defaultValue={values.placementHours ?? ''}
        error={errors.placementHours}
      />
      <Submit intent="log-placement">Log placement</Submit>
    </Form>
  )
}

export function ReviewForm({ formToken, echo = NONE, today }: { formToken: string; echo?: FormEcho; today: string }) {
  const { errors, values } = echo
  return (
    <Form method="post" className="form-stack" noValidate aria-labelledby="review-form-title">
      <FormTokenInput token={formToken} error={errors.formToken} />
      <Text as="p" weight="bold" id="review-form-title">
        Record a progress review
      </Text>
      <ErrorSummary
        errors={errors}
        labels={{
          reviewHeldOn: 'Date held',
          reviewNextOn: 'Next review',
          reviewProvider: 'For the training provider',
          reviewNotes: 'Notes',
          reviewThreeWay: 'Three-way',
        }}
      />
      <div className="field-row">
        <FormField
          name="reviewHeldOn"
          label="Date held"
          type="date"
          max={today}
          defaultValue={values.reviewHeldOn ?? ''}
          error={errors.reviewHeldOn}
        />
        <FormField
          name="reviewNextOn"
          label="Next review"
          hint="Within 12 weeks."
          type="date"
          defaultValue={values.reviewNextOn ?? ''}
          error={errors.reviewNextOn}
        />
      </div>
      <FormField
        name="reviewProvider"
        label="For the training provider"
        hint="Who took part for the university or college."
        maxLength={PROVIDER_MAX}
        defaultValue={values.reviewProvider ?? ''}
        error={errors.reviewProvider}
      />
      <TextAreaField
        name="reviewNotes"
        label="Notes"
        hint="Progress against the plan, off-the-job slippage, concerns and agreed actions."
        maxLength={NOTES_MAX}
        defaultValue={values.reviewNotes ?? ''}
        error={errors.reviewNotes}
      />
      <Checkbox
        name="reviewThreeWay"
        label="The apprentice, the employer and the training provider all took part"
        defaultChecked={values.reviewThreeWay === 'on'}
        error={errors.reviewThreeWay}
      />
      <Submit intent="record-review">Record review</Submit>
    </Form>
  )
}

/** A native checkbox with its label, and its error tied to it. */
function Checkbox({
  name,
  label,
  defaultChecked,
  error,
}: {
  name: string
  label: string
  defaultChecked: boolean
  error?: string
}) {
  const id = `field-${name}`
  return (
    <div className="form-field" data-invalid={error ? 'true' : undefined}>
      {error ? (
        <Text as="p" id={`${id}-error`} size="2" color="red" className="form-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </Text>
      ) : null}
      <Text as="label" size="2" className="target-24">
        <input
          type="checkbox"
          id={id}
          name={name}
          defaultChecked={defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />{' '}
        {label}
      </Text>
    </div>
  )
}

export function GatewayForm({ readiness, inPlan }: { readiness: GatewayReadiness; inPlan: boolean }) {
  return (
    <Form method="post" className="form-stack" aria-labelledby="gateway-form-title">
      <Text as="p" weight="bold" id="gateway-form-title">
        Update the gateway checklist
      </Text>
      {readiness.items.map((item) => (
        <Checkbox
          key={item.item}
          name={item.item}
          label={item.required ? item.label : `${item.label} (optional for this apprentice)`}
          defaultChecked={Boolean(item.doneOn)}
        />
      ))}
      {readiness.items.some((item) => item.item === 'englishMaths') ? (
        <Checkbox
          name="englishMathsInPlan"
          label="English and maths are in the training plan by choice"
          defaultChecked={inPlan}
        />
      ) : null}
      <Submit intent="save-gateway">Save checklist</Submit>
    </Form>
  )
}

export function StatusForm({
  echo = NONE,
  next,
  today,
}: {
  echo?: FormEcho
  next: readonly ApprenticeshipStatus[]
  today: string
}) {
  const { errors, values } = echo
  return (
    <Form method="post" className="form-stack" noValidate aria-labelledby="status-form-title">
      <Text as="p" weight="bold" id="status-form-title">
        Change the status
      </Text>
      <ErrorSummary errors={errors} labels={{ newStatus: 'New status', statusOn: 'From', statusNote: 'Note' }} />
      <SelectField name="newStatus" label="New status" defaultValue={values.newStatus ?? ''} error={errors.newStatus}>
        <option value="">Choose</option>
        {next.map((status) => (
          <option key={status} value={status}>
            {status === 'on-programme' ? 'Back on programme' : STATUS_LABELS[status]}
          </option>
        ))}
      </SelectField>
      <FormField
        name="statusOn"
        label="From"
        type="date"
        max={today}
        defaultValue={values.statusOn ?? today}
        error={errors.statusOn}
      />
      <FormField
        name="statusNote"
        label="Note (optional)"
        maxLength={ACTIVITY_MAX}
        defaultValue={values.statusNote ?? ''}
        error={errors.statusNote}
      />
      <Submit intent="change-status">Change status</Submit>
    </Form>
  )
}

export function CompletionForm({
  echo = NONE,
  today,
  becomes,
}: {
  echo?: FormEcho
  today: string
  becomes: string | null
}) {
  const { errors, values } = echo
  return (
    <Form method="post" className="form-stack" noValidate aria-labelledby="completion-form-title">
      <Text as="p" weight="bold" id="completion-form-title">
        Record the result
      </Text>
      {becomes ? (
        <Text as="p" size="2">
          Recording the result makes them {becomes} in the portal, with an HCPC registration to record. Their evidence
          and sign-offs are kept as they are.
        </Text>
      ) : null}
      <ErrorSummary errors={errors} labels={{ completedOn: 'Date confirmed', result: 'Result' }} />
      <FormField
        name="completedOn"
        label="Date confirmed"
        type="date"
        max={today}
        defaultValue={values.completedOn ?? ''}
        error={errors.completedOn}
      />
      <FormField
        name="result"
        label="Result"
        hint="As the end-point assessment board confirmed it, for example the degree classification."
        maxLength={RESULT_MAX}
        defaultValue={values.result ?? ''}
        error={errors.result}
      />
      <Submit intent="complete">Record result</Submit>
    </Form>
  )
}
