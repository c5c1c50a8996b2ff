import { z } from 'zod'
import { isIsoDate } from '#app/lib/dates'

export const SUPERVISION_NOTES_MAX = 10_000
export const SUPERVISION_ACTION_TEXT_MAX = 500
/** Empty action rows offered by the record-a-session form. */
export const SUPERVISION_ACTION_ROWS = 3
export const SESSION_MINUTES_MIN = 5
export const SESSION_MINUTES_MAX = 480

export const SUPERVISION_KINDS = {
  professional: 'Professional',
  clinical: 'Clinical',
  managerial: 'Managerial',
  group: 'Group',
} as const
export type SupervisionKindCode = keyof typeof SUPERVISION_KINDS

export const SESSION_FIELD_LABELS: Record<string, string> = {
  heldOn: 'Date of the session',
  kind: 'Kind of supervision',
  minutes: 'Length in minutes',
  notes: 'Notes',
  nextOn: 'Next session',
}

export interface SessionActionInput {
  text: string
  owner: 'supervisor' | 'supervisee'
  dueOn: string | null
}

export interface SessionInput {
  heldOn: string
  kind: SupervisionKindCode
  minutes: number
  notes: string
  nextOn: string | null
  actions: SessionActionInput[]
}

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || isIsoDate(value), message)

const tooLong = (what: string, max: number, length: number) =>
  `${what} must be ${max.toLocaleString('en-GB')} characters or fewer: you entered ${length.toLocaleString('en-GB')}`

type SessionFields = Omit<SessionInput, 'actions'>

/** The record-a-session form, checked against today (no sessions in the future) and the order of its dates. */
export function sessionFormSchema(today: string) {
  const rows = Array.from({ length: SUPERVISION_ACTION_ROWS }, (_, i) => i)
  const rowFields = Object.fromEntries(
    rows.flatMap((i) => [
      [`action.${i}.text`, z.string().trim().optional().default('')],
      [`action.${i}.owner`, z.enum(['supervisor', 'supervisee']).optional().default('supervisee')],
      [`action.${i}.dueOn`, optionalDate('Enter the due date as a full date, like 2026-11-22')],
    ]),
  )
  return z
    .object({
      heldOn: z
        .string()
        .trim()
        .min(1, 'Enter the date of the session')
        .refine(isIsoDate, 'Enter the date as a full date, like 2026-11-22')
        .refine(
          (value) => !isIsoDate(value) || value <= today,
          'The session cannot be in the future: record it once it has happened',
        ),
      kind: z.enum(Object.keys(SUPERVISION_KINDS) as [SupervisionKindCode, ...SupervisionKindCode[]], {
        error: 'Choose the kind of supervision',
      }),
      minutes: z
        .string()
        .trim()
        .regex(/^\d+$/, 'Enter the length in whole minutes, like 90')
        .transform(Number)
        .refine(
          (value) => value >= SESSION_MINUTES_MIN && value <= SESSION_MINUTES_MAX,
          `Enter a length between ${SESSION_MINUTES_MIN} and ${SESSION_MINUTES_MAX} minutes`,
        ),
      notes: z
        .string()
        .optional()
        .default('')
        .transform((value) => value.trim())
        .superRefine((value, ctx) => {
          if (value.length > SUPERVISION_NOTES_MAX) {
            ctx.addIssue({
              code: 'custom',
              message: `${tooLong('Notes', SUPERVISION_NOTES_MAX, value.length)}. Shorten them, or keep the detail in your own records.`,
            })
          }
        }),
      nextOn: optionalDate('Enter the next session as a full date, like 2026-11-22'),
      ...rowFields,
    })
    .superRefine((parsed, ctx) => {
      const form = parsed as unknown as SessionFields
      const values = parsed as Record<string, unknown>
      if (form.nextOn && isIsoDate(form.heldOn) && form.nextOn <= form.heldOn) {
        ctx.addIssue({ code: 'custom', path: ['nextOn'], message: 'The next session must be after this one' })
      }
      for (const i of rows) {
        const text = values[`action.${i}.text`] as string
        const dueOn = values[`action.${i}.dueOn`] as string | null
        if (!text && dueOn) {
          ctx.addIssue({
            code: 'custom',
            path: [`action.${i}.text`],
            message: 'Describe the action, or clear its due date',
          })
        }
        if (text.length > SUPERVISION_ACTION_TEXT_MAX) {
          ctx.addIssue({
            code: 'custom',
            path: [`action.${i}.text`],
            message: tooLong('An action', SUPERVISION_ACTION_TEXT_MAX, text.length),
          })
        }
        if (text && dueOn && isIsoDate(form.heldOn) && dueOn < form.heldOn) {
          ctx.addIssue({
            code: 'custom',
            path: [`action.${i}.dueOn`],
            message: 'The due date cannot be before the session',
          })
        }
      }
    })
    .transform((parsed): SessionInput => {
      const form = parsed as unknown as SessionFields
      const values = parsed as Record<string, unknown>
      return {
        heldOn: form.heldOn,
        kind: form.kind,
        minutes: form.minutes,
        notes: form.notes,
        nextOn: form.nextOn,
        actions: rows
          .map((i) => ({
            text: values[`action.${i}.text`] as string,
            owner: values[`action.${i}.owner`] as SessionActionInput['owner'],
            dueOn: values[`action.${i}.dueOn`] as string | null,
          }))
          .filter((action) => action.text.length > 0),
      }
    })
}

