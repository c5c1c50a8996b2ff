import type { ColumnType, Generated } from 'kysely'
import type { CalendarDate, CreatedAt, Json, UpdatedAt } from './columns'

export type ActivityType =
  'work-based-learning' | 'professional-activity' | 'formal-educational' | 'self-directed' | 'other'
export type EvidenceStatus = 'draft' | 'complete'

export interface EvidenceTable {
  id: Generated<string>
  owner_id: string
  status: EvidenceStatus
  title: string
  activity_type: ActivityType | null
  starts_on: CalendarDate | null
  ends_on: CalendarDate | null
  /** Time spent, in whole minutes (hours are entered in quarter-hour steps). */
  minutes: number | null
  description: string | null
  reflection_what: string | null
  reflection_learned: string | null
  reflection_practice: string | null
  reflection_benefit: string | null
  revision: Generated<number>
  content_hash: string
  withdrawn_at: Date | null
  withdrawn_reason: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
  search: ColumnType<string, never, never>
}

export interface EvidenceRevisionTable {
  id: Generated<number>
  evidence_id: string
  revision: number
  content: Json
  content_hash: string
  event: 'created' | 'edited' | 'withdrawn' | 'file-added' | 'file-removed' | 'reinstated'
  saved_by: string
  saved_at: CreatedAt
}

export interface EvidenceCapabilityTable {
  evidence_id: string
  capability_id: string
  note: string | null
  carried_from_capability_id: string | null
}

export interface FileBlobTable {
  sha256: string
  bytes: Uint8Array
  size_bytes: number
  created_at: CreatedAt
}

export interface EvidenceFileTable {
  id: Generated<string>
  evidence_id: string
  file_name: string
  media_type: string
  size_bytes: number
  sha256: string
  storage_key: string
  uploaded_by: string
  uploaded_at: CreatedAt
  removed_at: Date | null
}

export interface CpdProfileTable {
  owner_id: string
  period_from: CalendarDate
  period_to: CalendarDate
  summary: Generated<string>
  statement: Generated<string>
  chosen_evidence_ids: ColumnType<string[], string[] | undefined, string[]>
  /** Explanations of gaps, keyed by the gap's first month ('YYYY-MM'). */
  gap_explanations: ColumnType<Record<string, string>, string | undefined, string>
  updated_at: UpdatedAt
}

/** CPD totals per team, job role, activity type and months, kept by the database (migration 0013). Read only. */
export interface CpdTotalTable {
  team_id: ColumnType<string | null, never, never>
  job_role_code: ColumnType<string | null, never, never>
  activity_type: ColumnType<string | null, never, never>
  starts_month: ColumnType<CalendarDate, never, never>
  ends_month: ColumnType<CalendarDate, never, never>
  /** A bigint: sum it and cast in the query. */
  minutes: ColumnType<string, never, never>
  entries: ColumnType<number, never, never>
}

/** Each person's latest dated entry that is not withdrawn, kept by the database (migration 0013). Read only. */
export interface CpdLatestTable {
  person_id: ColumnType<string, never, never>
  last_on: ColumnType<CalendarDate, never, never>
}
