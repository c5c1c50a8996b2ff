import { randomUUID } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listUndeliveredMessages, retryFailedMessage } from '#app/models/outbox/admin.server'
import {
  type Logger,
  type MessageSender,
  createNotifySender,
  deliverDueMessages,
} from '#app/models/outbox/delivery.server'
import { queueDueReminders, runReminders } from '#app/models/outbox/reminders.server'
import { hcpcExpiryReminders, hcpcLapsedReminders } from '#app/models/registration/reminders.server'

/** These tests are about registration reminders and delivery: the other finders have their own tests. */
const HCPC = [hcpcExpiryReminders, hcpcLapsedReminders]
import { FAKE_NOTIFY_KEY, createNotifyMock } from '#tests/mocks/notify'
import { makeRegistration, makeSupervision, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const notify = createNotifyMock()
const server = setupServer(...notify.handlers)

const TEMPLATE_IDS = { 'hcpc-expiry': randomUUID(), 'hcpc-lapsed': randomUUID(), 'hcpc-lapsed-colleague': randomUUID() }
const sender: MessageSender = createNotifySender({ apiKey: FAKE_NOTIFY_KEY, templateIds: TEMPLATE_IDS })
const entries: { level: string; message: string; data?: Record<string, unknown> }[] = []
const logger: Logger = {
  info: (message, data) => entries.push({ level: 'info', message, data }),
  warn: (message, data) => entries.push({ level: 'warn', message, data }),
}

/** A clock the test moves by hand, starting now (the outbox's default next attempt is the database's now()). */
function clock() {
  let at = Date.now() + 1000
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) }
}

async function outbox() {
  return db
    .selectFrom('outbox_message')
    .select(['dedupe_key as key', 'status', 'attempts', 'last_error as lastError', 'recipient_email as email'])
    .where('kind', 'like', 'hcpc.%')
    .orderBy('dedupe_key')
    .execute()
}

async function resetOutbox() {
  await db.deleteFrom('outbox_message').execute()
  notify.state.sent = []
  notify.state.requests = 0
  notify.state.mode = 'ok'
  entries.length = 0
}

// The OT deadline of 31 Oct 2027; 2 Aug 2027 is 90 days before it.
const TODAY = '2027-08-02'
const people: Record<string, { id: string; email: string }> = {}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Pat Principal' })
  const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sue Supervisor' })
  const make = async (name: string, expiresOn: string | null, jobRoleCode = 'ot') => {
    const person = await makeUser(db, { name, jobRoleCode })
    if (expiresOn) await makeRegistration(db, person, { expiresOn, today: TODAY })
    people[name] = person
    return person
  }
  people.principal = principal
  people.supervisor = supervisor
  await make('Ninety', '2027-10-31')
  await make('Sixty', '2027-10-01')
  await make('Thirty', '2027-09-01')
  await make('Seven', '2027-08-09')
  await make('Twenty', '2027-08-22')
  await make('Later', '2027-11-15')
  const lapsed = await make('Lapsed', '2027-08-01')
  await make('Apprentice', '2027-08-20', 'ot-apprentice')
  await make('Unrecorded', null)
  await makeSupervision(db, supervisor, lapsed)
})

afterAll(() => server.close())
beforeEach(resetOutbox)

