import type { ColumnType, Generated } from 'kysely'
import type { CalendarDate, UpdatedAt } from './columns'

export interface HcpcRegistrationTable {
  person_id: string
  /** The HCPC profession prefix: 'OT'. */
  profession_code: string
  number: string
  first_registered_on: CalendarDate
  expires_on: CalendarDate
  last_checked_on: CalendarDate | null
  last_checked_by: string | null
  recorded_by: string
  /** London date of the last change to number or dates: a register check before it does not cover them. */
  recorded_on: CalendarDate
  updated_at: UpdatedAt
}

export type HcpcRegistrationEventKind = 'recorded' | 'updated' | 'checked'

export interface HcpcRegistrationEventTable {
  id: Generated<number>
  person_id: string
  kind: HcpcRegistrationEventKind
  profession_code: string
  number: string
  first_registered_on: CalendarDate
  expires_on: CalendarDate
  checked_on: CalendarDate | null
  actor_id: string
  at: ColumnType<Date, Date | string | undefined, never>
}

export interface CalendarFeedTable {
  person_id: string
  /** SHA-256 (hex) of the secret in the feed's URL. */
  token_hash: string
  created_at: UpdatedAt
}

/** Tables of HCPC registration and the calendar feed (migration 0008). */
export interface RegistrationTables {
  hcpc_registration: HcpcRegistrationTable
  hcpc_registration_event: HcpcRegistrationEventTable
  calendar_feed: CalendarFeedTable
}
