import { Button, Flex, Text } from '@radix-ui/themes'
import { Form, Link, useNavigation } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { PrivacyWarning } from './privacy-warning'
import { AtStakeWarning } from './signoffs-at-stake'
import type { SignoffAtStake } from '#app/models/signoffs/errors'
import { FormField, SelectField, TextAreaField } from '#app/components/form-field'
import {
  ACTIVITY_TYPES,
  EVIDENCE_FIELD_LABELS,
  EVIDENCE_TEXT_MAX,
  EVIDENCE_TITLE_MAX,
  MAPPING_NOTE_MAX,
  MAPPING_ROWS_NEW,
} from '#app/models/evidence/evidence.schema'
import type { PrivacyFinding } from '#app/models/evidence/privacy-guard.rules'
import { FormTokenInput } from '#app/components/form-token-input'

export interface CapabilityOption {
  id: string
  code: string
  statement: string
  frameworkName: string
  domainName: string
  levelName: string | null
}

export interface EvidenceFormProps {
  /** A new entry's one-time form token (none when editing). */
  formToken?: string
  values: Record<string, string>
  mappings: { capabilityId: string; note: string }[]
  errors: Record<string, string>
  capabilities: CapabilityOption[]
  revision?: number
  today: string
  cancelTo: string
  privacy?: PrivacyFinding[]
  /** Sign-offs the last save would have stopped counting; saving again confirms. */
  atStake?: readonly SignoffAtStake[]
  privacyConfirmed?: boolean
}

function groupByFramework(options: CapabilityOption[]) {
  const groups = new Map<string, CapabilityOption[]>()
  for (const option of options) {
    const key = `${option.frameworkName}: ${option.domainName}`
    groups.set(key, [...(groups.get(key) ?? []), option])
  }
  return [...groups.entries()]
}

function CapabilitySelect({
  index,
  value,
  options,
  error,
}: {
  index: number
  value: string
  options: CapabilityOption[]
  error?: string
}) {
  const groups = groupByFramework(options)
  return (
    <SelectField name={`map.${index}.capability`} label={`Capability ${index + 1}`} defaultValue={value} error={error}>
      <option value="">No capability</option>
      {groups.map(([group, items]) => (
        <optgroup key={group} label={group}>
          {items.map((option) => (
            <option key={option.id} value={option.id}>
              {option.code}
              {option.levelName ? ` (${option.levelName})` : ''}: {option.statement.slice(0, 90)}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  )
}

/** The entry form for new and edited evidence; a draft needs only a title. */
export function EvidenceForm({
  formToken,
  values,
  mappings,
  errors,
  capabilities,
  revision,
  today,
  cancelTo,
  privacy,
  atStake,
  privacyConfirmed,
}: EvidenceFormProps) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const rows = [...mappings, ...Array.from({ length: MAPPING_ROWS_NEW }, () => ({ capabilityId: '', note: '' }))]
  const labels: Record<string, string> = { ...EVIDENCE_FIELD_LABELS }
  rows.forEach((_, i) => {
    labels[`map.${i}.capability`] = `Capability ${i + 1}`
    labels[`map.${i}.note`] = `Note for capability ${i + 1}`
  })
  const text = (name: keyof typeof EVIDENCE_FIELD_LABELS) => ({
    name,
    label: EVIDENCE_FIELD_LABELS[name],
    defaultValue: values[name] ?? '',
    error: errors[name],
  })
  return (
    <Form method="post" className="form-stack form-wide" noValidate>
      <ErrorSummary errors={errors} labels={labels} />
      {privacy && privacy.length > 0 ? <PrivacyWarning findings={privacy} labels={labels} /> : null}
      {atStake && atStake.length > 0 ? <AtStakeWarning signoffs={atStake} privacyConfirmed={privacyConfirmed} /> : null}
      {revision !== undefined ? <input type="hidden" name="revision" value={revision} /> : null}
      {formToken !== undefined ? <FormTokenInput token={formToken} error={errors.formToken} /> : null}
      <FormField
        {...text('title')}
        maxLength={EVIDENCE_TITLE_MAX}
        hint="For example: Moving and handling refresher (hoists and slings)"
        required
      />
      <SelectField {...text('activityType')}>
        <option value="">Choose the type of activity</option>
        {Object.entries(ACTIVITY_TYPES).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </SelectField>
      <div className="field-row">
        <FormField {...text('startsOn')} type="date" max={today} />
        <FormField {...text('endsOn')} type="date" max={today} hint="Only for activities over several days" />
        <FormField {...text('hours')} inputMode="decimal" hint="In quarter hours, like 1.5" />
      </div>
      <TextAreaField {...text('description')} maxLength={EVIDENCE_TEXT_MAX} rows={4} />
      <fieldset className="form-group">
        <legend>Reflection</legend>
        <TextAreaField {...text('reflectionWhat')} maxLength={EVIDENCE_TEXT_MAX} rows={3} />
        <TextAreaField {...text('reflectionLearned')} maxLength={EVIDENCE_TEXT_MAX} rows={3} />
        <TextAreaField {...text('reflectionPractice')} maxLength={EVIDENCE_TEXT_MAX} rows={3} />
        <TextAreaField
          {...text('reflectionBenefit')}
          maxLength={EVIDENCE_TEXT_MAX}
          rows={3}
          hint="The people who use your service: HCPC CPD standard 4 asks how your learning benefits them"
        />
      </fieldset>
      <fieldset className="form-group">
        <legend>Capabilities this evidence supports</legend>
        {errors.mappings ? (
          <Text as="p" size="2" color="red" className="form-error">
            {errors.mappings}
          </Text>
        ) : null}
        {rows.map((row, i) => (
          <div className="mapping-row" key={i}>
            <CapabilitySelect
              index={i}
              value={row.capabilityId}
              options={capabilities}
              error={errors[`map.${i}.capability`]}
            />
            <FormField
              name={`map.${i}.note`}
              label={`Note for capability ${i + 1}`}
              defaultValue={row.note}
              maxLength={MAPPING_NOTE_MAX}
              error={errors[`map.${i}.note`]}
            />
            {i < mappings.length ? (
              <Text as="label" size="2">
                <Flex gap="2" align="center">
                  <input type="checkbox" name={`map.${i}.remove`} /> Remove this capability
                </Flex>
              </Text>
            ) : null}
          </div>
        ))}
        <Text as="p" size="2" color="gray" highContrast>
          Need more rows? Save, then edit the entry again.
        </Text>
      </fieldset>
      <Flex gap="3" wrap="wrap" align="center">
        <Button type="submit" name="intent" value="complete" size="3" disabled={busy}>
          Save entry
        </Button>
        <Button type="submit" name="intent" value="draft" size="3" variant="soft" disabled={busy}>
          Save as draft
        </Button>
        <Link to={cancelTo}>Cancel</Link>
      </Flex>
    </Form>
  )
}
