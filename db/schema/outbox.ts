import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt } from './columns'

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
