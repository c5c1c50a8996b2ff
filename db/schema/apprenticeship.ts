import type { Generated } from 'kysely'
import type { CalendarDate, CreatedAt, UpdatedAt } from './columns'

export type ApprenticeshipStatusCode =
  'on-programme' | 'break-in-learning' | 'gateway' | 'epa' | 'completed' | 'withdrawn'

export interface ApprenticeshipTable {
  id: Generated<string>
  person_id: string
  standard_code: string
  provider: string
  starts_on: CalendarDate
  planned_end_on: CalendarDate
  /** Contracted hours a week, in minutes. */
  weekly_minutes: number
  aged_19_plus_at_start: boolean
  status: Generated<ApprenticeshipStatusCode>
  gateway_on: CalendarDate | null
  /** The day it was completed or withdrawn. */
  ended_on: CalendarDate | null
  result: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface ApprenticeshipStatusEventTable {
  id: Generated<number>
  apprenticeship_id: string
  status: ApprenticeshipStatusCode
  effective_on: CalendarDate
  note: Generated<string>
  actor_id: string | null
  at: CreatedAt
}

export interface OtjLogTable {
  id: Generated<string>
  apprenticeship_id: string
  done_on: CalendarDate
  minutes: number
  activity: string
  evidence_id: string | null
  logged_by: string
  created_at: CreatedAt
}

export interface PlacementLogTable {
  id: Generated<string>
  apprenticeship_id: string
  setting: string
  starts_on: CalendarDate
  ends_on: CalendarDate
  minutes: number
  logged_by: string
  created_at: CreatedAt
}

export interface ApprenticeshipReviewTable {
  id: Generated<string>
  apprenticeship_id: string
  held_on: CalendarDate
  next_on: CalendarDate
  provider_contact: string
  notes: Generated<string>
  recorded_by: string
  created_at: CreatedAt
}

export interface ApprenticeshipGatewayTable {
  apprenticeship_id: string
  ksbs_met_on: CalendarDate | null
  modules_passed_on: CalendarDate | null
  pad_signed_on: CalendarDate | null
  english_maths_on: CalendarDate | null
  english_maths_in_plan: Generated<boolean>
  updated_by: string | null
  updated_at: UpdatedAt
}

/** Tables of apprenticeships (migration 0009). */
export interface ApprenticeshipTables {
  apprenticeship: ApprenticeshipTable
  apprenticeship_status_event: ApprenticeshipStatusEventTable
  otj_log: OtjLogTable
  placement_log: PlacementLogTable
  apprenticeship_review: ApprenticeshipReviewTable
  apprenticeship_gateway: ApprenticeshipGatewayTable
}
