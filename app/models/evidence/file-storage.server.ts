import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '#db/schema'

/** Where attachment bytes live. The database is the default; an object store can implement the same two calls. */
export interface FileStorage {
  /** Stores the bytes (once per content) and returns the key to fetch them by. */
  put(bytes: Uint8Array): Promise<{ key: string; sha256: string }>
  get(key: string): Promise<Uint8Array | undefined>
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function databaseFileStorage(db: Kysely<DB> | Transaction<DB>): FileStorage {
  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes)
      await db
        .insertInto('file_blob')
        .values({ sha256, bytes, size_bytes: bytes.byteLength })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute()
      return { key: `db:${sha256}`, sha256 }
    },
    async get(key) {
      if (!key.startsWith('db:')) return undefined
      const row = await db.selectFrom('file_blob').select('bytes').where('sha256', '=', key.slice(3)).executeTakeFirst()
      return row ? new Uint8Array(row.bytes) : undefined
    },
  }
}
