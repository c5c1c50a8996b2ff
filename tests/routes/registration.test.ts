import { beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'
import { enqueueMessage } from '#app/models/outbox/outbox.server'
import { findProfession, latestPossibleExpiry } from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import * as outboxRoute from '#app/routes/admin.outbox'
import * as calendarRoute from '#app/routes/calendar.$token'
import * as ownRoute from '#app/routes/registration'
import * as csvRoute from '#app/routes/workforce.registrations[.csv]'
import * as listRoute from '#app/routes/workforce.registrations'
import { type BuiltUser, makeRegistration, makeSupervision, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const nextDeadline = latestPossibleExpiry(findProfession(hcpcRules(), 'OT')!, today)

let principal: BuiltUser
let admin: BuiltUser
let supervisor: BuiltUser
let ot: BuiltUser
let lapsed: BuiltUser
let other: BuiltUser
let apprentice: BuiltUser

beforeAll(async () => {
  principal = await makeUser(db, {
    roles: ['staff', 'supervisor', 'principal'],
    name: 'Priya Principal',
    jobRoleCode: 'principal-ot',
  })
  admin = await makeUser(db, { roles: ['admin'], name: 'Ada Admin' })
  supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Senior', jobRoleCode: 'senior-ot' })
  ot = await makeUser(db, { name: 'Olivia OT' })
  lapsed = await makeUser(db, { name: 'Larry Lapsed' })
  other = await makeUser(db, { name: 'Oscar Other' })
  apprentice = await makeUser(db, { name: 'April Apprentice', jobRoleCode: 'ot-apprentice' })
  await makeSupervision(db, supervisor, ot)
  await makeSupervision(db, supervisor, lapsed)
  await makeSupervision(db, supervisor, apprentice)
  await makeRegistration(db, lapsed, { number: 'OT500001', expiresOn: addDays(today, -10) })
  await makeRegistration(db, other, { number: 'OT500002', expiresOn: nextDeadline })
})

const save = (fields: Record<string, string>) => postRequest('/registration', { intent: 'save', ...fields })

describe('your own registration (/registration)', () => {
  it('asks an OT with nothing recorded to record it', async () => {
    const outcome = await run(ownRoute.loader, getRequest('/registration'), await contextFor(database, ot))
    expect(outcome.data.standing).toMatchObject({ status: 'to-record', needsAction: true })
    expect(outcome.data.record).toBeNull()
  })

  it('tells an apprentice their role does not need registration', async () => {
    const outcome = await run(ownRoute.loader, getRequest('/registration'), await contextFor(database, apprentice))
    expect(outcome.data.standing.status).toBe('not-registered')
  })

  it('refuses another profession’s number, an expiry before registration and one ten years away, keeping input', async () => {
    const context = await contextFor(database, ot)
    const physio = await run(
      ownRoute.action,
      save({ number: 'PH123456', firstRegisteredOn: '2020-09-01', expiresOn: nextDeadline }),
      context,
    )
    expect(physio.status).toBe(400)
    expect(physio.data.fieldErrors.number).toMatch(/physiotherapists/)
    expect(physio.data.values).toMatchObject({ number: 'PH123456', expiresOn: nextDeadline })

    const backwards = await run(
      ownRoute.action,
      save({ number: 'OT77', firstRegisteredOn: '2020-09-01', expiresOn: '2019-10-31' }),
      context,
    )
    expect(backwards.data.fieldErrors).toEqual({ expiresOn: expect.stringMatching(/must end after/) })

    const far = await run(
      ownRoute.action,
      save({ number: 'OT77', firstRegisteredOn: '2020-09-01', expiresOn: addDays(today, 3650) }),
      context,
    )
    expect(far.data.fieldErrors.expiresOn).toMatch(/cannot end later than/)

    const format = await run(
      ownRoute.action,
      save({ number: 'OT-12', firstRegisteredOn: 'yesterday', expiresOn: '' }),
      context,
    )
    expect(Object.keys(format.data.fieldErrors).sort()).toEqual(['expiresOn', 'firstRegisteredOn', 'number'])
    expect(
      await db.selectFrom('hcpc_registration').select('person_id').where('person_id', '=', ot.id).execute(),
    ).toEqual([])
  })

  it('refuses a number already recorded for someone else', async () => {
    const outcome = await run(
      ownRoute.action,
      save({ number: 'OT500002', firstRegisteredOn: '2020-09-01', expiresOn: nextDeadline }),
      await contextFor(database, ot),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.number).toMatch(/already recorded for someone else/)
  })

  it('saves a valid registration with history and audit, and says so', async () => {
    const context = await contextFor(database, ot)
    const outcome = await run(
      ownRoute.action,
      save({ number: ' ot 4242 ', firstRegisteredOn: '2020-09-01', expiresOn: nextDeadline }),
      context,
    )
    expect(outcome).toMatchObject({ status: 302, location: '/registration' })
    expect(outcome.headers.get('Set-Cookie')).toMatch(/otp_flash/)
    const page = await run(ownRoute.loader, getRequest('/registration'), context)
    expect(page.data.record).toMatchObject({ number: 'OT4242', expiresOn: nextDeadline, lastCheckedOn: null })
    expect(page.data.standing.checkDue).toBe(true)
    expect(page.data.history.map((e: { kind: string }) => e.kind)).toEqual(['recorded'])
    const again = await run(
      ownRoute.action,
      save({ number: 'OT4242', firstRegisteredOn: '2020-09-01', expiresOn: nextDeadline }),
      context,
    )
    expect(again.status).toBe(302)
    expect((await run(ownRoute.loader, getRequest('/registration'), context)).data.history).toHaveLength(1)
    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', ot.id)
      .where('action', 'like', 'hcpc%')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['hcpc_registration.recorded'])
  })
})

describe('the calendar feed', () => {
  it('shows the address once, serves it without a session, and stops the old one on reset', async () => {
    const context = await contextFor(database, lapsed)
    const first = await run(ownRoute.action, postRequest('/registration', { intent: 'reset-feed' }), context)
    const url = new URL(first.data.feedUrl)
    expect(url.pathname).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
    const token = url.pathname.split('/').pop()!
    const anonymous = await contextFor(database, null)
    const feed = await run(calendarRoute.loader, getRequest(url.pathname), anonymous, { token })
    expect(feed.status).toBe(200)
    expect(feed.headers.get('Content-Type')).toMatch(/^text\/calendar/)
    expect(feed.data).toContain(`DTSTART;VALUE=DATE:${addDays(today, -10).replace(/-/g, '')}`)
    expect(feed.data).toContain('SUMMARY:HCPC registration OT500001 ends')

    const second = await run(ownRoute.action, postRequest('/registration', { intent: 'reset-feed' }), context)
    const newToken = new URL(second.data.feedUrl).pathname.split('/').pop()!
    expect((await run(calendarRoute.loader, getRequest(url.pathname), anonymous, { token })).status).toBe(404)
    expect((await run(calendarRoute.loader, getRequest('/x'), anonymous, { token: newToken })).status).toBe(200)
    expect(
      (await run(calendarRoute.loader, getRequest('/x'), anonymous, { token: newToken.replace('.ics', '') })).status,
    ).toBe(404)
    const stored = await db
      .selectFrom('calendar_feed')
      .select('token_hash')
      .where('person_id', '=', lapsed.id)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(newToken.replace('.ics', ''))
  })
})

describe('the workforce registrations list', () => {
  it('shows the principal everyone, lapsed and unrecorded first, with the timeline', async () => {
    const outcome = await run(
      listRoute.loader,
      getRequest('/workforce/registrations'),
      await contextFor(database, principal),
    )
    const names = outcome.data.rows.map((r: { name: string }) => r.name)
    expect(names.slice(0, 1)).toEqual(['Larry Lapsed'])
    expect(names.indexOf('Priya Principal')).toBeLessThan(names.indexOf('April Apprentice'))
    expect(names.at(-1)).toBe('April Apprentice')
    expect(outcome.data.rows.find((r: { name: string }) => r.name === 'Priya Principal').label).toBe(
      'Registration to record',
    )
    expect(outcome.data.timeline[0]).toMatchObject({ key: 'lapsed', count: 1 })
  })

  it('shows a supervisor only their supervisees, and filters by status', async () => {
    const context = await contextFor(database, supervisor)
    const all = await run(listRoute.loader, getRequest('/workforce/registrations'), context)
    expect(all.data.rows.map((r: { name: string }) => r.name).sort()).toEqual([
      'April Apprentice',
      'Larry Lapsed',
      'Olivia OT',
    ])
    expect(all.data.rows.every((r: { canCheck: boolean }) => !r.canCheck)).toBe(true)
    const lapsedOnly = await run(listRoute.loader, getRequest('/workforce/registrations?status=lapsed'), context)
    expect(lapsedOnly.data.rows.map((r: { name: string }) => r.name)).toEqual(['Larry Lapsed'])
  })

  it('exports the filtered list as CSV', async () => {
    const outcome = await run(
      csvRoute.loader,
      getRequest('/workforce/registrations.csv?status=needs-action'),
      await contextFor(database, admin),
    )
    expect(outcome.headers.get('Content-Type')).toMatch(/^text\/csv/)
    const lines = String(outcome.data).trim().split('\r\n')
    expect(lines[0]).toContain('Registration number')
    expect(lines.some((line) => line.startsWith('Larry Lapsed,') && line.includes('Lapsed,Yes,OT500001'))).toBe(true)
    expect(lines.some((line) => line.startsWith('April Apprentice'))).toBe(false)
  })

  it('lets the principal mark a register check, refusing supervisors (403), strangers (404) and self-checks', async () => {
    const check = (personId: string) =>
      postRequest('/workforce/registrations', {
        intent: 'check',
        personId,
        back: '/workforce/registrations?status=lapsed',
      })
    const bySupervisor = await run(listRoute.action, check(lapsed.id), await contextFor(database, supervisor))
    expect(bySupervisor.status).toBe(403)
    const stranger = await run(listRoute.action, check(other.id), await contextFor(database, supervisor))
    expect(stranger.status).toBe(404)
    const self = await makeUser(db, { roles: ['staff', 'principal'], name: 'Second Principal' })
    await makeRegistration(db, self, { expiresOn: nextDeadline })
    expect((await run(listRoute.action, check(self.id), await contextFor(database, self))).status).toBe(403)
    const nothing = await run(listRoute.action, check(apprentice.id), await contextFor(database, principal))
    expect(nothing.status).toBe(400)

    const done = await run(listRoute.action, check(lapsed.id), await contextFor(database, principal))
    expect(done).toMatchObject({ status: 302, location: '/workforce/registrations?status=lapsed' })
    const row = await db
      .selectFrom('hcpc_registration')
      .select(['last_checked_on', 'last_checked_by'])
      .where('person_id', '=', lapsed.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ last_checked_on: today, last_checked_by: principal.id })
    const byAdmin = await run(listRoute.action, check(other.id), await contextFor(database, admin))
    expect(byAdmin.status).toBe(302)
  })
})

