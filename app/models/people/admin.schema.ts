import { z } from 'zod'
import { ROLES, type Role } from '#app/auth/policy'
import { isIsoDate } from '#app/lib/dates'
import { NAME_MAX, emailField } from './users.schema'

export const EMPLOYEE_NUMBER_MAX = 40
export const TEAM_NAME_MAX = 120

/** The checkbox each role is sent in: `role.staff`, `role.admin`, … */
export const roleField = (role: Role) => `role.${role}`

export const PERSON_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  email: 'Work email',
  employeeNumber: 'Employee number',
  jobRoleCode: 'Job role',
  teamId: 'Team',
  roles: 'Access',
  startsOn: 'Start date',
  leavesOn: 'Leaving date',
  qualifiedOn: 'Qualified or first registered on',
  formToken: 'Form',
  form: 'Form',
}

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || isIsoDate(value), `Enter the ${label} as a full date, like 2026-11-22`)

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || null)

/** The person form, as the create and edit pages send it. Uniqueness is the model's to check. */
export function personSchema(today: string) {
  return z
    .object({
      name: z
        .string({ error: 'Enter their name' })
        .trim()
        .min(1, 'Enter their name')
        .max(NAME_MAX, `Name must be ${NAME_MAX} characters or fewer`),
      email: emailField,
      employeeNumber: z
        .string()
        .trim()
        .max(EMPLOYEE_NUMBER_MAX, `Employee number must be ${EMPLOYEE_NUMBER_MAX} characters or fewer`)
        .optional()
        .transform((value) => value || null),
      jobRoleCode: optionalId,
      teamId: optionalId.refine((value) => value === null || z.uuid().safeParse(value).success, 'Choose a team'),
      startsOn: optionalDate('start date'),
      leavesOn: optionalDate('leaving date'),
      qualifiedOn: optionalDate('qualification date').refine(
        (value) => value === null || value <= today,
        'The qualification date cannot be in the future',
      ),
      ...Object.fromEntries(ROLES.map((role) => [roleField(role), z.string().optional()])),
    })
    .transform((form) => ({
      name: form.name,
      email: form.email,
      employeeNumber: form.employeeNumber,
      jobRoleCode: form.jobRoleCode,
      teamId: form.teamId,
      startsOn: form.startsOn,
      leavesOn: form.leavesOn,
      qualifiedOn: form.qualifiedOn,
      roles: ROLES.filter((role) => Boolean((form as Record<string, unknown>)[roleField(role)])),
    }))
    .superRefine((form, ctx) => {
      if (form.roles.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['roles'], message: 'Choose at least one kind of access' })
      }
      if (form.startsOn && form.leavesOn && form.leavesOn < form.startsOn) {
        ctx.addIssue({
          code: 'custom',
          path: ['leavesOn'],
          message: 'The leaving date must be on or after the start date',
        })
      }
    })
}

export type PersonForm = z.infer<ReturnType<typeof personSchema>>

export const teamNameField = z
  .string({ error: 'Enter the team’s name' })
  .trim()
  .min(1, 'Enter the team’s name')
  .max(TEAM_NAME_MAX, `A team name must be ${TEAM_NAME_MAX} characters or fewer`)

export const newTeamSchema = z.object({ name: teamNameField })
export const renameTeamSchema = z.object({ teamId: z.uuid('Choose a team'), name: teamNameField })
export const teamIdSchema = z.object({ teamId: z.uuid('Choose a team') })

export const TEAM_FIELD_LABELS: Record<string, string> = { name: 'Team name', teamId: 'Team', formToken: 'Form' }
