import { z } from 'zod'
import { daysBetween, isIsoDate } from '#app/lib/dates'
import { type PrivacyFinding, findPossibleIdentifiers } from './privacy-guard.rules'
import { parseHours } from '#app/lib/hours'
import { keepableValues, unstorableFieldErrors, withoutUnstorableCharacters } from '#app/lib/forms'

export const EVIDENCE_TITLE_MAX = 200
export const EVIDENCE_TEXT_MAX = 10_000
export const MAPPING_NOTE_MAX = 500
export const MAPPING_ROWS_NEW = 3
export const MAPPINGS_MAX = 30

/** The HCPC's CPD activity types. */
export const ACTIVITY_TYPES = {
  'work-based-learning': 'Work-based learning',
  'professional-activity': 'Professional activity',
  'formal-educational': 'Formal or educational',
  'self-directed': 'Self-directed learning',
  other: 'Other',
} as const
export type ActivityTypeCode = keyof typeof ACTIVITY_TYPES

export const EVIDENCE_FIELD_LABELS = {
  title: 'Title',
  activityType: 'Activity type',
  startsOn: 'Date',
  endsOn: 'End date',
  hours: 'Hours',
  description: 'What the activity was',
  reflectionWhat: 'What happened',
  reflectionLearned: 'What I learned',
  reflectionPractice: 'How it changed my practice',
  reflectionBenefit: 'How it benefits the people I work with',
} as const
export type EvidenceField = keyof typeof EVIDENCE_FIELD_LABELS

/** The written parts of an entry, in the order they are shown. */
export const EVIDENCE_TEXT_FIELDS = [
  'description',
  'reflectionWhat',
  'reflectionLearned',
  'reflectionPractice',
  'reflectionBenefit',
] as const

/** What an entry needs before it counts towards an HCPC CPD profile (standards 1–4). */
export const REQUIRED_WHEN_COMPLETE: readonly EvidenceField[] = [
  'title',
  'activityType',
  'startsOn',
  'hours',
  'description',
  'reflectionLearned',
  'reflectionPractice',
  'reflectionBenefit',
]

const MISSING: Record<EvidenceField, string> = {
  title: 'Enter a title',
  activityType: 'Choose the activity type, or save as a draft',
  startsOn: 'Enter the date, or save as a draft',
  endsOn: 'Enter the end date',
  hours: 'Enter the hours, or save as a draft',
  description: 'Say what the activity was, or save as a draft',
  reflectionWhat: 'Say what happened, or save as a draft',
  reflectionLearned: 'Say what you learned, or save as a draft',
  reflectionPractice: 'Say how it changed your practice, or save as a draft',
  reflectionBenefit: 'Say how it benefits the people you work with, or save as a draft',
}

export interface EvidenceInput {
  status: 'draft' | 'complete'
  title: string
  activityType: ActivityTypeCode | null
  startsOn: string | null
  endsOn: string | null
  minutes: number | null
  description: string | null
  reflectionWhat: string | null
  reflectionLearned: string | null
  reflectionPractice: string | null
  reflectionBenefit: string | null
  mappings: { capabilityId: string; note: string | null }[]
}

export interface EvidenceFormEcho {
  /** What was typed, to put back in the form if the save fails. */
  values: Record<string, string>
  mappings: { capabilityId: string; note: string }[]
}

export type EvidenceFormResult =
  | ({ ok: true; data: EvidenceInput; revision: number | null } & EvidenceFormEcho)
  | ({ ok: false; fieldErrors: Record<string, string> } & EvidenceFormEcho)

const text = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .transform((value) => value.trim() || null)

const fieldsSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Enter a title, even a short one: you can finish the entry later')
    .max(EVIDENCE_TITLE_MAX, `The title must be ${EVIDENCE_TITLE_MAX} characters or fewer`),
  activityType: z
    .string()
    .transform((value) => value || null)
    .refine((value) => value === null || Object.hasOwn(ACTIVITY_TYPES, value), 'Choose one of the activity types'),
  startsOn: z.string().transform((value) => value || null),
  endsOn: z.string().transform((value) => value || null),
  hours: z.string().transform((value) => value.trim()),
  description: text(EVIDENCE_TEXT_MAX, EVIDENCE_FIELD_LABELS.description),
  reflectionWhat: text(EVIDENCE_TEXT_MAX, EVIDENCE_FIELD_LABELS.reflectionWhat),
  reflectionLearned: text(EVIDENCE_TEXT_MAX, EVIDENCE_FIELD_LABELS.reflectionLearned),
  reflectionPractice: text(EVIDENCE_TEXT_MAX, EVIDENCE_FIELD_LABELS.reflectionPractice),
  reflectionBenefit: text(EVIDENCE_TEXT_MAX, EVIDENCE_FIELD_LABELS.reflectionBenefit),
})

/** The labels of what a saved entry still lacks before it counts towards a CPD profile. */
export function listMissingForComplete(entry: {
  title: string
  activityType: string | null
  startsOn: string | null
  minutes: number | null
  description: string | null
  reflectionLearned: string | null
  reflectionPractice: string | null
  reflectionBenefit: string | null
}): string[] {
  const values: Partial<Record<EvidenceField, unknown>> = { ...entry, hours: entry.minutes }
  return REQUIRED_WHEN_COMPLETE.filter((field) => {
    const value = values[field]
    return value === null || value === undefined || value === ''
  }).map((field) => EVIDENCE_FIELD_LABELS[field])
}

function daysInclusive(from: string, to: string): number {
  return daysBetween(from, to) + 1
}

/**
 * Reads the evidence form. A draft needs only a title; a complete entry needs what an HCPC audit asks for.
 * Every problem is reported beside its field, and everything typed comes back to the page.
 */