describe('the outbox for administrators', () => {
  it('lists a failed message and puts it back in the queue on retry', async () => {
    await enqueueMessage(db, {
      kind: 'hcpc.expiry',
      recipientId: ot.id,
      template: 'hcpc-expiry',
      personalisation: {},
      dedupeKey: `route-test:${ot.id}`,
    })
    await db
      .updateTable('outbox_message')
      .set({ status: 'failed', attempts: 1, last_error: 'Notify answered 400: BadRequestError' })
      .execute()
    const context = await contextFor(database, admin)
    const page = await run(outboxRoute.loader, getRequest('/admin/outbox'), context)
    expect(page.data.messages).toHaveLength(1)
    expect(page.data.messages[0]).toMatchObject({
      status: 'failed',
      lastError: 'Notify answered 400: BadRequestError',
      recipientName: 'Olivia OT',
    })
    const retried = await run(
      outboxRoute.action,
      postRequest('/admin/outbox', { intent: 'retry', id: page.data.messages[0].id }),
      context,
    )
    expect(retried).toMatchObject({ status: 302, location: '/admin/outbox' })
    const after = await run(outboxRoute.loader, getRequest('/admin/outbox'), context)
    expect(after.data.messages[0]).toMatchObject({ status: 'pending', attempts: 0 })
    const principalTry = await run(
      outboxRoute.action,
      postRequest('/admin/outbox', { intent: 'retry', id: page.data.messages[0].id }),
      await contextFor(database, principal),
    )
    expect(principalTry.status).toBe(403)
  })
})
