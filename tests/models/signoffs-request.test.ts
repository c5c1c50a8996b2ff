import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createEvidence, withdrawEvidence } from '#app/models/evidence/evidence.server'
import { SignoffAlreadyDecidedError, SignoffRequestRefusedError } from '#app/models/signoffs/errors'
import { decideSignoff, withdrawSignoff } from '#app/models/signoffs/decide.server'
import { listReviewInbox } from '#app/models/signoffs/queries.server'
import { requestSignoff } from '#app/models/signoffs/request.server'
import { staleSignoffReminders } from '#app/models/signoffs/notify.server'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { type SignoffScenario, actor, askForSignoff, completeEvidence, signoffScenario } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

// Asking for sign-off, withdrawing the request, and the inbox and reminders it makes. Deciding is in
// signoffs-decide.test.ts.

const database = await createTestDatabase()
const db = database.db

const scenario = () => signoffScenario(db)
const ask = (s: SignoffScenario, level?: string, evidenceIds?: string[]) => askForSignoff(db, s, level, evidenceIds)

describe('asking for sign-off', () => {
  it('records the exact revision and hash of each entry, an event, an audit entry and a message to the supervisor', async () => {
    const s = await scenario()
    const id = await ask(s)
    const stored = await db.selectFrom('signoff_request_evidence').selectAll().where('request_id', '=', id).execute()
    const entry = await db
      .selectFrom('evidence')
      .select(['revision', 'content_hash'])
      .where('id', '=', s.evidenceId)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual([
      { request_id: id, evidence_id: s.evidenceId, revision: entry.revision, content_hash: entry.content_hash },
    ])
    const events = await db.selectFrom('signoff_event').select('kind').where('request_id', '=', id).execute()
    expect(events.map((e) => e.kind)).toEqual(['requested'])
    const audit = await db.selectFrom('audit_event').select('action').where('subject_id', '=', id).execute()
    expect(audit.map((a) => a.action)).toEqual(['signoff.requested'])
    const messages = await db
      .selectFrom('outbox_message')
      .select(['recipient_id', 'template'])
      .where('dedupe_key', 'like', `signoff.requested:${id}:%`)
      .execute()
    expect(messages).toEqual([{ recipient_id: s.senior.id, template: 'signoff-requested' }])
  })

  it('refuses a request with no evidence', async () => {
    const s = await scenario()
    await expect(ask(s, '5', [])).rejects.toMatchObject({ field: 'evidence' })
  })

  it("refuses another person's entry, a draft, a withdrawn entry and one mapped to another domain", async () => {
    const s = await scenario()
    const other = await makeUser(db)
    const theirs = await completeEvidence(db, other.id, ['5PP'])
    await expect(ask(s, '5', [theirs])).rejects.toThrow('your own CPD log')

    const draft = await createEvidence(db, {
      ownerId: s.ot.id,
      evidence: { ...EMPTY_EVIDENCE, title: 'Half-written' },
    })
    await expect(ask(s, '5', [draft])).rejects.toThrow('Half-written')

    const leadership = await completeEvidence(db, s.ot.id, ['5LD'], 'Led a team huddle')
    await expect(ask(s, '5', [leadership])).rejects.toThrow('Led a team huddle')

    const gone = await completeEvidence(db, s.ot.id, ['5PP'], 'Withdrawn one')
    await withdrawEvidence(db, { id: gone, reason: null, actorId: s.ot.id })
    await expect(ask(s, '5', [gone])).rejects.toBeInstanceOf(SignoffRequestRefusedError)
  })

  it('refuses a second waiting request for the same domain, and a level already signed off', async () => {
    const s = await scenario()
    const first = await ask(s)
    await expect(ask(s, '6')).rejects.toThrow('already have a request waiting')
    await decideSignoff(db, {
      requestId: first,
      actor: actor(s.senior),
      decision: 'approve',
      comment: '',
      sessionId: null,
    })
    await expect(ask(s, '4')).rejects.toThrow('already signed off at')
  })

  it('refuses a level of another framework version', async () => {
    const s = await scenario()
    const scc = await db
      .selectFrom('framework_level as l')
      .innerJoin('framework_version as v', 'v.id', 'l.version_id')
      .innerJoin('framework as f', 'f.id', 'v.framework_id')
      .select('l.id')
      .where('f.code', '=', 'scc')
      .executeTakeFirstOrThrow()
    await expect(
      requestSignoff(db, {
        requesterId: s.ot.id,
        versionId: s.pp.versionId,
        domainId: s.pp.domainId,
        levelId: scc.id,
        note: '',
        evidenceIds: [s.evidenceId],
      }),
    ).rejects.toMatchObject({ field: 'levelId' })
  })
})

describe('the record', () => {
  it('refuses to change or delete a sign-off event', async () => {
    const s = await scenario()
    const id = await ask(s)
    await expect(
      db.updateTable('signoff_event').set({ comment: 'rewritten' }).where('request_id', '=', id).execute(),
    ).rejects.toThrow('append-only')
    await expect(db.deleteFrom('signoff_event').where('request_id', '=', id).execute()).rejects.toThrow('append-only')
  })

  it('withdraws a waiting request once', async () => {
    const s = await scenario()
    const id = await ask(s)
    await withdrawSignoff(db, { requestId: id, actorId: s.ot.id })
    await expect(withdrawSignoff(db, { requestId: id, actorId: s.ot.id })).rejects.toBeInstanceOf(
      SignoffAlreadyDecidedError,
    )
  })
})

describe('the inbox and reminders', () => {
  it('shows a supervisor only their current supervisees’ waiting requests, oldest first; the principal sees all', async () => {
    const s = await scenario()
    const id = await ask(s)
    const inbox = await listReviewInbox(db, actor(s.senior))
    expect(inbox.map((r) => r.id)).toEqual([id])
    const stranger = await makeUser(db, { roles: ['staff', 'supervisor'] })
    expect(await listReviewInbox(db, actor(stranger))).toEqual([])
    const principal = await makeUser(db, { roles: ['staff', 'principal'] })
    expect((await listReviewInbox(db, actor(principal))).map((r) => r.id)).toContain(id)
  })

  it('tells each principal OT once about a request waiting 14 days', async () => {
    const s = await scenario()
    const principal = await makeUser(db, { roles: ['staff', 'principal'] })
    const id = await ask(s)
    const requestedOn = (await db
      .selectFrom('signoff_request')
      .select(sql`(requested_at at time zone 'Europe/London')::date::text`.as('day'))
      .where('id', '=', id)
      .executeTakeFirstOrThrow()) as { day: string }
    const plus = (days: number) => {
      const d = new Date(`${requestedOn.day}T12:00:00Z`)
      d.setUTCDate(d.getUTCDate() + days)
      return d.toISOString().slice(0, 10)
    }
    const early = await staleSignoffReminders(db, plus(13))
    expect(early.filter((m) => m.dedupeKey.includes(id))).toEqual([])
    const due = await staleSignoffReminders(db, plus(14))
    const mine = due.filter((m) => m.dedupeKey.startsWith(`signoff.waiting:${id}:`))
    expect(mine.map((m) => m.recipientId)).toContain(principal.id)
    expect(new Set(mine.map((m) => m.dedupeKey)).size).toBe(mine.length)
  })
})
