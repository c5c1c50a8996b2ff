import { ACTIVITY_TYPES, EVIDENCE_FIELD_LABELS, EVIDENCE_TEXT_FIELDS } from '#app/models/evidence/evidence.schema'
import { formatHours } from '#app/lib/hours'

/** An entry as one revision recorded it (see currentContent in evidence.server.ts). */
export interface RevisionContent {
  status?: string
  title?: string
  activityType?: keyof typeof ACTIVITY_TYPES | null
  startsOn?: string | null
  endsOn?: string | null
  minutes?: number | null
  description?: string | null
  reflectionWhat?: string | null
  reflectionLearned?: string | null
  reflectionPractice?: string | null
  reflectionBenefit?: string | null
  mappings?: { capabilityId: string; note: string | null }[]
  files?: { name: string; sha256: string }[]
  withdrawn?: boolean
  withdrawnReason?: string | null
}

export interface EvidenceChange {
  field: string
  label: string
  before: string
  after: string
}

const TEXT_FIELDS = ['title', ...EVIDENCE_TEXT_FIELDS] as const

function shown(value: string | null | undefined): string {
  return value && value.length > 0 ? value : '(empty)'
}

/**
 * What a reviewer would see differently between two revisions of an entry, field by field, in the words of
 * the evidence form. Attachments and mappings are compared by what they are, not where they are listed.
 */
export function describeEvidenceChanges(
  seen: RevisionContent,
  now: RevisionContent,
  capabilityCode: (id: string) => string = (id) => id,
): EvidenceChange[] {
  const changes: EvidenceChange[] = []
  if (Boolean(seen.withdrawn) !== Boolean(now.withdrawn)) {
    changes.push({
      field: 'withdrawn',
      label: 'Withdrawn',
      before: seen.withdrawn ? 'Withdrawn' : 'In the log',
      after: now.withdrawn ? `Withdrawn${now.withdrawnReason ? `: ${now.withdrawnReason}` : ''}` : 'In the log',
    })
  }
  if (seen.status !== now.status) {
    changes.push({ field: 'status', label: 'Status', before: shown(seen.status), after: shown(now.status) })
  }
  for (const field of TEXT_FIELDS) {
    if ((seen[field] ?? null) !== (now[field] ?? null)) {
      changes.push({ field, label: EVIDENCE_FIELD_LABELS[field], before: shown(seen[field]), after: shown(now[field]) })
    }
  }
  if ((seen.activityType ?? null) !== (now.activityType ?? null)) {
    const name = (code: RevisionContent['activityType']) => (code ? ACTIVITY_TYPES[code] : '(empty)')
    changes.push({
      field: 'activityType',
      label: EVIDENCE_FIELD_LABELS.activityType,
      before: name(seen.activityType),
      after: name(now.activityType),
    })
  }
  if ((seen.startsOn ?? null) !== (now.startsOn ?? null) || (seen.endsOn ?? null) !== (now.endsOn ?? null)) {
    const dates = (c: RevisionContent) =>
      c.startsOn ? (c.endsOn ? `${c.startsOn} to ${c.endsOn}` : c.startsOn) : '(empty)'
    changes.push({ field: 'dates', label: EVIDENCE_FIELD_LABELS.startsOn, before: dates(seen), after: dates(now) })
  }
  if ((seen.minutes ?? null) !== (now.minutes ?? null)) {
    const hours = (m: number | null | undefined) => (m ? `${formatHours(m)} hours` : '(empty)')
    changes.push({
      field: 'hours',
      label: EVIDENCE_FIELD_LABELS.hours,
      before: hours(seen.minutes),
      after: hours(now.minutes),
    })
  }
  const mappings = (c: RevisionContent) =>
    (c.mappings ?? [])
      .map((m) => `${capabilityCode(m.capabilityId)}${m.note ? ` (${m.note})` : ''}`)
      .sort()
      .join(', ')
  if (mappings(seen) !== mappings(now)) {
    changes.push({
      field: 'mappings',
      label: 'Capabilities it supports',
      before: shown(mappings(seen)),
      after: shown(mappings(now)),
    })
  }
  const files = (c: RevisionContent) =>
    (c.files ?? [])
      .map((f) => `${f.name} (${f.sha256.slice(0, 8)})`)
      .sort()
      .join(', ')
  if (files(seen) !== files(now)) {
    changes.push({ field: 'files', label: 'Attachments', before: shown(files(seen)), after: shown(files(now)) })
  }
  return changes
}
