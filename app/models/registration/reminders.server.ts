import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { addDays, formatUkDate } from '#app/lib/dates'
import type { OutgoingMessage } from '#app/models/outbox/outbox.server'
import { assessRegistration, dueReminderOffset } from './registration.rules'
import { hcpcRules } from './hcpc-rules.data'
import { isCurrentLink, listActivePrincipals } from '#app/models/shared/scope.server'

/** Active people in roles that need registration, with a registration ending in the given range. */
function registrationsEnding(db: Kysely<DB>, range: { from?: string; to?: string }) {
  let query = db
    .selectFrom('hcpc_registration as r')
    .innerJoin('app_user as u', 'u.id', 'r.person_id')
    .innerJoin('job_role as j', 'j.code', 'u.job_role_code')
    .select([
      'u.id as personId',
      'u.name',
      'r.profession_code as professionCode',
      'r.number',
      'r.first_registered_on as firstRegisteredOn',
      'r.expires_on as expiresOn',
      'r.last_checked_on as lastCheckedOn',
      'r.recorded_on as recordedOn',
    ])
    .where('u.active', '=', true)
    .where('j.hcpc_registered', '=', true)
  if (range.from) query = query.where('r.expires_on', '>=', range.from)
  if (range.to) query = query.where('r.expires_on', '<=', range.to)
  return query.orderBy('r.expires_on').orderBy('u.id').execute()
}

/**
 * 90, 60, 30 and 7 days before a registration ends (offsets from framework-data), one message to the registrant.
 * The key names the person, the offset and the expiry date, so a renewal (a new date) starts afresh.
 */
export async function hcpcExpiryReminders(db: Kysely<DB>, today: string): Promise<OutgoingMessage[]> {
  const rules = hcpcRules()
  const furthest = Math.max(...rules.reminderOffsetsDays)
  const rows = await registrationsEnding(db, { from: today, to: addDays(today, furthest) })
  return rows.flatMap((row) => {
    const offset = dueReminderOffset(rules, row.expiresOn, today)
    if (offset === undefined) return []
    const standing = assessRegistration(rules, { required: true, record: row }, today)
    return [
      {
        kind: 'hcpc.expiry',
        recipientId: row.personId,
        template: 'hcpc-expiry',
        personalisation: {
          name: row.name,
          registration_number: row.number,
          expiry_date: formatUkDate(row.expiresOn),
          days_left: String(standing.daysLeft),
          window_closes: standing.window ? formatUkDate(standing.window.closes) : formatUkDate(row.expiresOn),
        },
        dedupeKey: `hcpc-expiry:${offset}:${row.personId}:${row.expiresOn}`,
      },
    ]
  })
}

/**
 * A lapse stops the person practising as an OT that day (FACTS §4.3): the registrant, their supervisors today
 * and every principal OT are told, once per lapse.
 */
export async function hcpcLapsedReminders(db: Kysely<DB>, today: string): Promise<OutgoingMessage[]> {
  const rules = hcpcRules()
  const rows = (await registrationsEnding(db, { to: addDays(today, -1) })).filter(
    (row) => assessRegistration(rules, { required: true, record: row }, today).status === 'lapsed',
  )
  if (rows.length === 0) return []
  const principals = await listActivePrincipals(db)
  const supervisors = await db
    .selectFrom('supervision_link as l')
    .innerJoin('app_user as s', 's.id', 'l.supervisor_id')
    .select(['l.supervisee_id as superviseeId', 's.id', 's.name'])
    .where(
      'l.supervisee_id',
      'in',
      rows.map((row) => row.personId),
    )
    .where(isCurrentLink('l', today))
    .where('s.active', '=', true)
    .execute()
  return rows.flatMap((row) => {
    const standing = assessRegistration(rules, { required: true, record: row }, today)
    const base = {
      person_name: row.name,
      registration_number: row.number,
      expiry_date: formatUkDate(row.expiresOn),
      lapsed_on: formatUkDate(addDays(row.expiresOn, 1)),
    }
    const key = (recipientId: string) => `hcpc-lapsed:${row.personId}:${row.expiresOn}:${recipientId}`
    const colleagues = new Map<string, string>()
    for (const s of supervisors) if (s.superviseeId === row.personId) colleagues.set(s.id, s.name)
    for (const p of principals) colleagues.set(p.id, p.name)
    colleagues.delete(row.personId)
    return [
      {
        kind: 'hcpc.lapsed',
        recipientId: row.personId,
        template: 'hcpc-lapsed',
        personalisation: { name: row.name, ...base, explanation: standing.explanation },
        dedupeKey: key(row.personId),
      },
      ...[...colleagues].map(([id, name]) => ({
        kind: 'hcpc.lapsed',
        recipientId: id,
        template: 'hcpc-lapsed-colleague',
        personalisation: { name, ...base },
        dedupeKey: key(id),
      })),
    ]
  })
}