export const LINK_FIELD_LABELS: Record<string, string> = {
  supervisorId: 'Supervisor',
  superviseeId: 'Supervisee',
  startsOn: 'From',
  endsOn: 'To',
  qualifiedOn: 'Qualified or first registered on',
  endLinkId: 'Link to end',
  lastDay: 'Last day of supervision',
  changeLinkId: 'Link to hand over',
  newSupervisorId: 'New supervisor',
  changeOn: 'New supervisor from',
  personId: 'Person',
}

/**
 * An active person the link forms offer, with whether they hold the supervisor role, and the administrator role:
 * an administrator account is never supervised.
 */
export interface PersonOption {
  id: string
  name: string
  isSupervisor: boolean
  isAdmin: boolean
}

const requiredDate = (missing: string) =>
  z.string().trim().min(1, missing).refine(isIsoDate, 'Enter the date as a full date, like 2026-11-22')
const personId = (missing: string) => z.string().trim().uuid(missing)

export const startLinkSchema = z
  .object({
    supervisorId: personId('Choose the supervisor'),
    superviseeId: personId('Choose the person they supervise'),
    startsOn: requiredDate('Enter the date supervision starts'),
    endsOn: optionalDate('Enter the end date as a full date, like 2026-11-22'),
  })
  .superRefine((form, ctx) => {
    if (form.supervisorId === form.superviseeId) {
      ctx.addIssue({ code: 'custom', path: ['superviseeId'], message: 'A person cannot supervise themselves' })
    }
    if (form.endsOn && isIsoDate(form.startsOn) && form.endsOn < form.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be on or after the start date' })
    }
  })

export const endLinkSchema = z.object({
  endLinkId: z.string().uuid('Choose the link to end'),
  lastDay: requiredDate('Enter the last day of supervision'),
})

export const changeSupervisorSchema = z.object({
  changeLinkId: z.string().uuid('Choose the link to hand over'),
  newSupervisorId: personId('Choose the new supervisor'),
  changeOn: requiredDate('Enter the date the new supervisor takes over'),
})

export function qualifiedOnSchema(today: string) {
  return z.object({
    personId: personId('Choose the person'),
    qualifiedOn: requiredDate('Enter the date they qualified or first registered').refine(
      (value) => !isIsoDate(value) || value <= today,
      'The qualification date cannot be in the future',
    ),
  })
}

export interface SupervisionActionItem {
  id: string
  text: string
  ownerId: string
  ownerName: string
  dueOn: string | null
  doneAt: string | null
  doneByName: string | null
}
