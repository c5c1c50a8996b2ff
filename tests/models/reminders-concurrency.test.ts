import { randomUUID } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/index'
import { type Logger, createNotifySender } from '#app/models/outbox/delivery.server'
import { runReminders } from '#app/models/outbox/reminders.server'
import { FAKE_NOTIFY_KEY, createNotifyMock } from '#tests/mocks/notify'
import { makeRegistration, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'
import { withDatabase } from '#tests/setup/global-setup'

// Two reminder jobs at the same moment, as two cron machines would run them. On PostgreSQL (TEST_DATABASE_URL)
// each job has its own connection pool, so the claim really races; on PGlite the two share one process.
const database = await createTestDatabase()
const target = inject('testDatabase')
const second =
  target.kind === 'postgres'
    ? await createDatabase(withDatabase(target.adminUrl, database.location.split('/').pop()!))
    : database
const notify = createNotifyMock()
const server = setupServer(...notify.handlers)
const quiet: Logger = { info: () => {}, warn: () => {} }
const sender = createNotifySender({
  apiKey: FAKE_NOTIFY_KEY,
  templateIds: { 'hcpc-expiry': randomUUID(), 'hcpc-lapsed': randomUUID(), 'hcpc-lapsed-colleague': randomUUID() },
})
const TODAY = '2027-10-01'
const PEOPLE = 30

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  for (let i = 0; i < PEOPLE; i++) {
    const person = await makeUser(database.db, { name: `Concurrent ${i}` })
    await makeRegistration(database.db, person, { expiresOn: '2027-10-31', today: TODAY })
  }
})

afterAll(async () => {
  server.close()
  if (second !== database) await second.close()
})

describe('two reminder jobs at once', () => {
  it(`queues and sends each message exactly once (${target.kind})`, async () => {
    notify.state.delayMs = 5
    const run = (db: typeof database.db) => runReminders(db, { today: TODAY, sender, logger: quiet, batchSize: 4 })
    const [a, b] = await Promise.all([run(database.db), run(second.db)])
    expect(a.queued + b.queued).toBe(PEOPLE)
    expect(a.sent + b.sent).toBe(PEOPLE)
    // Both jobs did part of the work, so the claim was contested.
    expect(a.sent).toBeGreaterThan(0)
    expect(b.sent).toBeGreaterThan(0)
    expect(notify.state.sent).toHaveLength(PEOPLE)
    expect(new Set(notify.state.sent.map((m) => m.reference)).size).toBe(PEOPLE)
    expect(new Set(notify.state.sent.map((m) => m.emailAddress)).size).toBe(PEOPLE)
    const rows = await database.db.selectFrom('outbox_message').select(['status', 'attempts']).execute()
    expect(rows).toHaveLength(PEOPLE)
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)

    const [c, d] = await Promise.all([run(database.db), run(second.db)])
    expect(c.queued + d.queued + c.sent + d.sent).toBe(0)
    expect(notify.state.requests).toBe(PEOPLE)
  })
})
