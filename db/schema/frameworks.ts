import type { ColumnType, Generated } from 'kysely'
import type { CalendarDate, CreatedAt, Json } from './columns'

export type FrameworkVersionStatus = 'draft' | 'published' | 'retired'
export type FrameworkOrigin = 'data-file' | 'moodle-csv' | 'json'
export type CrosswalkRelation = 'same' | 'split' | 'merged' | 'new' | 'removed'
export type RequirementTier = 'essential' | 'desirable'

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
  /** Checked by the database: 'essential' (the role needs it) or 'desirable' (working towards it). */
  tier: ColumnType<RequirementTier, RequirementTier | undefined, RequirementTier>
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