describe('finding HCPC reminders', () => {
  it('queues the nearest of 90, 60, 30 and 7 days once, and tells a lapse to the person, supervisor and principal', async () => {
    const result = await queueDueReminders(db, TODAY, HCPC)
    const keys = (await outbox()).map((row) => row.key)
    const id = (name: string) => people[name].id
    expect(keys).toEqual(
      [
        `hcpc-expiry:90:${id('Ninety')}:2027-10-31`,
        `hcpc-expiry:60:${id('Sixty')}:2027-10-01`,
        `hcpc-expiry:30:${id('Thirty')}:2027-09-01`,
        `hcpc-expiry:7:${id('Seven')}:2027-08-09`,
        `hcpc-expiry:30:${id('Twenty')}:2027-08-22`,
        `hcpc-lapsed:${id('Lapsed')}:2027-08-01:${id('Lapsed')}`,
        `hcpc-lapsed:${id('Lapsed')}:2027-08-01:${id('supervisor')}`,
        `hcpc-lapsed:${id('Lapsed')}:2027-08-01:${id('principal')}`,
      ].sort(),
    )
    expect(result).toEqual({ found: 8, queued: 8 })
  })

  it('queues nothing new when run again the same day or the next', async () => {
    await queueDueReminders(db, TODAY, HCPC)
    expect(await queueDueReminders(db, TODAY, HCPC)).toEqual({ found: 8, queued: 0 })
    expect((await queueDueReminders(db, '2027-08-03', HCPC)).queued).toBe(0)
    expect((await queueDueReminders(db, '2027-08-10', HCPC)).queued).toBe(2)
  })
})

