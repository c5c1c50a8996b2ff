import { createHash, randomBytes } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import { recordAudit } from '#app/models/shared/audit.server'
import { type CalendarEvent, buildCalendar } from './calendar-feed.rules'
import { findProfession, windowForExpiry } from './registration.rules'
import { hcpcRules } from './hcpc-rules.data'
import { todayInLondon } from '#app/lib/dates'
import { OPEN_STATUSES } from '#app/models/apprenticeship/statuses.rules'
import { getSupervisionPerson } from '#app/models/supervision/overview.server'

const DOMAIN = 'ot-capability-portal'

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Tokens are 32 random bytes in base64url: anything else cannot be one, and is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export async function getCalendarFeedInfo(db: Kysely<DB>, personId: string): Promise<{ createdAt: Date } | undefined> {
  return db
    .selectFrom('calendar_feed')
    .select(['created_at as createdAt'])
    .where('person_id', '=', personId)
    .executeTakeFirst()
}

/**
 * Makes a new secret for the person's feed and returns it; the old URL stops working at once.
 * Only the hash is stored, so the caller must show the URL now.
 */
export async function resetCalendarFeed(db: Kysely<DB>, input: { personId: string; actorId: string }): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await db.transaction().execute(async (trx) => {
    const row = { token_hash: hashToken(token), created_at: new Date() }
    const previous = await trx
      .selectFrom('calendar_feed')
      .select('person_id')
      .where('person_id', '=', input.personId)
      .executeTakeFirst()
    await trx
      .insertInto('calendar_feed')
      .values({ person_id: input.personId, ...row })
      .onConflict((oc) => oc.column('person_id').doUpdateSet(row))
      .execute()
    await recordAudit(trx, {
      actorId: input.actorId,
      action: previous ? 'calendar_feed.reset' : 'calendar_feed.created',
      subjectKind: 'person',
      subjectId: input.personId,
    })
  })
  return token
}

export async function findCalendarFeedOwner(db: Kysely<DB>, token: string): Promise<string | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined
  const row = await db
    .selectFrom('calendar_feed as f')
    .innerJoin('app_user as u', 'u.id', 'f.person_id')
    .select('f.person_id as personId')
    .where('f.token_hash', '=', hashToken(token))
    .where('u.active', '=', true)
    .executeTakeFirst()
  return row?.personId
}

/**
 * The person's calendar: the end of their HCPC registration (and its renewal window), their supervision sessions,
 * held and planned, as supervisee or supervisor, and what falls due: their next supervision by the frequency rules,
 * their open supervision actions and their next apprenticeship review. No notes and no action texts: the feed URL
 * can be shared by accident.
 */
export async function buildPersonCalendar(db: Kysely<DB>, input: { personId: string; now: Date }): Promise<string> {
  const registration = await db
    .selectFrom('hcpc_registration')
    .select(['profession_code as professionCode', 'number', 'expires_on as expiresOn'])
    .where('person_id', '=', input.personId)
    .executeTakeFirst()
  const sessions = await db
    .selectFrom('supervision_session as s')
    .innerJoin('app_user as sup', 'sup.id', 's.supervisor_id')
    .innerJoin('app_user as ee', 'ee.id', 's.supervisee_id')
    .select([
      's.id',
      's.held_on as heldOn',
      's.next_on as nextOn',
      's.supervisor_id as supervisorId',
      's.supervisee_id as superviseeId',
      'sup.name as supervisorName',
      'ee.name as superviseeName',
    ])
    .where((eb) => eb.or([eb('s.supervisor_id', '=', input.personId), eb('s.supervisee_id', '=', input.personId)]))
    .where('s.held_on', '>=', sql<string>`(current_date - interval '2 years')::date`)
    .orderBy('s.held_on')
    .execute()
  const events: CalendarEvent[] = []
  if (registration) {
    events.push({
      uid: `hcpc-expiry-${input.personId}-${registration.expiresOn}@${DOMAIN}`,
      date: registration.expiresOn,
      summary: `HCPC registration ${registration.number} ends`,
      description: 'Renew before the end of this day: the registration lapses the day after.',
    })
    const profession = findProfession(hcpcRules(), registration.professionCode)
    const window = profession ? windowForExpiry(profession, registration.expiresOn) : undefined
    if (window) {
      events.push({
        uid: `hcpc-window-${input.personId}-${window.cycle}@${DOMAIN}`,
        date: window.opens,
        summary: 'HCPC renewal window opens',
        description: `Renew by ${window.closes}: complete the professional declaration and pay the fee.`,
      })
    }
  }
  // Only the latest session of each pair says when the next one is due; earlier plans were overtaken.
  const latest = new Map<string, (typeof sessions)[number]>()
  for (const session of sessions) {
    const other = session.supervisorId === input.personId ? session.superviseeName : session.supervisorName
    events.push({
      uid: `supervision-${session.id}@${DOMAIN}`,
      date: session.heldOn,
      summary: `Supervision with ${other}`,
    })
    latest.set(`${session.supervisorId}:${session.superviseeId}`, session)
  }
  for (const session of latest.values()) {
    if (!session.nextOn) continue
    const other = session.supervisorId === input.personId ? session.superviseeName : session.supervisorName
    events.push({
      uid: `supervision-next-${session.id}@${DOMAIN}`,
      date: session.nextOn,
      summary: `Supervision due with ${other}`,
    })
  }
  events.push(...(await dueDates(db, input.personId, todayInLondon(input.now))))
  return buildCalendar({ name: 'OT portal: registration and supervision', events, now: input.now })
}

/** Dates something falls due for the person, from the same rules as their supervision and apprenticeship pages. */
async function dueDates(db: Kysely<DB>, personId: string, today: string): Promise<CalendarEvent[]> {
  const events: CalendarEvent[] = []
  const supervision = await getSupervisionPerson(db, personId, today)
  const due = supervision?.schedule.due
  if (due) {
    events.push({
      uid: `supervision-due-${personId}@${DOMAIN}`,
      date: due.dueOn,
      summary: due.overdue ? 'Supervision overdue' : 'Supervision due',
      description: `Your role's supervision is ${supervision.schedule.every}.`,
    })
  }
  const actions = await db
    .selectFrom('supervision_action')
    .select(['id', 'due_on as dueOn'])
    .where('owner_id', '=', personId)
    .where('done_at', 'is', null)
    .where('due_on', 'is not', null)
    .execute()
  for (const action of actions) {
    events.push({
      uid: `supervision-action-${action.id}@${DOMAIN}`,
      date: action.dueOn!,
      summary: 'Supervision action due',
      description: 'An action agreed in supervision is due. Open the portal to see it.',
    })
  }
  const review = await db
    .selectFrom('apprenticeship as a')
    .innerJoin('apprenticeship_review as r', 'r.apprenticeship_id', 'a.id')
    .select(['a.id', 'r.next_on as nextOn'])
    .where('a.person_id', '=', personId)
    .where('a.status', 'in', OPEN_STATUSES)
    .orderBy('r.held_on', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (review) {
    events.push({
      uid: `apprenticeship-review-${review.id}@${DOMAIN}`,
      date: review.nextOn,
      summary: 'Apprenticeship progress review due',
      description: 'The next review with your training provider and employer (at most 12 weeks after the last).',
    })
  }
  return events
}
