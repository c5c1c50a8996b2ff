import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia'
import type { DB } from '#db/schema'
import type { Role } from './policy'

export interface SessionUserAttributes {
  email: string
  name: string
  roles: Role[]
  jobRoleCode: string | null
  teamId: string | null
}

/** Sessions are stored by a hash of their id, so a copy of the table cannot be used to sign in. */
export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex')
}

/**
 * A thin lucia adapter over Kysely. A session also ends a fixed time after sign-in, however active it
 * has been (absolute expiry), on top of lucia's sliding idle expiry.
 */
export class KyselySessionAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly absoluteHours: number,
  ) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db
      .selectFrom('user_session as s')
      .innerJoin('app_user as u', 'u.id', 's.user_id')
      .select([
        's.expires_at as expiresAt',
        'u.id as userId',
        'u.email',
        'u.name',
        'u.job_role_code as jobRoleCode',
        'u.team_id as teamId',
        sql<
          Role[]
        >`coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}')`.as(
          'roles',
        ),
      ])
      .where('s.id', '=', hashSessionId(sessionId))
      .where('u.active', '=', true)
      .where('s.created_at', '>', sql<Date>`now() - make_interval(hours => ${this.absoluteHours})`)
      .executeTakeFirst()
    if (!row) return [null, null]
    const attributes: SessionUserAttributes = {
      email: row.email,
      name: row.name,
      roles: row.roles,
      jobRoleCode: row.jobRoleCode,
      teamId: row.teamId,
    }
    return [
      { id: sessionId, userId: row.userId, expiresAt: new Date(row.expiresAt), attributes: {} },
      { id: row.userId, attributes },
    ]
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db
      .selectFrom('user_session')
      .select(['id', 'expires_at'])
      .where('user_id', '=', userId)
      .execute()
    return rows.map((row) => ({ id: row.id, userId, expiresAt: new Date(row.expires_at), attributes: {} }))
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto('user_session')
      .values({ id: hashSessionId(session.id), user_id: session.userId, expires_at: session.expiresAt })
      .execute()
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable('user_session')
      .set({ expires_at: expiresAt })
      .where('id', '=', hashSessionId(sessionId))
      .execute()
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('id', '=', hashSessionId(sessionId)).execute()
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('user_id', '=', userId).execute()
  }

  async deleteExpiredSessions(): Promise<void> {
    await deleteExpiredSessionRows(this.db, this.absoluteHours)
  }
}

/** Deletes the sessions past their idle expiry or their absolute limit; returns how many. */
export async function deleteExpiredSessionRows(db: Kysely<DB>, absoluteHours: number): Promise<number> {
  const result = await db
    .deleteFrom('user_session')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', sql<Date>`now()`),
        eb('created_at', '<=', sql<Date>`now() - make_interval(hours => ${absoluteHours})`),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
