import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'
import { recordProgressReview } from '#app/models/apprenticeship/logs.server'
import { buildPersonCalendar } from '#app/models/registration/calendar-feed.server'
import {
  makeApprenticeship,
  makeRegistration,
  makeSupervision,
  makeSupervisionSession,
  makeUser,
} from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

/** Every event as a real iCalendar parser reads it: summary and all-day start date. */
function readFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent)
    return { uid: event.uid, summary: event.summary, date: event.startDate.toString(), allDay: event.startDate.isDate }
  })
}

describe('the calendar feed', () => {
  const today = todayInLondon()

  it('is valid iCalendar that shows what is due: next supervision, planned sessions, actions, the next review', async () => {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Supervisor' })
    const apprentice = await makeUser(db, { name: 'Ash Apprentice', jobRoleCode: 'ot-apprentice' })
    await makeSupervision(db, supervisor, apprentice, { startsOn: addDays(today, -120) })
    const heldOn = addDays(today, -20)
    await makeSupervisionSession(db, supervisor, apprentice, {
      heldOn,
      nextOn: addDays(today, 10),
      actions: [
        { text: 'Read the seating guidance', owner: 'supervisee', dueOn: addDays(today, 5) },
        { text: 'Book the moving and handling course', owner: 'supervisor', dueOn: addDays(today, 7) },
      ],
      today,
    })
    const apprenticeshipId = await makeApprenticeship(db, apprentice, supervisor, { startsOn: addDays(today, -200) })
    await recordProgressReview(db, {
      apprenticeshipId,
      heldOn: addDays(today, -30),
      nextOn: addDays(today, 40),
      providerContact: 'Dr Lee',
      notes: '',
      actorId: supervisor.id,
      today,
    })
    await makeRegistration(db, supervisor, { expiresOn: '2027-10-31', today })

    const events = readFeed(await buildPersonCalendar(db, { personId: apprentice.id, now: new Date() }))
    const summaries = events.map((e) => `${e.date} ${e.summary}`)
    expect(summaries).toContain(`${heldOn} Supervision with Sam Supervisor`)
    expect(summaries).toContain(`${addDays(today, 10)} Supervision due with Sam Supervisor`)
    expect(events.some((e) => e.summary === 'Supervision due' || e.summary === 'Supervision overdue')).toBe(true)
    expect(summaries).toContain(`${addDays(today, 5)} Supervision action due`)
    // The supervisor's own action is theirs, not the apprentice's.
    expect(summaries).not.toContain(`${addDays(today, 7)} Supervision action due`)
    expect(summaries).toContain(`${addDays(today, 40)} Apprenticeship progress review due`)
    expect(events.every((e) => e.allDay)).toBe(true)
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length)
    // No action texts in a feed whose address can be shared by accident.
    expect(JSON.stringify(events)).not.toContain('seating guidance')

    const supervisorEvents = readFeed(await buildPersonCalendar(db, { personId: supervisor.id, now: new Date() }))
    const supervisorLines = supervisorEvents.map((e) => `${e.date} ${e.summary}`)
    expect(supervisorLines).toContain(`${addDays(today, 7)} Supervision action due`)
    expect(supervisorLines.some((line) => /^2027-10-31 HCPC registration OT\d+ ends$/.test(line))).toBe(true)
  })
})
