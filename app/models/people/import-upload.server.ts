import { sql } from 'kysely'
import type { Db } from '#db/schema'
import { isUuid } from '#app/lib/ids'

/** Files that were checked but never applied are removed after a day. */
const UPLOAD_LIFETIME_HOURS = 24

/** Keeps a checked staff file until the administrator applies it (it may be too big to send back with the form). */
export async function stagePeopleUpload(
  db: Db,
  input: { fileName: string; content: Uint8Array; uploadedBy: string },
): Promise<string> {
  await db
    .deleteFrom('people_upload')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${UPLOAD_LIFETIME_HOURS})`)
    .execute()
  const { id } = await db
    .insertInto('people_upload')
    .values({ file_name: input.fileName, content: input.content, uploaded_by: input.uploadedBy })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** A staged file, only for the administrator who uploaded it. */
export async function getPeopleUpload(
  db: Db,
  input: { id: string; uploadedBy: string },
): Promise<{ fileName: string; content: Uint8Array } | undefined> {
  if (!isUuid(input.id)) return undefined
  const row = await db
    .selectFrom('people_upload')
    .select(['file_name as fileName', 'content'])
    .where('id', '=', input.id)
    .where('uploaded_by', '=', input.uploadedBy)
    .executeTakeFirst()
  return row ? { fileName: row.fileName, content: new Uint8Array(row.content) } : undefined
}

export async function removePeopleUpload(db: Db, id: string): Promise<void> {
  await db.deleteFrom('people_upload').where('id', '=', id).execute()
}
