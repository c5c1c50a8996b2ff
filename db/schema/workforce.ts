import type { ColumnType, Generated } from 'kysely'
import type { CalendarDate } from './columns'
import type { RequirementTier } from './frameworks'

/** One month's workforce figures for everyone (team_id null) or one team; written once, never changed. */
export interface WorkforceSnapshotTable {
  id: Generated<string>
  /** The first day of the month the row records. */
  month: CalendarDate
  team_id: string | null
  team_name: string
  /** The day the figures were worked out. */
  as_of: CalendarDate
  taken_at: ColumnType<Date, Date | string | undefined, never>
  headcount: number
  supervised: number
  on_schedule: number
  overdue: number
  waiting_0_7: number
  waiting_8_14: number
  waiting_15_28: number
  waiting_29_plus: number
  awaiting_re_review: number
}

export interface WorkforceSnapshotCoverageTable {
  snapshot_id: string
  version_id: string
  domain_id: string
  tier: Generated<RequirementTier>
  required: number
  met: number
}

export interface WorkforceTables {
  workforce_snapshot: WorkforceSnapshotTable
  workforce_snapshot_coverage: WorkforceSnapshotCoverageTable
}
