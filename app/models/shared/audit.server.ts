import type { Kysely, Transaction } from 'kysely'
import type { DB } from '#db/schema'

export interface AuditEntry {
  actorId: string | null
  action: string
  subjectKind: string
  subjectId: string | null
  data?: Record<string, unknown>
}

/** Appends to the audit trail; call it inside the transaction of the change it records. */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      subject_kind: entry.subjectKind,
      subject_id: entry.subjectId,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute()
}

export interface AuditEventItem {
  id: number
  at: Date
  actorId: string | null
  action: string
  subjectKind: string
  subjectId: string | null
  data: unknown
}

export function listAuditEventsFor(db: Kysely<DB>, subjectKind: string, subjectId: string): Promise<AuditEventItem[]> {
  return db
    .selectFrom('audit_event')
    .select([
      'id',
      'at',
      'actor_id as actorId',
      'action',
      'subject_kind as subjectKind',
      'subject_id as subjectId',
      'data',
    ])
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute()
}
