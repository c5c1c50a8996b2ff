import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'

import { listSupervisionSessions } from '#app/models/supervision/sessions.server'
import * as admin from '#app/routes/admin.supervision'
import * as person from '#app/routes/supervision.$personId'
import * as overview from '#app/routes/supervision._index'
import * as overviewCsv from '#app/routes/supervision[.csv]'
import { makeSupervision, makeSupervisionSession, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const yesterday = addDays(today, -1)

const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Senior' })
const supervisee = await makeUser(db, { name: 'Olivia Practitioner' })
const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Priya Principal' })
const administrator = await makeUser(db, { roles: ['admin'] })
await makeSupervision(db, supervisor, supervisee, { startsOn: '2025-01-06' })
await makeSupervisionSession(db, supervisor, supervisee, {
  heldOn: addDays(today, -10),
  notes: 'Talked through a safeguarding worry.',
  actions: [{ text: 'Read the safeguarding policy', owner: 'supervisee', dueOn: null }],
})

const page = `/supervision/${supervisee.id}`
const params = { personId: supervisee.id }
const session = {
  intent: 'record-session',
  heldOn: yesterday,
  kind: 'clinical',
  minutes: '90',
  notes: 'Reviewed two complex cases.',
  nextOn: '',
  'action.0.text': 'Complete the seating course',
  'action.0.owner': 'supervisee',
  'action.0.dueOn': addDays(today, 30),
}

describe('the supervisor’s list', () => {
  it('shows their supervisees with the next due date, and refuses staff', async () => {
    const seen = await run(overview.loader, getRequest('/supervision'), await contextFor(database, supervisor))
    expect(seen.data.rows).toEqual([
      expect.objectContaining({ name: 'Olivia Practitioner', lastHeldOn: addDays(today, -10), openActions: 1 }),
    ])
    expect(seen.data.rows[0].due.dueOn > today).toBe(true)
    expect(
      (await run(overview.loader, getRequest('/supervision'), await contextFor(database, supervisee))).status,
    ).toBe(403)
    const anonymous = await run(overview.loader, getRequest('/supervision'), await contextFor(database, null))
    expect(anonymous.location).toBe('/login?redirectTo=%2Fsupervision')
  })
})

describe('the supervision overview by team', () => {
  it('shows one team when asked, says so for an unknown team, and gives the same rows as CSV', async () => {
    const lead = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Lena Lead' })
    const north = await makeUser(db, { name: 'Nia North', teamCode: 'north-ot' })
    const south = await makeUser(db, { name: 'Sol South', teamCode: 'south-ot' })
    await makeSupervision(db, lead, north, { startsOn: '2025-01-06' })
    await makeSupervision(db, lead, south, { startsOn: '2025-01-06' })
    const context = await contextFor(database, lead)

    const all = await run(overview.loader, getRequest('/supervision'), context)
    expect(all.data.rows.map((row: { name: string }) => row.name).sort()).toEqual(['Nia North', 'Sol South'])
    // A supervisor chooses among their own supervisees' teams only.
    expect(all.data.filter.teams.map((team: { code: string }) => team.code).sort()).toEqual(['north-ot', 'south-ot'])

    const north1 = await run(overview.loader, getRequest('/supervision?team=north-ot'), context)
    expect(north1.data.rows.map((row: { name: string }) => row.name)).toEqual(['Nia North'])
    expect(north1.data.filter).toMatchObject({ team: 'north-ot', notices: [] })

    const unknown = await run(overview.loader, getRequest('/supervision?team=nowhere'), context)
    expect(unknown.data.filter.notices).toEqual(['No team called “nowhere” – showing all teams'])
    expect(unknown.data.rows).toHaveLength(2)

    const csv = await overviewCsv.loader({
      request: getRequest('/supervision.csv?team=south-ot'),
      context,
      params: {},
    })
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('Cache-Control')).toBe('private, no-store')
    const lines = (await csv.text()).trim().split(/\r?\n/)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^Name,Team,Job role,Supervisor,/)
    expect(lines[1]).toMatch(/^Sol South,Team south-ot,Occupational therapist,Lena Lead,2025-01-06,/)
  })

  it('refuses the CSV to staff and asks a stranger to sign in', async () => {
    const csv = (who: typeof supervisee | null) =>
      contextFor(database, who).then((context) => run(overviewCsv.loader, getRequest('/supervision.csv'), context))
    expect((await csv(supervisee)).status).toBe(403)
    expect((await csv(null)).location).toBe('/login?redirectTo=%2Fsupervision.csv')
  })
})

