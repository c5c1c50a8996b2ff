import { type Transaction, sql } from 'kysely'
import type { DB } from '#db/schema'
import { SUPERVISION_FREQUENCY } from './frequency.data'
import { settledFrequencyDays } from './supervision.rules'
import { SupervisionRuleError } from './sessions.server'

export interface BatchLink {
  supervisorId: string
  superviseeId: string
  startsOn: string
}

const CHUNK = 1000

/**
 * Starts many open-ended links at once with the rules of `startSupervisionLink`: nobody supervises themselves, the
 * supervisor is active and holds the supervisor role, the supervisee is active and not an administrator, and no
 * link between the same two people already covers the start date. Any breach refuses the whole batch.
 */
export async function startSupervisionLinks(
  trx: Transaction<DB>,
  links: BatchLink[],
  actorId: string | null,
): Promise<number> {
  if (links.length === 0) return 0
  const ids = [...new Set(links.flatMap((l) => [l.supervisorId, l.superviseeId]))]
  const people = await trx
    .selectFrom('app_user as u')
    .select((eb) => [
      'u.id',
      'u.name',
      'u.active',
      'u.job_role_code as jobRoleCode',
      eb
        .exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'supervisor'))
        .as('isSupervisor'),
      eb
        .exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'admin'))
        .as('isAdmin'),
    ])
    .where(sql<boolean>`u.id = any(${ids}::uuid[])`)
    .execute()
  const byId = new Map(people.map((p) => [p.id, p]))
  const existing = await trx
    .selectFrom('supervision_link')
    .select(['supervisor_id as supervisorId', 'supervisee_id as superviseeId', 'ends_on as endsOn'])
    .where(sql<boolean>`supervisee_id = any(${ids}::uuid[])`)
    .execute()
  for (const link of links) {
    const supervisor = byId.get(link.supervisorId)
    const supervisee = byId.get(link.superviseeId)
    if (link.supervisorId === link.superviseeId) throw new SupervisionRuleError('A person cannot supervise themselves')
    if (!supervisor?.active || !supervisor.isSupervisor) {
      throw new SupervisionRuleError('Choose an active person with the supervisor role', 'supervisorId')
    }
    if (!supervisee?.active) throw new SupervisionRuleError('Choose an active person', 'superviseeId')
    if (supervisee.isAdmin) {
      throw new SupervisionRuleError(`${supervisee.name} has an administrator account, which is not supervised`)
    }
    const clash = existing.some(
      (e) =>
        e.supervisorId === link.supervisorId &&
        e.superviseeId === link.superviseeId &&
        (e.endsOn === null || e.endsOn >= link.startsOn),
    )
    if (clash) {
      throw new SupervisionRuleError(`${supervisee.name} already has a link to ${supervisor.name} on these dates`)
    }
  }
  for (let i = 0; i < links.length; i += CHUNK) {
    const chunk = links.slice(i, i + CHUNK)
    const rows = await trx
      .insertInto('supervision_link')
      .values(
        chunk.map((l) => ({
          supervisor_id: l.supervisorId,
          supervisee_id: l.superviseeId,
          starts_on: l.startsOn,
          ends_on: null,
          frequency_days: settledFrequencyDays(SUPERVISION_FREQUENCY, byId.get(l.superviseeId)!.jobRoleCode),
        })),
      )
      .returning(['id', 'supervisor_id as supervisorId', 'supervisee_id as superviseeId', 'starts_on as startsOn'])
      .execute()
    await trx
      .insertInto('audit_event')
      .values(
        rows.map((row) => ({
          actor_id: actorId,
          action: 'supervision_link.created',
          subject_kind: 'person',
          subject_id: row.superviseeId,
          data: JSON.stringify({
            linkId: row.id,
            supervisorId: row.supervisorId,
            startsOn: row.startsOn,
            endsOn: null,
          }),
        })),
      )
      .execute()
  }
  return links.length
}
