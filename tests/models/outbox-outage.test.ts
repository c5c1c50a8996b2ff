import { randomUUID } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { type Logger, createNotifySender, deliverDueMessages, retryDelayMs } from '#app/models/outbox/delivery.server'
import { enqueueMessage } from '#app/models/outbox/outbox.server'
import { createDatabase } from '#db/index'
import { withDatabase } from '#tests/setup/global-setup'
import { FAKE_NOTIFY_KEY, createNotifyMock } from '#tests/mocks/notify'
import { makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

// GOV.UK Notify failing for a long while, with two delivery loops (two servers) claiming from one outbox. On
// PostgreSQL (TEST_DATABASE_URL) each loop has its own connection pool, so their claims really race.
const database = await createTestDatabase()
const target = inject('testDatabase')
const second =
  target.kind === 'postgres'
    ? await createDatabase(withDatabase(target.adminUrl, database.location.split('/').pop()!))
    : database
const notify = createNotifyMock()
const server = setupServer(...notify.handlers)
const quiet: Logger = { info: () => {}, warn: () => {} }
const sender = createNotifySender({ apiKey: FAKE_NOTIFY_KEY, templateIds: { 'signoff-requested': randomUUID() } })
const MESSAGES = 12
const MINUTE = 60_000

/** A clock the test moves by hand, starting just after now (the outbox's first attempt is due at now()). */
function clock() {
  let at = Date.now() + 1000
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) }
}

/** Both loops run at the same moment, as two servers' delivery timers would. */
async function bothLoops(now: () => Date) {
  const run = (db: typeof database.db) => deliverDueMessages(db, { sender, logger: quiet, now, batchSize: 2 })
  const [a, b] = await Promise.all([run(database.db), run(second.db)])
  return { a, b, sent: a.sent + b.sent, failed: a.failed + b.failed }
}

async function outbox() {
  return database.db.selectFrom('outbox_message').select(['id', 'status', 'attempts', 'provider_reference']).execute()
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(async () => {
  server.close()
  if (second !== database) await second.close()
})

beforeEach(async () => {
  await database.db.deleteFrom('outbox_message').execute()
  Object.assign(notify.state, { mode: 'ok', sent: [], requests: 0, lookups: 0, delayMs: 2 })
  for (let i = 0; i < MESSAGES; i++) {
    const person = await makeUser(database.db)
    await enqueueMessage(database.db, {
      kind: 'signoff.requested',
      recipientId: person.id,
      template: 'signoff-requested',
      personalisation: { person: 'A colleague', capability: 'Leadership at level 5', framework: 'RCOT CDF', path: '/' },
      dedupeKey: `outage-${randomUUID()}`,
    })
  }
})

function expectEachSentOnce(rows: Awaited<ReturnType<typeof outbox>>) {
  expect(rows.every((row) => row.status === 'sent')).toBe(true)
  expect(notify.state.sent).toHaveLength(MESSAGES)
  expect(new Set(notify.state.sent.map((m) => m.reference))).toEqual(new Set(rows.map((row) => row.id)))
  expect(new Set(rows.map((row) => row.provider_reference))).toEqual(new Set(notify.state.sent.map((m) => m.id)))
}

describe(`Notify failing, with two delivery loops (${target.kind})`, () => {
  it('loses nothing in an hour of 500s, and sends each message once when Notify is back', async () => {
    const clk = clock()
    notify.state.mode = 500
    // A loop every minute for an hour.
    for (let minute = 0; minute < 60; minute++) {
      expect((await bothLoops(clk.now)).failed).toBe(0)
      clk.advance(MINUTE)
    }
    // Tries at 0, 1, 3, 7, 15 and 31 minutes: backing off, never given up, and each claimed by one loop only.
    expect(notify.state.requests).toBe(MESSAGES * 6)
    expect((await outbox()).every((row) => row.status === 'pending' && row.attempts === 6)).toBe(true)

    notify.state.mode = 'ok'
    let sentBy = { a: 0, b: 0 }
    for (let minute = 60; minute < 120 && notify.state.sent.length < MESSAGES; minute++) {
      const run = await bothLoops(clk.now)
      sentBy = { a: sentBy.a + run.a.sent, b: sentBy.b + run.b.sent }
      clk.advance(MINUTE)
    }
    expectEachSentOnce(await outbox())
    expect(sentBy.a + sentBy.b).toBe(MESSAGES)
    // Both loops took part, so the claims were contested.
    expect(sentBy.a).toBeGreaterThan(0)
    expect(sentBy.b).toBeGreaterThan(0)

    const before = notify.state.requests
    for (let minute = 0; minute < 30; minute++) {
      expect((await bothLoops(clk.now)).sent).toBe(0)
      clk.advance(MINUTE)
    }
    expect(notify.state.requests).toBe(before)
  })

  it('does not send twice when Notify accepted a message but its answer was lost', async () => {
    const clk = clock()
    notify.state.mode = 'lost-answer'
    await bothLoops(clk.now)
    expect(notify.state.sent).toHaveLength(MESSAGES)
    expect((await outbox()).every((row) => row.status === 'pending')).toBe(true)

    notify.state.mode = 'ok'
    clk.advance(retryDelayMs(1))
    await bothLoops(clk.now)
    // Each retry asked Notify by reference, found the earlier email, and recorded it instead of sending again.
    expect(notify.state.lookups).toBe(MESSAGES)
    expect(notify.state.requests).toBe(MESSAGES)
    expectEachSentOnce(await outbox())
  })

  it('keeps trying for about three and a half hours, then stops and marks the messages failed', async () => {
    const clk = clock()
    notify.state.mode = 503
    let minutes = 0
    let failedAt: number | undefined
    for (; minutes < 5 * 60; minutes += 5) {
      const run = await bothLoops(clk.now)
      if (run.failed > 0 && failedAt === undefined) failedAt = minutes
      clk.advance(5 * MINUTE)
    }
    // 12 tries, 1+2+4+8+16+30×6 = 211 minutes apart at the least; on a five-minute loop each try waits for the
    // next run, so they fall at 0, 5, 10, 15, 25, 45, 75, …, 225.
    expect(failedAt).toBe(225)
    expect(notify.state.requests).toBe(MESSAGES * 12)
    expect((await outbox()).every((row) => row.status === 'failed' && row.attempts === 12)).toBe(true)
    expect(notify.state.sent).toHaveLength(0)
  })
})
