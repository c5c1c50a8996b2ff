import type { Generated } from 'kysely'
import type { CalendarDate, CreatedAt } from './columns'

/** A level a person maps themselves at in one domain (append-only; the latest row per domain is current). */
export interface SelfMappingTable {
  id: Generated<string>
  person_id: string
  version_id: string
  domain_id: string
  level_id: string
  mapped_on: CalendarDate
  rationale: string
  created_at: CreatedAt
}

/** Tables of self-mapping against the capability frameworks (migration 0018). */
export interface CapabilityTables {
  self_mapping: SelfMappingTable
}
