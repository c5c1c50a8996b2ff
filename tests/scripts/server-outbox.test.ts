import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enqueueMessage } from '#app/models/outbox/outbox.server'
import { type RunningServer, startServer } from '#scripts/server'
import { makeUser } from '#tests/support/builders'
import { buildOnce, envFor, quiet } from '#tests/support/server'

beforeAll(buildOnce, 180_000)

async function statusOf(server: RunningServer, dedupeKey: string) {
  const row = await server.database.db
    .selectFrom('outbox_message')
    .select('status')
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirstOrThrow()
  return row.status
}

async function queueOne(server: RunningServer, dedupeKey: string) {
  const person = await makeUser(server.database.db)
  await enqueueMessage(server.database.db, {
    kind: 'signoff.requested',
    recipientId: person.id,
    template: 'signoff-requested',
    personalisation: { person: 'A colleague', capability: 'Leadership at level 5', framework: 'RCOT CDF', path: '/' },
    dedupeKey,
  })
}

describe('the server delivers the outbox itself', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ env: envFor('pglite://memory', { OUTBOX_DELIVERY_SECONDS: '1' }), log: quiet })
  })
  afterAll(() => server?.close())

  it('so a queued message leaves without anyone running npm run reminders', async () => {
    await queueOne(server, 'server-delivery-1')
    expect(await statusOf(server, 'server-delivery-1')).toBe('pending')
    const until = Date.now() + 15_000
    let status = await statusOf(server, 'server-delivery-1')
    while (status === 'pending' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      status = await statusOf(server, 'server-delivery-1')
    }
    // No Notify key in tests: the message is written to the log and marked so.
    expect(status).toBe('logged')
  }, 30_000)
})
