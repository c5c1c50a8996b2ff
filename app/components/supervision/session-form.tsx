import { Button, Heading, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField, SelectField, TextAreaField } from '#app/components/form-field'
import { FormTokenInput } from '#app/components/form-token-input'
import {
  SESSION_FIELD_LABELS,
  SESSION_MINUTES_MAX,
  SESSION_MINUTES_MIN,
  SUPERVISION_ACTION_ROWS,
  SUPERVISION_ACTION_TEXT_MAX,
  SUPERVISION_KINDS,
  SUPERVISION_NOTES_MAX,
} from '#app/models/supervision/supervision.schema'

export interface SessionFormProps {
  /** A fresh one-time token per render; key the form on it so that it starts blank after a save. */
  formToken: string
  personName: string
  today: string
  minimumMinutes: number
  values: Record<string, string>
  errors: Record<string, string>
}

const ROWS = Array.from({ length: SUPERVISION_ACTION_ROWS }, (_, i) => i)

function actionLabels(): Record<string, string> {
  return Object.fromEntries(
    ROWS.flatMap((i) => [
      [`action.${i}.text`, `Action ${i + 1}`],
      [`action.${i}.owner`, `Who does action ${i + 1}`],
      [`action.${i}.dueOn`, `Due date for action ${i + 1}`],
    ]),
  )
}

/** Record-a-session form for a current supervisor; works without JavaScript and keeps input after an error. */
export function SessionForm({ formToken, personName, today, minimumMinutes, values, errors }: SessionFormProps) {
  const labels = { ...SESSION_FIELD_LABELS, ...actionLabels() }
  return (
    <section aria-labelledby="record-title" className="home-section">
      <Heading as="h2" size="5" mb="3" id="record-title">
        Record a session
      </Heading>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="form-stack form-wide">
        <input type="hidden" name="intent" value="record-session" />
        <FormTokenInput token={formToken} error={errors.formToken} />
        <div className="field-row">
          <FormField
            name="heldOn"
            type="date"
            label={labels.heldOn}
            max={today}
            required
            defaultValue={values.heldOn ?? today}
            error={errors.heldOn}
          />
          <SelectField name="kind" label={labels.kind} defaultValue={values.kind ?? 'professional'} error={errors.kind}>
            {Object.entries(SUPERVISION_KINDS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </SelectField>
          <FormField
            name="minutes"
            type="number"
            inputMode="numeric"
            label={labels.minutes}
            hint={`At least ${minimumMinutes} minutes is expected`}
            min={SESSION_MINUTES_MIN}
            max={SESSION_MINUTES_MAX}
            required
            defaultValue={values.minutes ?? String(minimumMinutes)}
            error={errors.minutes}
          />
        </div>
        <TextAreaField
          name="notes"
          label={labels.notes}
          hint={`Only you and ${personName} can read these. Up to ${SUPERVISION_NOTES_MAX.toLocaleString('en-GB')} characters.`}
          rows={6}
          maxLength={SUPERVISION_NOTES_MAX}
          defaultValue={values.notes ?? ''}
          error={errors.notes}
        />
        <FormField
          name="nextOn"
          type="date"
          label={`${labels.nextOn} (optional)`}
          min={today}
          defaultValue={values.nextOn ?? ''}
          error={errors.nextOn}
        />
        <fieldset className="form-group">
          <legend>Agreed actions (optional)</legend>
          <Text as="p" size="2" color="gray" highContrast>
            Actions are seen by you, {personName} and the principal OT. Leave a row empty if you need fewer.
          </Text>
          {ROWS.map((i) => (
            <div className="mapping-row" key={i}>
              <FormField
                name={`action.${i}.text`}
                label={labels[`action.${i}.text`]}
                maxLength={SUPERVISION_ACTION_TEXT_MAX}
                defaultValue={values[`action.${i}.text`] ?? ''}
                error={errors[`action.${i}.text`]}
              />
              <div className="field-row">
                <SelectField
                  name={`action.${i}.owner`}
                  label={labels[`action.${i}.owner`]}
                  defaultValue={values[`action.${i}.owner`] ?? 'supervisee'}
                  error={errors[`action.${i}.owner`]}
                >
                  <option value="supervisee">{personName}</option>
                  <option value="supervisor">You</option>
                </SelectField>
                <FormField
                  name={`action.${i}.dueOn`}
                  type="date"
                  label={labels[`action.${i}.dueOn`]}
                  defaultValue={values[`action.${i}.dueOn`] ?? ''}
                  error={errors[`action.${i}.dueOn`]}
                />
              </div>
            </div>
          ))}
        </fieldset>
        <div>
          <Button type="submit" size="3">
            Record session
          </Button>
        </div>
      </Form>
    </section>
  )
}