export function parseEvidenceForm(form: FormData, options: { today: string }): EvidenceFormResult {
  const raw: Record<string, string> = {}
  for (const key of [...Object.keys(EVIDENCE_FIELD_LABELS), 'intent', 'revision']) {
    const value = form.get(key)
    raw[key] = typeof value === 'string' ? value : ''
  }
  const rawMappings = readMappings(form)
  const fieldErrors: Record<string, string> = unstorableFieldErrors([
    ...Object.entries(raw),
    ...rawMappings.map((m, i): [string, string] => [`map.${i}.note`, m.note]),
  ])
  const parsed = fieldsSchema.safeParse(raw)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message
  }
  const fields = parsed.success ? parsed.data : null
  const status = raw.intent === 'complete' ? 'complete' : 'draft'

  for (const key of ['startsOn', 'endsOn'] as const) {
    const value = raw[key]
    if (!value) continue
    if (!isIsoDate(value)) fieldErrors[key] ??= 'Enter a real date, like 22/11/2026'
    else if (value > options.today) fieldErrors[key] ??= 'The date cannot be in the future'
  }
  if (raw.endsOn && !raw.startsOn) fieldErrors.startsOn ??= 'Enter the start date as well as the end date'
  if (raw.startsOn && raw.endsOn && !fieldErrors.startsOn && !fieldErrors.endsOn && raw.endsOn < raw.startsOn) {
    fieldErrors.endsOn = 'The end date must be on or after the start date'
  }
  let minutes: number | null = null
  if (raw.hours.trim()) {
    const hours = parseHours(raw.hours.trim())
    if ('error' in hours) fieldErrors.hours ??= hours.error
    else {
      minutes = hours.minutes
      if (raw.startsOn && !fieldErrors.startsOn && !fieldErrors.endsOn) {
        const days = daysInclusive(raw.startsOn, raw.endsOn || raw.startsOn)
        if (minutes > days * 24 * 60) {
          fieldErrors.hours = `That is more than 24 hours a day over ${days === 1 ? 'one day' : `${days} days`}`
        }
      }
    }
  }
  if (status === 'complete') {
    for (const key of REQUIRED_WHEN_COMPLETE) {
      if (!raw[key]?.trim()) fieldErrors[key] ??= MISSING[key]
    }
  }
  const seen = new Set<string>()
  rawMappings.forEach((mapping, i) => {
    if (mapping.note.length > MAPPING_NOTE_MAX) {
      fieldErrors[`map.${i}.note`] = `The note must be ${MAPPING_NOTE_MAX} characters or fewer`
    }
    if (seen.has(mapping.capabilityId)) fieldErrors[`map.${i}.capability`] = 'This capability is already mapped above'
    seen.add(mapping.capabilityId)
  })
  if (rawMappings.length > MAPPINGS_MAX) fieldErrors.mappings = `Map at most ${MAPPINGS_MAX} capabilities to one entry`
  const revision = raw.revision ? Number(raw.revision) : null
  if (revision !== null && !Number.isInteger(revision)) fieldErrors.form = 'The form is out of date: reload the page'

  const { intent: _intent, revision: _revision, ...values } = raw
  if (Object.keys(fieldErrors).length > 0 || !fields) {
    const mappings = rawMappings.map((m) => ({ ...m, note: withoutUnstorableCharacters(m.note) }))
    return { ok: false, fieldErrors, values: keepableValues(values), mappings }
  }
  return {
    ok: true,
    values,
    mappings: rawMappings,
    revision,
    data: {
      status,
      title: fields.title,
      activityType: fields.activityType as ActivityTypeCode | null,
      startsOn: fields.startsOn,
      endsOn: fields.endsOn,
      minutes,
      description: fields.description,
      reflectionWhat: fields.reflectionWhat,
      reflectionLearned: fields.reflectionLearned,
      reflectionPractice: fields.reflectionPractice,
      reflectionBenefit: fields.reflectionBenefit,
      mappings: rawMappings.map((m) => ({ capabilityId: m.capabilityId, note: m.note.trim() || null })),
    },
  }
}

/** Mapping rows come as map.N.capability / map.N.note; an empty capability (or a ticked remove box) drops a row. */
function readMappings(form: FormData): { capabilityId: string; note: string }[] {
  const rows: { capabilityId: string; note: string }[] = []
  for (let i = 0; i < MAPPINGS_MAX + MAPPING_ROWS_NEW + 5; i++) {
    const capability = form.get(`map.${i}.capability`)
    if (capability === null) continue
    if (typeof capability !== 'string' || !capability || form.get(`map.${i}.remove`) === 'on') continue
    const note = form.get(`map.${i}.note`)
    rows.push({ capabilityId: capability, note: typeof note === 'string' ? note : '' })
  }
  return rows
}

/**
 * Text that looks like a patient identifier stops the save until the person edits it or confirms it is
 * not one (CPD evidence must not identify the people an OT works with).
 */
export function checkEvidencePrivacy(input: EvidenceInput, form: FormData): PrivacyFinding[] {
  if (form.get('privacyConfirmed') === 'yes') return []
  return findPossibleIdentifiers({
    title: input.title,
    description: input.description,
    reflectionWhat: input.reflectionWhat,
    reflectionLearned: input.reflectionLearned,
    reflectionPractice: input.reflectionPractice,
    reflectionBenefit: input.reflectionBenefit,
    ...Object.fromEntries(input.mappings.map((m, i) => [`map.${i}.note`, m.note])),
  })
}

export const WITHDRAW_REASON_MAX = 500

export const withdrawSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(WITHDRAW_REASON_MAX, `The reason must be ${WITHDRAW_REASON_MAX} characters or fewer`)
    .default(''),
})