describe('a person’s supervision page', () => {
  it('shows the supervisee their link, schedule and notes, without the form', async () => {
    const seen = await run(person.loader, getRequest(page), await contextFor(database, supervisee), params)
    expect(seen.data).toMatchObject({ isSelf: true, canRecord: false })
    expect(seen.data.person.links).toEqual([
      expect.objectContaining({ supervisorName: 'Sam Senior', startsOn: '2025-01-06', current: true }),
    ])
    expect(seen.data.person.schedule).toMatchObject({ every: 'every month', minimumMinutes: 90 })
    expect(seen.data.sessions[0].notes).toBe('Talked through a safeguarding worry.')
  })

  it('hides notes from the principal OT, who was not in the session, but shows the actions', async () => {
    const seen = await run(person.loader, getRequest(page), await contextFor(database, principal), params)
    expect(seen.data.canRecord).toBe(false)
    expect(seen.data.sessions[0].notes).toBeNull()
    expect(seen.data.sessions[0].actions.map((a: { text: string }) => a.text)).toEqual(['Read the safeguarding policy'])
    const recorded = await run(person.action, postRequest(page, session), await contextFor(database, principal), params)
    expect(recorded.status).toBe(403)
  })

  it('is not found for a supervisor whose link ended yesterday, who cannot record either', async () => {
    const former = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, former, supervisee, { startsOn: '2024-01-01', endsOn: yesterday })
    const context = await contextFor(database, former)
    expect((await run(person.loader, getRequest(page), context, params)).status).toBe(404)
    expect((await run(person.action, postRequest(page, session), context, params)).status).toBe(404)
  })

  it('is not found for an unknown or malformed id, or for an administrator', async () => {
    const context = await contextFor(database, supervisor)
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect((await run(person.loader, getRequest('/supervision/x'), context, { personId: 'x' })).status).toBe(404)
    expect((await run(person.loader, getRequest(page), context, { personId: unknown })).status).toBe(404)
    const asAdmin = await run(person.loader, getRequest(page), await contextFor(database, administrator), params)
    expect(asAdmin.status).toBe(404)
  })
})

