import { Button, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ROLES, ROLE_LABELS, type Role } from '#app/auth/policy'
import { ErrorSummary } from '#app/components/error-summary'
import { FormField, SelectField } from '#app/components/form-field'
import { FormTokenInput } from '#app/components/form-token-input'
import { EMPLOYEE_NUMBER_MAX, PERSON_FIELD_LABELS as LABELS, roleField } from '#app/models/people/admin.schema'
import { EMAIL_MAX, NAME_MAX } from '#app/models/people/users.schema'

const ROLE_HINTS: Record<Role, string> = {
  staff: 'Keeps a CPD log, asks for sign-off and is supervised',
  supervisor: 'Supervises people and decides their sign-offs',
  principal: 'Sees the whole workforce and every record',
  admin: 'Manages accounts, teams, frameworks and supervision links; is never supervised',
}

/** The values the form starts from: what is saved, or what was typed when a save was refused. */
export interface PersonFormValues {
  name: string
  email: string
  employeeNumber: string
  jobRoleCode: string
  teamId: string
  roles: readonly Role[]
  startsOn: string
  leavesOn: string
  qualifiedOn: string
}

export const EMPTY_PERSON: PersonFormValues = {
  name: '',
  email: '',
  employeeNumber: '',
  jobRoleCode: '',
  teamId: '',
  roles: ['staff'],
  startsOn: '',
  leavesOn: '',
  qualifiedOn: '',
}

/** The typed values a refused save sent back, read as the form's starting values. */
export function echoedPerson(values: Record<string, string>): PersonFormValues {
  return {
    name: values.name ?? '',
    email: values.email ?? '',
    employeeNumber: values.employeeNumber ?? '',
    jobRoleCode: values.jobRoleCode ?? '',
    teamId: values.teamId ?? '',
    roles: ROLES.filter((role) => Boolean(values[roleField(role)])),
    startsOn: values.startsOn ?? '',
    leavesOn: values.leavesOn ?? '',
    qualifiedOn: values.qualifiedOn ?? '',
  }
}

/** A person's details and access, for adding a person (with a one-time token) or changing one. */
export function PersonForm({
  values,
  errors,
  jobRoles,
  teams,
  today,
  submitLabel,
  formToken,
}: {
  values: PersonFormValues
  errors: Record<string, string>
  jobRoles: readonly { code: string; title: string; band: string | null }[]
  teams: readonly { id: string; name: string }[]
  today: string
  submitLabel: string
  formToken?: string
}) {
  return (
    <>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="form-stack" aria-label="Person’s details" noValidate>
        <input type="hidden" name="intent" value="save" />
        {formToken ? <FormTokenInput token={formToken} error={errors.formToken} /> : null}
        {errors.form ? (
          <Text as="p" id="field-form" size="2" color="red" className="form-error" tabIndex={-1}>
            {errors.form}
          </Text>
        ) : null}
        <FormField
          name="name"
          label={LABELS.name}
          defaultValue={values.name}
          maxLength={NAME_MAX}
          autoComplete="off"
          error={errors.name}
          required
        />
        <FormField
          name="email"
          type="email"
          label={LABELS.email}
          hint="They sign in with it, and reset links go to it"
          defaultValue={values.email}
          maxLength={EMAIL_MAX}
          autoComplete="off"
          error={errors.email}
          required
        />
        <FormField
          name="employeeNumber"
          label={`${LABELS.employeeNumber} (optional)`}
          defaultValue={values.employeeNumber}
          maxLength={EMPLOYEE_NUMBER_MAX}
          autoComplete="off"
          error={errors.employeeNumber}
        />
        <SelectField
          name="jobRoleCode"
          label={LABELS.jobRoleCode}
          defaultValue={values.jobRoleCode}
          error={errors.jobRoleCode}
        >
          <option value="">No job role</option>
          {jobRoles.map((role) => (
            <option key={role.code} value={role.code}>
              {role.band ? `${role.title} (${role.band})` : role.title}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="teamId"
          label={LABELS.teamId}
          hint="Archived teams are not listed"
          defaultValue={values.teamId}
          error={errors.teamId}
        >
          <option value="">No team</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
        <fieldset className="form-group" aria-describedby={errors.roles ? 'field-roles-error' : undefined}>
          <legend>
            <Text size="2" weight="bold">
              {LABELS.roles}
            </Text>
          </legend>
          {errors.roles ? (
            <Text as="p" id="field-roles-error" size="2" color="red" className="form-error">
              <span className="visually-hidden">Error: </span>
              {errors.roles}
            </Text>
          ) : null}
          {ROLES.map((role, i) => (
            <Text as="label" key={role} size="2" className="target-24" style={{ display: 'block' }}>
              <input
                type="checkbox"
                id={i === 0 ? 'field-roles' : undefined}
                name={roleField(role)}
                value="on"
                defaultChecked={values.roles.includes(role)}
              />{' '}
              <strong>{ROLE_LABELS[role]}</strong>: {ROLE_HINTS[role]}
            </Text>
          ))}
        </fieldset>
        <FormField
          name="startsOn"
          type="date"
          label={`${LABELS.startsOn} (optional)`}
          defaultValue={values.startsOn}
          error={errors.startsOn}
        />
        <FormField
          name="leavesOn"
          type="date"
          label={`${LABELS.leavesOn} (optional)`}
          hint="Their last working day, once it is known"
          defaultValue={values.leavesOn}
          error={errors.leavesOn}
        />
        <FormField
          name="qualifiedOn"
          type="date"
          label={`${LABELS.qualifiedOn} (optional)`}
          hint="A newly qualified OT is supervised more often for their first six months"
          max={today}
          defaultValue={values.qualifiedOn}
          error={errors.qualifiedOn}
        />
        <div>
          <Button type="submit" size="3">
            {submitLabel}
          </Button>
        </div>
      </Form>
    </>
  )
}
