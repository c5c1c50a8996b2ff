import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt } from './columns'

export type SignoffStatus = 'pending' | 'approved' | 'returned' | 'withdrawn' | 'invalidated'
export type SignoffEventKind =
  'requested' | 'approved' | 'returned' | 'withdrawn' | 'invalidated' | 'reapproved' | 'rereturned'

export interface SignoffRequestTable {
  id: Generated<string>
  requester_id: string
  version_id: string
  domain_id: string
  level_id: string
  status: Generated<SignoffStatus>
  note: Generated<string>
  supersedes_id: string | null
  requested_at: CreatedAt
  decided_at: Date | null
  decided_by: string | null
}

export interface SignoffRequestEvidenceTable {
  request_id: string
  evidence_id: string
  revision: number
  content_hash: string
}

export interface SignoffEventTable {
  id: Generated<number>
  request_id: string
  kind: SignoffEventKind
  actor_id: string
  at: CreatedAt
  comment: Generated<string>
  session_id: string | null
  data: ColumnType<unknown, string | undefined, never>
}

/** Kept by the database (migration 0010): each person's achieved level per domain, as the sign-off rules give it. */
export interface AchievedLevelTable {
  person_id: string
  version_id: string
  domain_id: string
  level_id: string
  ordinal: number
  request_id: string
  decided_at: Date
  signed_off_version_id: string
}
