import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { isUuid } from '#app/lib/ids'

/** Uploads that were checked but never imported are removed after a day. */
const UPLOAD_LIFETIME_HOURS = 24

export async function stageFrameworkUpload(
  db: Kysely<DB>,
  input: { fileName: string; versionLabel: string; content: Uint8Array; uploadedBy: string },
): Promise<string> {
  await db
    .deleteFrom('framework_upload')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${UPLOAD_LIFETIME_HOURS})`)
    .execute()
  const { id } = await db
    .insertInto('framework_upload')
    .values({
      file_name: input.fileName,
      version_label: input.versionLabel,
      content: input.content,
      uploaded_by: input.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** A staged upload, only for the person who made it. */
export async function getStagedUpload(
  db: Kysely<DB>,
  input: { id: string; uploadedBy: string },
): Promise<{ fileName: string; versionLabel: string; content: Uint8Array } | undefined> {
  if (!isUuid(input.id)) return undefined
  const row = await db
    .selectFrom('framework_upload')
    .select(['file_name as fileName', 'version_label as versionLabel', 'content'])
    .where('id', '=', input.id)
    .where('uploaded_by', '=', input.uploadedBy)
    .executeTakeFirst()
  return row ? { ...row, content: new Uint8Array(row.content) } : undefined
}

export async function removeStagedUpload(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('framework_upload').where('id', '=', id).execute()
}
