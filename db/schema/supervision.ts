import type { Generated } from 'kysely'
import type { CalendarDate, CreatedAt, UpdatedAt } from './columns'

export interface SupervisionLinkTable {
  id: Generated<string>
  supervisor_id: string
  supervisee_id: string
  starts_on: CalendarDate
  ends_on: CalendarDate | null
  frequency_days: number
  created_at: CreatedAt
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
