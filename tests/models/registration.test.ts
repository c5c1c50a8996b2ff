import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { todayInLondon } from '#app/lib/dates'
import { buildPersonCalendar } from '#app/models/registration/calendar-feed.server'
import { buildCalendar } from '#app/models/registration/calendar-feed.rules'
import {
  RegistrationRuleError,
  listRegistrationHistory,
  listRegistrations,
  markRegistrationChecked,
  saveRegistration,
} from '#app/models/registration/registration.server'
import { seedDemo } from '#scripts/demo/seed'
import { makeRegistration, makeSupervision, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()

describe('registration records', () => {
  it('keeps every change and check as history that the database will not alter', async () => {
    const person = await makeUser(db)
    const checker = await makeUser(db, { roles: ['staff', 'principal'] })
    await makeRegistration(db, person, { number: 'OT9001', expiresOn: '2027-10-31', today: '2026-11-01' })
    await markRegistrationChecked(db, { personId: person.id, actorId: checker.id, today: '2026-11-02' })
    const form = { number: 'OT9001', firstRegisteredOn: '2015-09-01', expiresOn: '2029-10-31' }
    await saveRegistration(db, { personId: person.id, actorId: person.id, form, today: '2027-09-01' })
    const history = await listRegistrationHistory(db, person.id)
    expect(history.map((e) => [e.kind, e.expiresOn, e.checkedOn])).toEqual([
      ['updated', '2029-10-31', null],
      ['checked', '2027-10-31', '2026-11-02'],
      ['recorded', '2027-10-31', null],
    ])
    await expect(
      sql`update hcpc_registration_event set number = 'OT1' where person_id = ${person.id}`.execute(db),
    ).rejects.toThrow(/append-only/)
    await expect(sql`delete from hcpc_registration_event where person_id = ${person.id}`.execute(db)).rejects.toThrow(
      /append-only/,
    )
  })

  it('refuses dates that break the rules in the model as well as in the form', async () => {
    const person = await makeUser(db)
    const form = { number: 'OT9002', firstRegisteredOn: '2020-01-01', expiresOn: '2019-01-01' }
    await expect(saveRegistration(db, { personId: person.id, actorId: person.id, form, today })).rejects.toBeInstanceOf(
      RegistrationRuleError,
    )
  })

  it('scopes the list in SQL: a supervisor sees current supervisees only', async () => {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const current = await makeUser(db)
    const former = await makeUser(db)
    await makeSupervision(db, supervisor, current)
    await makeSupervision(db, supervisor, former, { startsOn: '2023-01-01', endsOn: '2024-01-01' })
    const rows = await listRegistrations(db, supervisor, today)
    expect(rows.map((r) => r.id)).toEqual([current.id])
  })
})

describe('the calendar', () => {
  it('lists the registration end, the renewal window and supervision dates without notes', async () => {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam; Senior, OT' })
    const person = await makeUser(db)
    await makeSupervision(db, supervisor, person)
    await makeRegistration(db, person, { expiresOn: '2027-10-31', today: '2026-11-01' })
    // Supervision sessions are recorded elsewhere; inserted directly here to give the feed dates to show.
    for (const [heldOn, nextOn] of [
      ['2026-09-01', '2026-10-01'],
      ['2026-10-03', '2026-11-05'],
    ]) {
      await db
        .insertInto('supervision_session')
        .values({
          supervisor_id: supervisor.id,
          supervisee_id: person.id,
          held_on: heldOn,
          kind: 'professional',
          minutes: 60,
          notes: 'Confidential notes',
          next_on: nextOn,
          recorded_by: supervisor.id,
        })
        .execute()
    }
    const ics = await buildPersonCalendar(db, { personId: person.id, now: new Date('2026-11-23T12:00:00Z') })
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
    expect(ics).toContain('DTSTART;VALUE=DATE:20271031\r\nDTEND;VALUE=DATE:20271101')
    expect(ics).toContain('SUMMARY:HCPC renewal window opens')
    expect(ics).toContain('DTSTART;VALUE=DATE:20270801')
    expect(ics).toContain('SUMMARY:Supervision with Sam\\; Senior\\, OT')
    expect(ics.match(/Supervision due/g)).toHaveLength(1)
    expect(ics).toContain('DTSTART;VALUE=DATE:20261105')
    expect(ics).not.toContain('Confidential')
    expect(ics).toContain('DTSTAMP:20261123T120000Z')
  })

  it('folds long lines at 75 octets', () => {
    const ics = buildCalendar({
      name: 'x',
      now: new Date(0),
      events: [{ uid: 'u', date: '2027-01-01', summary: 'é'.repeat(60) }],
    })
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${'é'.repeat(60)}`)
  })
})

describe('the demo service', () => {
  it('has a registration in each state a principal OT acts on', async () => {
    await seedDemo(db)
    const principal = await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'principal@example.org')
      .executeTakeFirstOrThrow()
    const rows = await listRegistrations(db, { id: principal.id, roles: ['staff', 'supervisor', 'principal'] }, today)
    const status = (name: string) => rows.find((r) => r.name === name)?.standing.status
    expect(status('Grace Owusu')).toBe('lapsed')
    expect(status('Tom Hughes')).toBe('expiring-30')
    expect(status('Daniel Murphy')).toBe('expiring-60')
    expect(status('Chloe Evans')).toBe('expiring-90')
    expect(status('Lucy Hall')).toBe('to-record')
    expect(status('Olivia Bennett')).toBe('registered')
    expect(status('Aisha Khan')).toBe('not-registered')
    expect(rows.find((r) => r.name === 'Hannah Lee')?.standing.checkDue).toBe(true)
    expect(rows[0].standing.needsAction).toBe(true)
  })
})
