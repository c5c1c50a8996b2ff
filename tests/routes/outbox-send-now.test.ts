import { randomUUID } from 'node:crypto'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '#app/lib/env.server'
import { enqueueMessage } from '#app/models/outbox/outbox.server'
import * as message from '#app/routes/admin.outbox_.$id'
import { FAKE_NOTIFY_KEY, createNotifyMock } from '#tests/mocks/notify'
import { makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const notify = createNotifyMock()
const server = setupServer(...notify.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

const administrator = await makeUser(db, { roles: ['admin'] })
const principal = await makeUser(db, { roles: ['staff', 'principal'] })
const recipient = await makeUser(db, { name: 'Rhea Recipient' })

/** The administrator's context with GOV.UK Notify configured, as a live deployment has it. */
async function withNotify() {
  const context = await contextFor(database, administrator)
  return {
    ...context,
    env: parseEnv({
      NODE_ENV: 'test',
      FLASH_SECRET: context.env.FLASH_SECRET,
      NOTIFY_API_KEY: FAKE_NOTIFY_KEY,
      NOTIFY_TEMPLATE_IDS: `signoff-requested=${randomUUID()}`,
    }),
  }
}

async function queued(): Promise<string> {
  const key = `test.send-now:${randomUUID()}`
  await enqueueMessage(db, {
    kind: 'signoff.requested',
    recipientId: recipient.id,
    template: 'signoff-requested',
    personalisation: { person: 'Olivia Bennett', path: '/signoffs/x' },
    dedupeKey: key,
  })
  const row = await db.selectFrom('outbox_message').select('id').where('dedupe_key', '=', key).executeTakeFirstOrThrow()
  return row.id
}

const stateOf = (id: string) =>
  db
    .selectFrom('outbox_message')
    .select(['status', 'attempts', 'last_error as lastError', 'locked_until as lockedUntil'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

const sendNow = (id: string, context: Awaited<ReturnType<typeof contextFor>>) =>
  run(message.action, postRequest(`/admin/outbox/${id}`, { intent: 'send-now' }), context, { id })

describe('opening a waiting message', () => {
  it('shows the administrator who it is for and what it fills in', async () => {
    const id = await queued()
    const page = await run(
      message.loader,
      getRequest(`/admin/outbox/${id}`),
      await contextFor(database, administrator),
      {
        id,
      },
    )
    expect(page.data.message).toMatchObject({
      status: 'pending',
      recipientName: 'Rhea Recipient',
      template: 'signoff-requested',
      personalisation: { person: 'Olivia Bennett', path: '/signoffs/x' },
      beingSent: false,
    })
  })

  it('refuses everyone but an administrator, and answers an unknown or malformed id as not found', async () => {
    const id = await queued()
    for (const who of [principal, recipient]) {
      const refused = await run(message.loader, getRequest(`/admin/outbox/${id}`), await contextFor(database, who), {
        id,
      })
      expect(refused.status).toBe(403)
      expect((await sendNow(id, await contextFor(database, who))).status).toBe(403)
    }
    const stranger = await run(message.loader, getRequest(`/admin/outbox/${id}`), await contextFor(database, null), {
      id,
    })
    expect(stranger.location).toBe(`/login?redirectTo=%2Fadmin%2Foutbox%2F${id}`)
    const admin = await contextFor(database, administrator)
    for (const bad of [randomUUID(), 'not-an-id', `${id}0`]) {
      expect((await run(message.loader, getRequest(`/admin/outbox/${bad}`), admin, { id: bad })).status).toBe(404)
    }
    expect((await stateOf(id)).status).toBe('pending')
  })
})

describe('sending it now', () => {
  it('writes it to the log when Notify is not configured, once', async () => {
    const id = await queued()
    const admin = await contextFor(database, administrator)
    const done = await sendNow(id, admin)
    expect(done.status).toBe(302)
    expect(await stateOf(id)).toMatchObject({ status: 'logged', attempts: 1, lockedUntil: null })
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'actor_id as actorId'])
      .where('subject_id', '=', id)
      .execute()
    expect(audit).toEqual([{ action: 'outbox_message.sent_now', actorId: administrator.id }])
    // Sent already: a second press sends nothing.
    await sendNow(id, admin)
    expect(await stateOf(id)).toMatchObject({ status: 'logged', attempts: 1 })
  })

  it('sends it through Notify, and keeps Notify’s answer when it cannot take it', async () => {
    const context = await withNotify()
    const id = await queued()
    const before = notify.state.sent.length
    expect((await sendNow(id, context)).status).toBe(302)
    expect(await stateOf(id)).toMatchObject({ status: 'sent' })
    expect(notify.state.sent.length).toBe(before + 1)

    const later = await queued()
    notify.state.mode = 500
    try {
      expect((await sendNow(later, context)).status).toBe(302)
    } finally {
      notify.state.mode = 'ok'
    }
    expect(await stateOf(later)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(/500/),
    })
  })

  it('leaves a message that the delivery job holds to the job, and says so', async () => {
    const id = await queued()
    await db
      .updateTable('outbox_message')
      .set({ locked_until: new Date(Date.now() + 60_000), attempts: 1 })
      .where('id', '=', id)
      .execute()
    const busy = await sendNow(id, await contextFor(database, administrator))
    expect(busy.status).toBe(409)
    expect(busy.data.error).toMatch(/being sent right now/)
    expect(await stateOf(id)).toMatchObject({ status: 'pending', attempts: 1 })
  })
})
