import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ApprenticeshipTables } from '#db/schema-parts/apprenticeship'
import type { RegistrationTables } from '#db/schema-parts/registration'

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** A calendar date, always 'YYYY-MM-DD' (the driver parsers keep it as text). */
type CalendarDate = string
type Json = ColumnType<unknown, string, string>

export type RoleName = 'staff' | 'supervisor' | 'principal' | 'admin'

export interface TeamTable {
  id: Generated<string>
  code: string
  name: string
  created_at: CreatedAt
}

export interface JobRoleTable {
  code: string
  title: string
  band: string | null
  profession: string
  hcpc_registered: boolean
  sort_order: number
}

export interface AppUserTable {
  id: Generated<string>
  email: string
  name: string
  job_role_code: string | null
  team_id: string | null
  employee_number: string | null
  active: Generated<boolean>
  /** Qualification or first registration date (migration 0005): the newly qualified supervision stages run from it. */
  qualified_on: CalendarDate | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface UserRoleTable {
  user_id: string
  role: RoleName
  granted_at: CreatedAt
}

export interface UserPasswordTable {
  user_id: string
  hash: string
  updated_at: UpdatedAt
}

export interface UserSessionTable {
  /** SHA-256 of the session id: the cookie value itself is never stored. */
  id: string
  user_id: string
  expires_at: Date
  created_at: CreatedAt
}

export interface LoginAttemptTable {
  id: Generated<number>
  email_key: string
  ip: string
  succeeded: boolean
  at: CreatedAt
}

export interface SupervisionLinkTable {
  id: Generated<string>
  supervisor_id: string
  supervisee_id: string
  starts_on: CalendarDate
  ends_on: CalendarDate | null
  frequency_days: number
  created_at: CreatedAt
}

export interface AuditEventTable {
  id: Generated<number>
  at: CreatedAt
  actor_id: string | null
  action: string
  subject_kind: string
  subject_id: string | null
  data: Json
}

export type FrameworkVersionStatus = 'draft' | 'published' | 'retired'
export type FrameworkOrigin = 'data-file' | 'moodle-csv' | 'json'
export type CrosswalkRelation = 'same' | 'split' | 'merged' | 'new' | 'removed'

export interface FrameworkTable {
  id: Generated<string>
  code: string
  name: string
  owner: string | null
  description: string | null
  created_at: CreatedAt
}

export interface FrameworkVersionTable {
  id: Generated<string>
  framework_id: string
  /** 1, 2, 3… within the framework: the version's address in URLs and on the command line. */
  number: number
  label: string
  edition: string | null
  source: string
  source_date: CalendarDate | null
  provisional: Json
  status: Generated<FrameworkVersionStatus>
  content_hash: string
  origin: FrameworkOrigin
  origin_name: string | null
  moodle: Json | null
  created_by: string | null
  created_at: CreatedAt
  published_at: Date | null
  retired_at: Date | null
}

export interface FrameworkLevelTable {
  id: Generated<string>
  version_id: string
  code: string
  ordinal: number
  name: string
  indicative_title: string | null
  description: string | null
  description_format: number
  provisional: boolean
}

export interface FrameworkDomainTable {
  id: Generated<string>
  version_id: string
  parent_id: string | null
  code: string
  name: string
  description: string | null
  description_format: number
  sort_order: number
  moodle: Json | null
}

export interface CapabilityTable {
  id: Generated<string>
  version_id: string
  domain_id: string
  level_id: string | null
  code: string
  statement: string
  description: string | null
  description_format: number
  sort_order: number
  moodle: Json | null
}

export interface CapabilityCrosswalkTable {
  id: Generated<string>
  from_version_id: string
  to_version_id: string
  from_capability_id: string | null
  to_capability_id: string | null
  relation: CrosswalkRelation
  note: string | null
}

export interface RoleRequirementTable {
  id: Generated<string>
  job_role_code: string
  version_id: string
  domain_id: string | null
  minimum_level_id: string
  provisional: boolean
  note: string | null
  carried_from_id: string | null
  created_at: CreatedAt
}

export interface FrameworkUploadTable {
  id: Generated<string>
  file_name: string
  version_label: string
  content: Uint8Array
  uploaded_by: string
  created_at: CreatedAt
}

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
  event: 'created' | 'edited' | 'withdrawn' | 'file-added' | 'file-removed'
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

export type SupervisionKind = 'professional' | 'clinical' | 'managerial' | 'group'

export interface SupervisionSessionTable {
  id: Generated<string>
  supervisor_id: string
  supervisee_id: string
  held_on: CalendarDate
  kind: SupervisionKind
  minutes: number
  notes: Generated<string>
  next_on: CalendarDate | null
  recorded_by: string
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface SupervisionActionTable {
  id: Generated<string>
  session_id: string
  text: string
  position: Generated<number>
  owner_id: string
  due_on: CalendarDate | null
  done_at: Date | null
  done_by: string | null
  created_at: CreatedAt
}

export type SignoffStatus = 'pending' | 'approved' | 'returned' | 'withdrawn' | 'invalidated'
export type SignoffEventKind = 'requested' | 'approved' | 'returned' | 'withdrawn' | 'invalidated'

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

export type OutboxStatus = 'pending' | 'sent' | 'logged' | 'failed'

export interface OutboxMessageTable {
  id: Generated<string>
  kind: string
  recipient_id: string | null
  recipient_email: string
  template: string
  personalisation: ColumnType<Record<string, string>, string | undefined, string>
  dedupe_key: string
  status: Generated<OutboxStatus>
  attempts: Generated<number>
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>
  locked_until: Date | null
  last_error: string | null
  provider_reference: string | null
  created_at: CreatedAt
  sent_at: Date | null
}

export interface DB extends RegistrationTables, ApprenticeshipTables {
  team: TeamTable
  job_role: JobRoleTable
  app_user: AppUserTable
  user_role: UserRoleTable
  user_password: UserPasswordTable
  user_session: UserSessionTable
  login_attempt: LoginAttemptTable
  supervision_link: SupervisionLinkTable
  audit_event: AuditEventTable
  framework: FrameworkTable
  framework_version: FrameworkVersionTable
  framework_level: FrameworkLevelTable
  framework_domain: FrameworkDomainTable
  capability: CapabilityTable
  capability_crosswalk: CapabilityCrosswalkTable
  role_requirement: RoleRequirementTable
  framework_upload: FrameworkUploadTable
  evidence: EvidenceTable
  evidence_revision: EvidenceRevisionTable
  evidence_capability: EvidenceCapabilityTable
  file_blob: FileBlobTable
  evidence_file: EvidenceFileTable
  cpd_profile: CpdProfileTable
  supervision_session: SupervisionSessionTable
  supervision_action: SupervisionActionTable
  signoff_request: SignoffRequestTable
  signoff_request_evidence: SignoffRequestEvidenceTable
  signoff_event: SignoffEventTable
  outbox_message: OutboxMessageTable
}

export type AppUserRow = Selectable<AppUserTable>
export type AuditEventRow = Selectable<AuditEventTable>
