import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { recordAudit } from '#app/models/shared/audit.server'
import { normaliseEmail } from './users.schema'

/** How long a started single sign-on waits for the provider to send the browser back. */
export const SSO_REQUEST_MINUTES = 10

export interface SsoLoginRequest {
  state: string
  nonce: string
  codeVerifier: string
  redirectTo: string
}

/** Removes started sign-ins whose time is up (abandoned at the provider); returns how many. */
export async function deleteStaleSsoLoginRequests(db: Kysely<DB>): Promise<number> {
  const result = await db
    .deleteFrom('sso_login_request')
    .where('created_at', '<', sql<Date>`now() - make_interval(mins => ${SSO_REQUEST_MINUTES})`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Keeps a started sign-in until its callback; stale ones are cleared on the way. */
export async function saveSsoLoginRequest(db: Kysely<DB>, request: SsoLoginRequest): Promise<void> {
  await deleteStaleSsoLoginRequests(db)
  await db
    .insertInto('sso_login_request')
    .values({
      state: request.state,
      nonce: request.nonce,
      code_verifier: request.codeVerifier,
      redirect_to: request.redirectTo,
    })
    .execute()
}

/** Takes a started sign-in by its state, once: a second callback with the same state finds nothing. */
export async function takeSsoLoginRequest(db: Kysely<DB>, state: string): Promise<SsoLoginRequest | undefined> {
  const row = await db
    .deleteFrom('sso_login_request')
    .where('state', '=', state)
    .returning(['state', 'nonce', 'code_verifier as codeVerifier', 'redirect_to as redirectTo', 'created_at'])
    .executeTakeFirst()
  if (!row || Date.now() - new Date(row.created_at).getTime() > SSO_REQUEST_MINUTES * 60_000) return undefined
  return { state: row.state, nonce: row.nonce, codeVerifier: row.codeVerifier, redirectTo: row.redirectTo }
}

export interface SsoClaims {
  issuer: string
  subject: string
  email: string | null
  emailVerified: boolean
}

export type SsoMatch =
  | { ok: true; userId: string; linked: boolean }
  | { ok: false; reason: 'unknown' | 'deactivated' | 'unverified-email' | 'linked-elsewhere' }

/**
 * Finds the account for a person the provider vouched for: by (issuer, subject) once linked, otherwise by their
 * work email, which the provider must say it has verified, and then links the two so that later sign-ins no
 * longer depend on the address. An account already linked to another identity at the same provider is not
 * linked again by email: an address handed on to someone new must not open the old holder's account.
 */
export async function matchSsoPerson(db: Kysely<DB>, claims: SsoClaims): Promise<SsoMatch> {
  const linked = await db
    .selectFrom('sso_identity as i')
    .innerJoin('app_user as u', 'u.id', 'i.user_id')
    .select(['u.id', 'u.active'])
    .where('i.issuer', '=', claims.issuer)
    .where('i.subject', '=', claims.subject)
    .executeTakeFirst()
  if (linked) {
    if (!linked.active) return { ok: false, reason: 'deactivated' }
    await db
      .updateTable('sso_identity')
      .set({ last_used_at: new Date() })
      .where('issuer', '=', claims.issuer)
      .where('subject', '=', claims.subject)
      .execute()
    return { ok: true, userId: linked.id, linked: false }
  }

  if (!claims.email) return { ok: false, reason: 'unknown' }
  if (!claims.emailVerified) return { ok: false, reason: 'unverified-email' }
  const person = await db
    .selectFrom('app_user as u')
    .select([
      'u.id',
      'u.active',
      sql<boolean>`exists (select 1 from sso_identity i where i.user_id = u.id and i.issuer = ${claims.issuer})`.as(
        'hasIdentity',
      ),
    ])
    .where(sql`lower(u.email)`, '=', normaliseEmail(claims.email))
    .executeTakeFirst()
  if (!person) return { ok: false, reason: 'unknown' }
  if (!person.active) return { ok: false, reason: 'deactivated' }
  if (person.hasIdentity) return { ok: false, reason: 'linked-elsewhere' }

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sso_identity')
      .values({ issuer: claims.issuer, subject: claims.subject, user_id: person.id })
      // Two callbacks at once for the same person: the second finds the link made.
      .onConflict((oc) => oc.doNothing())
      .execute()
    await recordAudit(trx, {
      actorId: person.id,
      action: 'user.sso_linked',
      subjectKind: 'person',
      subjectId: person.id,
      data: { issuer: claims.issuer },
    })
  })
  return { ok: true, userId: person.id, linked: true }
}