describe('recording a session', () => {
  it('saves it with its actions and confirms', async () => {
    const context = await contextFor(database, supervisor)
    const saved = await run(person.action, postRequest(page, session), context, params)
    expect(saved.status).toBe(302)
    expect(saved.location).toBe(page)
    expect(saved.headers.get('Set-Cookie')).toMatch(/^otp_flash=/)
    const sessions = await listSupervisionSessions(db, { personId: supervisee.id, viewer: supervisor })
    expect(sessions[0]).toMatchObject({ heldOn: yesterday, kind: 'clinical', notes: 'Reviewed two complex cases.' })
    expect(sessions[0].actions?.map((a) => a.text)).toEqual(['Complete the seating course'])
  })

  it('explains a future date, dates in the wrong order and over-long notes beside each field, keeping the input', async () => {
    const context = await contextFor(database, supervisor)
    const notes = 'n'.repeat(100_000)
    const refused = await run(
      person.action,
      postRequest(page, {
        ...session,
        heldOn: addDays(today, 1),
        nextOn: today,
        notes,
        'action.0.dueOn': yesterday,
        'action.1.dueOn': today,
      }),
      context,
      params,
    )
    expect(refused.status).toBe(400)
    expect(refused.data.fieldErrors).toEqual({
      heldOn: 'The session cannot be in the future: record it once it has happened',
      notes:
        'Notes must be 10,000 characters or fewer: you entered 100,000. Shorten them, or keep the detail in your own records.',
      nextOn: 'The next session must be after this one',
      'action.0.dueOn': 'The due date cannot be before the session',
      'action.1.text': 'Describe the action, or clear its due date',
    })
    expect(refused.data.values).toMatchObject({ 'action.0.text': 'Complete the seating course', minutes: '90' })
    expect(refused.data.values.notes).toHaveLength(100_000)
  })

  it('refuses a session dated before the supervisor’s link began, beside the date', async () => {
    const refused = await run(
      person.action,
      postRequest(page, { ...session, heldOn: '2024-12-31' }),
      await contextFor(database, supervisor),
      params,
    )
    expect(refused.status).toBe(400)
    expect(refused.data.fieldErrors.heldOn).toMatch(/since 6 Jan 2025/)
    expect(refused.data.values.notes).toBe(session.notes)
  })

  it('answers a forged form naming someone who is not their supervisee as not found, and saves nothing', async () => {
    const stranger = await makeUser(db)
    const forged = await run(
      person.action,
      postRequest(`/supervision/${stranger.id}`, session),
      await contextFor(database, supervisor),
      { personId: stranger.id },
    )
    expect(forged.status).toBe(404)
    expect(await listSupervisionSessions(db, { personId: stranger.id, viewer: supervisor })).toEqual([])
  })
})

describe('marking an action done', () => {
  async function openAction(text: string) {
    await makeSupervisionSession(db, supervisor, supervisee, {
      heldOn: addDays(today, -3),
      actions: [{ text, owner: 'supervisee', dueOn: null }],
    })
    const sessions = await listSupervisionSessions(db, { personId: supervisee.id, viewer: supervisor })
    return sessions.flatMap((s) => s.actions ?? []).find((a) => a.text === text)!.id
  }

  it('lets the owner close their action, once', async () => {
    const actionId = await openAction('Update the CPD log')
    const context = await contextFor(database, supervisee)
    const form = { intent: 'complete-action', actionId }
    expect((await run(person.action, postRequest(page, form), context, params)).status).toBe(302)
    const again = await run(person.action, postRequest(page, form), context, params)
    expect(again.status).toBe(409)
    expect(again.data.fieldErrors.form).toBe('That action was already marked done')
  })

  it('refuses the principal OT, who neither owns it nor supervises, and an action from another person’s page', async () => {
    const actionId = await openAction('Shadow the moving and handling lead')
    const refused = await run(
      person.action,
      postRequest(page, { intent: 'complete-action', actionId }),
      await contextFor(database, principal),
      params,
    )
    expect(refused.status).toBe(403)
    const own = await makeUser(db)
    await makeSupervision(db, supervisor, own, { startsOn: '2025-01-06' })
    const elsewhere = await run(
      person.action,
      postRequest(`/supervision/${own.id}`, { intent: 'complete-action', actionId }),
      await contextFor(database, supervisor),
      { personId: own.id },
    )
    expect(elsewhere.status).toBe(404)
  })
})

