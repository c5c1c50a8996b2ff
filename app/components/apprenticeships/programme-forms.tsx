import { Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField } from '#app/components/form-field'
import { PROVIDER_MAX } from '#app/models/apprenticeship/apprenticeship.schema'
import { type FormEcho, NONE, Submit, CompletionForm, StatusForm } from './forms'
import { type ApprenticeshipStatus, OPEN_STATUSES } from '#app/models/apprenticeship/statuses.rules'
import { formatHours } from '#app/lib/hours'

interface ProgrammeData {
  record: { status: ApprenticeshipStatus; provider: string; plannedEndOn: string; weeklyMinutes: number }
  nextStatuses: readonly ApprenticeshipStatus[]
  becomes: string | null
  today: string
}

/** The forms that manage the programme itself: the next status, the result, and the details while it is open. */
export function ProgrammeForms({
  loaded,
  echo,
}: {
  loaded: ProgrammeData
  echo: { status?: FormEcho; complete?: FormEcho; details?: FormEcho }
}) {
  const { record, today } = loaded
  return (
    <>
      {loaded.nextStatuses.length > 0 ? (
        <StatusForm echo={echo.status} next={loaded.nextStatuses} today={today} />
      ) : null}
      {record.status === 'gateway' || record.status === 'epa' ? (
        <CompletionForm echo={echo.complete} today={today} becomes={loaded.becomes} />
      ) : null}
      {OPEN_STATUSES.includes(record.status) ? (
        <DetailsForm
          echo={echo.details}
          current={{
            provider: record.provider,
            plannedEndOn: record.plannedEndOn,
            weeklyHours: formatHours(record.weeklyMinutes),
          }}
        />
      ) : null}
    </>
  )
}

export function DetailsForm({
  echo = NONE,
  current,
}: {
  echo?: FormEcho
  current: { provider: string; plannedEndOn: string; weeklyHours: string }
}) {
  const { errors, values } = echo
  return (
    <Form method="post" className="form-stack" noValidate aria-labelledby="details-form-title">
      <Text as="p" weight="bold" id="details-form-title">
        Change the programme details
      </Text>
      <ErrorSummary
        errors={errors}
        labels={{
          provider: 'Training provider',
          plannedEndOn: 'Planned end date',
          weeklyHours: 'Contracted hours a week',
        }}
      />
      <FormField
        name="provider"
        label="Training provider"
        maxLength={PROVIDER_MAX}
        defaultValue={values.provider ?? current.provider}
        error={errors.provider}
      />
      <div className="field-row">
        <FormField
          name="plannedEndOn"
          label="Planned end date"
          type="date"
          defaultValue={values.plannedEndOn ?? current.plannedEndOn}
          error={errors.plannedEndOn}
        />
        <FormField
          name="weeklyHours"
          label="Contracted hours a week"
          inputMode="decimal"
          defaultValue={values.weeklyHours ?? current.weeklyHours}
          error={errors.weeklyHours}
        />
      </div>
      <Submit intent="update-details">Save details</Submit>
    </Form>
  )
}
