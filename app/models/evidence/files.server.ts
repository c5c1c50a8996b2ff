import { type Kysely, sql } from 'kysely'
import type { DB, Db } from '#db/schema'
import { inTransaction } from '#app/models/shared/transaction.server'
import { appendRevision, lockEvidenceForChange } from './revisions.server'
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  ENTRY_ATTACHMENTS_MAX_BYTES,
  formatBytes,
  safeFileName,
  sniffAttachment,
} from './file-types.rules'
import { databaseFileStorage, type FileStorage } from './file-storage.server'
import { isUuid } from '#app/lib/ids'
import { RuleError } from '#app/lib/rule-error'

export class AttachmentRefusedError extends RuleError {
  constructor(message: string) {
    super(message, 'file')
  }
}

export interface EvidenceFileItem {
  id: string
  fileName: string
  mediaType: string
  sizeBytes: number
  uploadedAt: Date
}

/**
 * Adds a file to an entry as a new revision; the type is read from the content, never from the name. Given a
 * transaction (the upload form's one-time token), the file is kept only if the whole unit is.
 */
export async function attachEvidenceFile(
  db: Db,
  input: {
    evidenceId: string
    actorId: string
    fileName: string
    bytes: Uint8Array
    storage?: FileStorage
    limits?: { fileBytes: number; entryBytes: number }
    confirmedSignoffs?: ReadonlySet<string>
  },
): Promise<string> {
  const limits = input.limits ?? { fileBytes: ATTACHMENT_MAX_BYTES, entryBytes: ENTRY_ATTACHMENTS_MAX_BYTES }
  if (input.bytes.byteLength === 0) throw new AttachmentRefusedError('The file is empty')
  if (input.bytes.byteLength > limits.fileBytes) {
    throw new AttachmentRefusedError(
      `The file is ${formatBytes(input.bytes.byteLength)}; each file can be up to ${formatBytes(limits.fileBytes)}`,
    )
  }
  const kind = sniffAttachment(input.bytes)
  if (!kind) {
    throw new AttachmentRefusedError(
      "This file's content is not a PDF, PNG, JPEG, Word document or plain text file, whatever its name says",
    )
  }
  return inTransaction(db, async (trx) => {
    await lockEvidenceForChange(trx, input.evidenceId)
    const { used } = await trx
      .selectFrom('evidence_file')
      .select(sql<number>`coalesce(sum(size_bytes), 0)::int`.as('used'))
      .where('evidence_id', '=', input.evidenceId)
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow()
    if (used + input.bytes.byteLength > limits.entryBytes) {
      throw new AttachmentRefusedError(
        `This entry already has ${formatBytes(used)} of files; together they can be up to ${formatBytes(limits.entryBytes)}`,
      )
    }
    const stored = await (input.storage ?? databaseFileStorage(trx)).put(input.bytes)
    const { id } = await trx
      .insertInto('evidence_file')
      .values({
        evidence_id: input.evidenceId,
        file_name: safeFileName(input.fileName, kind),
        media_type: ATTACHMENT_TYPES[kind].mediaType,
        size_bytes: input.bytes.byteLength,
        sha256: stored.sha256,
        storage_key: stored.key,
        uploaded_by: input.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await appendRevision(trx, {
      evidenceId: input.evidenceId,
      event: 'file-added',
      actorId: input.actorId,
      confirmedSignoffs: input.confirmedSignoffs,
    })
    return id
  })
}

/** Takes a file off an entry as a new revision; its bytes are kept for the revisions that showed it. */
export async function removeEvidenceFile(
  db: Kysely<DB>,
  input: { evidenceId: string; fileId: string; actorId: string; confirmedSignoffs?: ReadonlySet<string> },
): Promise<boolean> {
  if (!isUuid(input.fileId)) return false
  return db.transaction().execute(async (trx) => {
    await lockEvidenceForChange(trx, input.evidenceId)
    const result = await trx
      .updateTable('evidence_file')
      .set({ removed_at: sql`now()` })
      .where('id', '=', input.fileId)
      .where('evidence_id', '=', input.evidenceId)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) return false
    await appendRevision(trx, {
      evidenceId: input.evidenceId,
      event: 'file-removed',
      actorId: input.actorId,
      confirmedSignoffs: input.confirmedSignoffs,
    })
    return true
  })
}

export function listEvidenceFiles(db: Kysely<DB>, evidenceId: string): Promise<EvidenceFileItem[]> {
  return db
    .selectFrom('evidence_file')
    .select([
      'id',
      'file_name as fileName',
      'media_type as mediaType',
      'size_bytes as sizeBytes',
      'uploaded_at as uploadedAt',
    ])
    .where('evidence_id', '=', evidenceId)
    .where('removed_at', 'is', null)
    .orderBy('uploaded_at')
    .execute()
}

/** A file of the entry (removed ones too: a reviewer may need what an earlier revision showed). */
export async function getEvidenceFile(
  db: Kysely<DB>,
  input: { evidenceId: string; fileId: string; storage?: FileStorage },
): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array } | undefined> {
  if (!isUuid(input.fileId)) return undefined
  const row = await db
    .selectFrom('evidence_file')
    .select(['file_name as fileName', 'media_type as mediaType', 'storage_key as storageKey'])
    .where('id', '=', input.fileId)
    .where('evidence_id', '=', input.evidenceId)
    .executeTakeFirst()
  if (!row) return undefined
  const bytes = await (input.storage ?? databaseFileStorage(db)).get(row.storageKey)
  return bytes ? { fileName: row.fileName, mediaType: row.mediaType, bytes } : undefined
}
