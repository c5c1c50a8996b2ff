import { createHash, randomBytes } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { formatUkDateTime } from '#app/lib/dates'
import { hashPassword } from '#app/lib/password.server'
import { RuleError } from '#app/lib/rule-error'
import { enqueueMessage } from '#app/models/outbox/outbox.server'
import { recordAudit } from '#app/models/shared/audit.server'

/** The address of the page that takes a token, so that routes and emails agree. */
export function passwordResetPath(token: string): string {
  return `/reset-password/${token}`
}

/** What is stored of a token: its SHA-256, so that a copy of the database does not hold a working link. */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A token has 256 random bits, written in base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export class PasswordResetRuleError extends RuleError {}

export interface IssuedReset {
  token: string
  expiresAt: Date
  /** True when the link was queued to the person's email. */
  emailed: boolean
}

/**
 * Issues a one-time link for an active person to set a new password, replacing any earlier link they have not used.
 * With email configured the link is queued to them through the outbox; otherwise the caller shows it once to the
 * administrator, who passes it on. Only the token's hash is kept.
 */
export async function issuePasswordReset(
  db: Kysely<DB>,
  input: {
    personId: string
    actorId: string
    hours: number
    /** The site's origin, for the link in the email: https://portal.example */
    origin: string
    sendEmail: boolean
    now?: Date
  },
): Promise<IssuedReset | undefined> {
  const now = input.now ?? new Date()
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + input.hours * 60 * 60_000)
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('app_user')
      .select(['id', 'name', 'active'])
      .where('id', '=', input.personId)
      .forUpdate()
      .executeTakeFirst()
    if (!person) return undefined
    if (!person.active) {
      throw new PasswordResetRuleError('Reactivate the account before issuing a password reset link', 'reset')
    }
    await trx.deleteFrom('password_reset').where('user_id', '=', person.id).where('used_at', 'is', null).execute()
    const { id } = await trx
      .insertInto('password_reset')
      .values({
        user_id: person.id,
        token_hash: hashResetToken(token),
        created_by: input.actorId,
        created_at: now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const emailed = input.sendEmail
      ? await enqueueMessage(trx, {
          kind: 'password.reset',
          recipientId: person.id,
          template: 'password-reset',
          personalisation: {
            name: person.name,
            link: `${input.origin}${passwordResetPath(token)}`,
            expires: formatUkDateTime(expiresAt),
          },
          dedupeKey: `password-reset:${id}`,
        })
      : false
    await recordAudit(trx, {
      actorId: input.actorId,
      action: 'user.password_reset_issued',
      subjectKind: 'person',
      subjectId: person.id,
      data: { expiresAt: expiresAt.toISOString(), emailed },
    })
    return { token, expiresAt, emailed }
  })
}

export type ResetTokenState =
  { state: 'valid'; personName: string; expiresAt: Date } | { state: 'expired' | 'used' | 'unknown' }

/** What a token in an address is worth: usable, expired, used, or not one the portal issued. */
export async function checkResetToken(db: Kysely<DB>, token: string, now = new Date()): Promise<ResetTokenState> {
  if (!TOKEN_SHAPE.test(token)) return { state: 'unknown' }
  const row = await db
    .selectFrom('password_reset as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['u.name', 'u.active', 'r.expires_at as expiresAt', 'r.used_at as usedAt'])
    .where('r.token_hash', '=', hashResetToken(token))
    .executeTakeFirst()
  if (!row || !row.active) return { state: 'unknown' }
  if (row.usedAt) return { state: 'used' }
  if (row.expiresAt <= now) return { state: 'expired' }
  return { state: 'valid', personName: row.name, expiresAt: row.expiresAt }
}

/**
 * Sets the person's new password with a token, once: the token is marked used and every session the person has
 * ends, so whoever held the old password is signed out. Returns the token's state when it cannot be used.
 */
export async function redeemPasswordReset(
  db: Kysely<DB>,
  input: { token: string; newPassword: string; now?: Date },
): Promise<{ ok: true } | { ok: false; state: 'expired' | 'used' | 'unknown' }> {
  const now = input.now ?? new Date()
  const before = await checkResetToken(db, input.token, now)
  if (before.state !== 'valid') return { ok: false, state: before.state }
  const hash = await hashPassword(input.newPassword)
  return db.transaction().execute(async (trx) => {
    // Locked, so that the same link sent twice at once sets the password once.
    const reset = await trx
      .selectFrom('password_reset as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.user_id as userId', 'r.expires_at as expiresAt', 'r.used_at as usedAt', 'u.active'])
      .where('r.token_hash', '=', hashResetToken(input.token))
      .forUpdate()
      .executeTakeFirst()
    if (!reset || !reset.active) return { ok: false, state: 'unknown' } as const
    if (reset.usedAt) return { ok: false, state: 'used' } as const
    if (reset.expiresAt <= now) return { ok: false, state: 'expired' } as const
    await trx.updateTable('password_reset').set({ used_at: now }).where('id', '=', reset.id).execute()
    await trx
      .insertInto('user_password')
      .values({ user_id: reset.userId, hash })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ hash, updated_at: sql`now()` }))
      .execute()
    const sessions = await trx.deleteFrom('user_session').where('user_id', '=', reset.userId).executeTakeFirst()
    await recordAudit(trx, {
      actorId: reset.userId,
      action: 'user.password_reset_used',
      subjectKind: 'person',
      subjectId: reset.userId,
      data: { sessionsEnded: Number(sessions.numDeletedRows) },
    })
    return { ok: true } as const
  })
}