describe('delivering through GOV.UK Notify', () => {
  it('sends each message once with its template, personalisation and outbox id as reference', async () => {
    const clk = clock()
    const report = await runReminders(db, { finders: HCPC, today: TODAY, sender, logger, now: clk.now })
    expect(report).toMatchObject({ queued: 8, sent: 8, retrying: 0, failed: 0 })
    expect(notify.state.sent).toHaveLength(8)
    const ninety = notify.state.sent.find((m) => m.emailAddress === people.Ninety.email)!
    expect(ninety).toMatchObject({
      templateId: TEMPLATE_IDS['hcpc-expiry'],
      personalisation: { expiry_date: '31 Oct 2027', days_left: '90' },
    })
    const rows = await db.selectFrom('outbox_message').select(['id', 'provider_reference']).execute()
    expect(rows.map((r) => r.id).sort()).toEqual(notify.state.sent.map((m) => m.reference).sort())
    expect(rows.every((r) => notify.state.sent.some((m) => m.id === r.provider_reference))).toBe(true)

    clk.advance(60 * 60_000)
    expect(await runReminders(db, { finders: HCPC, today: TODAY, sender, logger, now: clk.now })).toMatchObject({
      queued: 0,
      sent: 0,
    })
    expect(notify.state.sent).toHaveLength(8)
  })

  for (const status of [400, 403] as const) {
    it(`marks a message failed on ${status} and never sends it again by itself`, async () => {
      const clk = clock()
      notify.state.mode = status
      const report = await runReminders(db, { finders: HCPC, today: TODAY, sender, logger, now: clk.now })
      expect(report).toMatchObject({ sent: 0, failed: 8, retrying: 0 })
      expect(notify.state.requests).toBe(8)
      const rows = await outbox()
      expect(rows.every((r) => r.status === 'failed' && r.attempts === 1)).toBe(true)
      expect(rows[0].lastError).toMatch(new RegExp(`^Notify answered ${status}: \\w+Error`))
      notify.state.mode = 'ok'
      clk.advance(24 * 60 * 60_000)
      await deliverDueMessages(db, { sender, logger, now: clk.now })
      expect(notify.state.requests).toBe(8)
      const failed = await listUndeliveredMessages(db)
      expect(failed.filter((m) => m.status === 'failed')).toHaveLength(8)
    })
  }

  for (const mode of [429, 500, 'network'] as const) {
    it(`backs off and tries again after ${mode}`, async () => {
      const clk = clock()
      notify.state.mode = mode
      expect(await runReminders(db, { finders: HCPC, today: TODAY, sender, logger, now: clk.now })).toMatchObject({
        retrying: 8,
        failed: 0,
      })
      const waiting = await db
        .selectFrom('outbox_message')
        .select(['status', 'next_attempt_at', 'last_error'])
        .execute()
      expect(waiting.every((r) => r.status === 'pending')).toBe(true)
      expect(waiting[0].last_error).toMatch(
        mode === 'network' ? /^Network error/ : new RegExp(`^Notify answered ${mode}`),
      )
      expect(new Date(waiting[0].next_attempt_at).getTime() - clk.now().getTime()).toBe(60_000)

      notify.state.mode = 'ok'
      clk.advance(30_000)
      expect((await deliverDueMessages(db, { sender, logger, now: clk.now })).sent).toBe(0)
      clk.advance(30_000)
      expect((await deliverDueMessages(db, { sender, logger, now: clk.now })).sent).toBe(8)
      expect(notify.state.sent).toHaveLength(8)
    })
  }

  it('loses nothing and sends nothing twice while Notify is down for an hour', async () => {
    const clk = clock()
    notify.state.mode = 500
    // cron every five minutes
    for (let minute = 0; minute < 60; minute += 5) {
      const report = await runReminders(db, { finders: HCPC, today: TODAY, sender, logger, now: clk.now })
      expect(report.sent + report.failed).toBe(0)
      clk.advance(5 * 60_000)
    }
    const tries = notify.state.requests
    expect(tries).toBeGreaterThan(8)
    expect(tries).toBeLessThan(8 * 12)
    notify.state.mode = 'ok'
    for (let minute = 60; minute < 120; minute += 5) {
      await runReminders(db, { finders: HCPC, today: TODAY, sender, logger, now: clk.now })
      clk.advance(5 * 60_000)
    }
    expect(notify.state.sent).toHaveLength(8)
    expect(new Set(notify.state.sent.map((m) => m.reference)).size).toBe(8)
    expect((await outbox()).every((r) => r.status === 'sent')).toBe(true)
  })

  it('gives up after the last attempt, shows the failure to admins, and sends once when an admin retries', async () => {
    const clk = clock()
    notify.state.mode = 503
    await queueDueReminders(db, TODAY, HCPC)
    for (let i = 0; i < 5; i++) {
      await deliverDueMessages(db, { sender, logger, now: clk.now, maxAttempts: 3 })
      clk.advance(60 * 60_000)
    }
    expect(notify.state.requests).toBe(8 * 3)
    const failed = (await listUndeliveredMessages(db)).filter((m) => m.status === 'failed')
    expect(failed).toHaveLength(8)
    expect(failed[0].lastError).toMatch(/503/)

    notify.state.mode = 'ok'
    const admin = await makeUser(db, { roles: ['admin'] })
    expect(await retryFailedMessage(db, { id: failed[0].id, actorId: admin.id })).toBe(true)
    expect(await retryFailedMessage(db, { id: failed[0].id, actorId: admin.id })).toBe(false)
    expect((await deliverDueMessages(db, { sender, logger, now: clk.now })).sent).toBe(1)
    expect(notify.state.sent).toHaveLength(1)
    const audit = await db.selectFrom('audit_event').select('action').where('subject_id', '=', failed[0].id).execute()
    expect(audit.map((a) => a.action)).toEqual(['outbox_message.retried'])
  })

  it('refuses a template with no Notify id without asking Notify', async () => {
    const partial = createNotifySender({
      apiKey: FAKE_NOTIFY_KEY,
      templateIds: { 'hcpc-expiry': TEMPLATE_IDS['hcpc-expiry'] },
    })
    const report = await runReminders(db, { finders: HCPC, today: TODAY, sender: partial, logger, now: clock().now })
    expect(report).toMatchObject({ sent: 5, failed: 3 })
    expect((await outbox()).find((r) => r.status === 'failed')?.lastError).toMatch(
      /No Notify template id .*hcpc-lapsed/,
    )
  })

  it('writes messages to the log and marks them logged when no Notify key is set', async () => {
    const report = await runReminders(db, { finders: HCPC, today: TODAY, sender: null, logger, now: clock().now })
    expect(report).toMatchObject({ logged: 8, sent: 0 })
    expect(notify.state.requests).toBe(0)
    expect((await outbox()).every((r) => r.status === 'logged')).toBe(true)
    const logged = entries.filter((e) => e.message.startsWith('outbox message logged'))
    expect(logged).toHaveLength(8)
    expect(logged.map((e) => e.data?.to)).toContain(people.Ninety.email)
  })
})