describe('managing links', () => {
  it('adds a link, explains dates in the wrong order, and refuses anyone but an administrator', async () => {
    const newcomer = await makeUser(db, { name: 'Nia Newcomer' })
    const context = await contextFor(database, administrator)
    const form = { intent: 'start-link', supervisorId: supervisor.id, superviseeId: newcomer.id, startsOn: today }
    const backwards = await run(
      admin.action,
      postRequest('/admin/supervision', { ...form, endsOn: yesterday }),
      context,
    )
    expect(backwards.status).toBe(400)
    expect(backwards.data).toMatchObject({
      intent: 'start-link',
      fieldErrors: { endsOn: 'The end date must be on or after the start date' },
      values: { superviseeId: newcomer.id },
    })
    const added = await run(admin.action, postRequest('/admin/supervision', form), context)
    expect(added.status).toBe(302)
    const listed = await run(admin.loader, getRequest('/admin/supervision?q=Newcomer'), context)
    expect(listed.data.links).toEqual([
      expect.objectContaining({ superviseeName: 'Nia Newcomer', supervisorName: 'Sam Senior', status: 'current' }),
    ])
    const asSupervisor = await run(
      admin.action,
      postRequest('/admin/supervision', form),
      await contextFor(database, supervisor),
    )
    expect(asSupervisor.status).toBe(403)
  })

  it('hands a supervisee over, keeping the old link in the history', async () => {
    const handed = await makeUser(db, { name: 'Hal Handover' })
    const next = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Rita Receiving' })
    await makeSupervision(db, supervisor, handed, { startsOn: '2025-01-06' })
    const context = await contextFor(database, administrator)
    const before = await run(admin.loader, getRequest('/admin/supervision?q=Handover'), context)
    const changed = await run(
      admin.action,
      postRequest('/admin/supervision', {
        intent: 'change-supervisor',
        changeLinkId: before.data.links[0].id,
        newSupervisorId: next.id,
        changeOn: today,
      }),
      context,
    )
    expect(changed.status).toBe(302)
    const after = await run(admin.loader, getRequest('/admin/supervision?q=Handover'), context)
    expect(
      after.data.links.map((l: { supervisorName: string; endsOn: string | null }) => [l.supervisorName, l.endsOn]),
    ).toEqual([
      ['Rita Receiving', null],
      ['Sam Senior', yesterday],
    ])
    const oldPage = await run(
      person.loader,
      getRequest(`/supervision/${handed.id}`),
      await contextFor(database, supervisor),
      { personId: handed.id },
    )
    expect(oldPage.status).toBe(404)
  })
})

describe('ending a link', () => {
  it('asks first, keeping the chosen link and day, and ends it once confirmed', async () => {
    const leaving = await makeUser(db, { name: 'Lee Leaving' })
    await makeSupervision(db, supervisor, leaving, { startsOn: '2025-01-06' })
    const context = await contextFor(database, administrator)
    const before = await run(admin.loader, getRequest('/admin/supervision?q=Leaving'), context)
    const form = { intent: 'end-link', endLinkId: before.data.links[0].id, lastDay: today }
    const asked = await run(admin.action, postRequest('/admin/supervision', form), context)
    expect(asked.status).toBe(409)
    expect(asked.data).toMatchObject({ intent: 'end-link', confirm: true, values: form })
    const still = await run(admin.loader, getRequest('/admin/supervision?q=Leaving'), context)
    expect(still.data.links[0].endsOn).toBeNull()

    const ended = await run(admin.action, postRequest('/admin/supervision', { ...form, confirmed: 'yes' }), context)
    expect(ended.status).toBe(302)
    const after = await run(admin.loader, getRequest('/admin/supervision?q=Leaving'), context)
    expect(after.data.links[0].endsOn).toBe(today)
  })

  it('names a bad field before asking to confirm', async () => {
    const context = await contextFor(database, administrator)
    const outcome = await run(
      admin.action,
      postRequest('/admin/supervision', { intent: 'end-link', endLinkId: '', lastDay: today }),
      context,
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.endLinkId).toBeTruthy()
  })
})

describe('my supervision', () => {
  it("opens the signed-in person's own page at /supervision/me", async () => {
    const mine = await run(person.loader, getRequest('/supervision/me'), await contextFor(database, supervisee), {
      personId: 'me',
    })
    expect(mine.status).toBe(200)
    expect(mine.data.isSelf).toBe(true)
    expect(mine.data.person.id).toBe(supervisee.id)
  })
})
