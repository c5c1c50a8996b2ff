import type { Kysely, Transaction } from 'kysely'
import type { DB, Db } from '#db/schema'
import { RuleError } from '#app/lib/rule-error'
import { inTransaction } from './transaction.server'

/** The token was claimed by another person, or by a different form: nothing is shown of what it made. */
export class FormTokenTakenError extends RuleError {
  constructor() {
    super(
      'This form was already sent from another page, so nothing was saved. Check the details and send it again.',
      'formToken',
      409,
    )
  }
}

export interface FormSubmissionKey {
  token: string
  userId: string
  /** What the form makes and for whom (`supervision-session/<person id>`): a token replays only the same form. */
  kind: string
}

export interface SubmitOnce<T> {
  result: T
  /** True when the token had been used already and `result` is what its first submission made. */
  replayed: boolean
}

/**
 * Creates a record once per form token. The token is claimed in the same transaction as the create, so either both
 * are kept or neither is (a refused submission can be corrected and sent again with the same token). A second
 * submission with the token gets the first one's result instead of a new record; when two arrive together the
 * second waits on the first's claim (the primary key) and then reads its result. `create` must return plain JSON.
 */
export async function submitOnce<T>(
  db: Db,
  key: FormSubmissionKey,
  create: (trx: Transaction<DB>) => Promise<T>,
): Promise<SubmitOnce<T>> {
  return inTransaction(db, async (trx) => {
    const claimed = await trx
      .insertInto('form_submission')
      .values({ token: key.token, user_id: key.userId, kind: key.kind, result: 'null' })
      .onConflict((conflict) => conflict.column('token').doNothing())
      .returning('token')
      .executeTakeFirst()
    if (!claimed) {
      const earlier = await trx
        .selectFrom('form_submission')
        .select(['user_id as userId', 'kind', 'result'])
        .where('token', '=', key.token)
        .executeTakeFirst()
      if (!earlier || earlier.userId !== key.userId || earlier.kind !== key.kind) throw new FormTokenTakenError()
      return { result: earlier.result as T, replayed: true }
    }
    const result = await create(trx)
    await trx
      .updateTable('form_submission')
      .set({ result: JSON.stringify(result ?? null) })
      .where('token', '=', key.token)
      .execute()
    return { result, replayed: false }
  })
}

/** How long a claimed token is kept: long enough for any resend, from a tab left open over a weekend. */
export const FORM_TOKEN_KEEP_DAYS = 7

/** The time before which claimed tokens can go. */
export function formTokensExpireBefore(now: Date = new Date()): Date {
  return new Date(now.getTime() - FORM_TOKEN_KEEP_DAYS * 24 * 60 * 60_000)
}

/** Removes claimed tokens older than the given time: by then nobody is sending those forms again. */
export async function purgeFormSubmissions(db: Kysely<DB>, olderThan: Date): Promise<number> {
  const result = await db.deleteFrom('form_submission').where('created_at', '<', olderThan).executeTakeFirst()
  return Number(result.numDeletedRows)
}
