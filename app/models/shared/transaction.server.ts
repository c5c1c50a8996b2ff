import type { Transaction } from 'kysely'
import type { DB, Db } from '#db/schema'

/**
 * Runs the work in the caller's transaction when given one, or in a new transaction otherwise, so a model write can
 * also take part in a larger unit (a one-time form token claimed with the record it creates).
 */
export function inTransaction<T>(db: Db, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>)
  return db.transaction().execute(work)
}
