import { describe, expect, it } from 'vitest'
import { achievedLevels } from '#app/models/signoffs/achieved-levels.server'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import * as edit from '#app/routes/evidence.$id_.edit'
import * as entryPage from '#app/routes/evidence.$id'
import * as detail from '#app/routes/signoffs.$id'
import * as inbox from '#app/routes/signoffs._index'
import * as home from '#app/routes/_index'
import { type BuiltUser, makeSupervision, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run, withFormTokenPart } from '#tests/support/routes'
import { actor, askForSignoff, signoffScenario } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'
import { decideSignoff, withdrawSignoff } from '#app/models/signoffs/decide.server'

const database = await createTestDatabase()
const db = database.db

/** An OT whose Professional Practice at level 5 was signed off by their supervisor on one entry. */
async function approved() {
  const s = await signoffScenario(db)
  const requestId = await askForSignoff(db, s)
  await decideSignoff(db, { requestId, actor: actor(s.senior), decision: 'approve', comment: '', sessionId: null })
  return { ...s, requestId }
}

const statusOf = async (id: string) =>
  (await db.selectFrom('signoff_request').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

const revisionOf = async (id: string) =>
  (await db.selectFrom('evidence').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision

/** The edit form as the loader fills it, with one field changed. */
async function editForm(who: BuiltUser, evidenceId: string, change: Record<string, string>) {
  const loaded = await run(edit.loader, getRequest(`/evidence/${evidenceId}/edit`), await contextFor(database, who), {
    id: evidenceId,
  })
  const fields: [string, string][] = [
    ...Object.entries({ ...loaded.data.values, ...change } as Record<string, string>),
    ['intent', 'complete'],
    ['revision', String(loaded.data.revision)],
    ...loaded.data.mappings.flatMap((m: { capabilityId: string }, i: number) => [
      [`map.${i}.capability`, m.capabilityId],
    ]),
  ]
  return { loaded: loaded.data, fields }
}

describe('changing evidence that a sign-off stands on', () => {
  it('names the sign-off before any change, and saves an edit only once the person confirms', async () => {
    const s = await approved()
    const { loaded, fields } = await editForm(s.ot, s.evidenceId, { reflectionLearned: 'Pressure mapping, again.' })
    expect(loaded.atStake).toEqual([expect.objectContaining({ id: s.requestId, status: 'approved' })])
    const context = await contextFor(database, s.ot)
    const before = await revisionOf(s.evidenceId)

    const asked = await run(edit.action, postRequest(`/evidence/${s.evidenceId}/edit`, fields), context, {
      id: s.evidenceId,
    })
    expect(asked.status).toBe(409)
    expect(asked.data.atStake.map((a: { id: string }) => a.id)).toEqual([s.requestId])
    expect(asked.data.values.reflectionLearned).toBe('Pressure mapping, again.')
    expect(await revisionOf(s.evidenceId)).toBe(before)
    expect(await statusOf(s.requestId)).toBe('approved')

    const saved = await run(
      edit.action,
      postRequest(`/evidence/${s.evidenceId}/edit`, [...fields, ['confirmSignoffs', s.requestId]]),
      context,
      { id: s.evidenceId },
    )
    expect(saved.status).toBe(302)
    expect(await statusOf(s.requestId)).toBe('invalidated')
    const told = await db
      .selectFrom('outbox_message')
      .select(['recipient_id', 'template'])
      .where('kind', '=', 'signoff.invalidated')
      .where('recipient_id', '=', s.senior.id)
      .execute()
    expect(told).toEqual([{ recipient_id: s.senior.id, template: 'signoff-invalidated' }])
  })

  it('asks again when a sign-off the person was not shown now stands on the entry', async () => {
    const s = await signoffScenario(db)
    const { fields } = await editForm(s.ot, s.evidenceId, { reflectionLearned: 'Changed.' })
    // Approved after the form was opened, so the person never saw it named.
    const requestId = await askForSignoff(db, s)
    await decideSignoff(db, { requestId, actor: actor(s.senior), decision: 'approve', comment: '', sessionId: null })
    const outcome = await run(
      edit.action,
      postRequest(`/evidence/${s.evidenceId}/edit`, [...fields, ['confirmSignoffs', '']]),
      await contextFor(database, s.ot),
      { id: s.evidenceId },
    )
    expect(outcome.status).toBe(409)
    expect(await statusOf(requestId)).toBe('approved')
  })

  it('asks before removing a file, then names the sign-off, then removes it', async () => {
    const s = await approved()
    const fileId = await attachEvidenceFile(db, {
      evidenceId: s.evidenceId,
      actorId: s.ot.id,
      fileName: 'notes.txt',
      bytes: new TextEncoder().encode('Session notes'),
    })
    // Adding the file changed the entry, so sign it off again on the new revision.
    const again = await askForSignoff(db, s)
    await decideSignoff(db, {
      requestId: again,
      actor: actor(s.senior),
      decision: 'approve',
      comment: '',
      sessionId: null,
    })
    const context = await contextFor(database, s.ot)
    const post = (fields: Record<string, string>) =>
      run(
        entryPage.action,
        postRequest(`/evidence/${s.evidenceId}`, { intent: 'remove-file', fileId, ...fields }),
        context,
        {
          id: s.evidenceId,
        },
      )

    const unconfirmed = await post({})
    expect(unconfirmed.status).toBe(409)
    expect(unconfirmed.data.confirm).toEqual({ intent: 'remove-file', fileId })
    const unnamed = await post({ confirmed: 'yes' })
    expect(unnamed.status).toBe(409)
    expect(unnamed.data.atStake.map((a: { id: string }) => a.id)).toEqual([again])
    expect(await statusOf(again)).toBe('approved')
    const removed = await post({ confirmed: 'yes', confirmSignoffs: again })
    expect(removed.status).toBe(302)
    expect(await statusOf(again)).toBe('invalidated')
  })

  it('refuses an upload that would stop a sign-off counting until the box is ticked', async () => {
    const s = await approved()
    const upload = (confirm?: string) => {
      const form = new FormData()
      form.append('intent', 'attach')
      if (confirm !== undefined) form.append('confirmSignoffs', confirm)
      form.append('file', new File(['Session notes'], 'notes.txt'))
      return new Request(`http://portal.test/evidence/${s.evidenceId}`, {
        method: 'POST',
        body: withFormTokenPart(form),
        headers: { Origin: 'http://portal.test' },
      })
    }
    const context = await contextFor(database, s.ot)
    const refused = await run(entryPage.action, upload(), context, { id: s.evidenceId })
    expect(refused.status).toBe(409)
    expect(refused.data.fieldErrors.file).toMatch(/Tick the box/)
    expect(await statusOf(s.requestId)).toBe('approved')
    const added = await run(entryPage.action, upload(s.requestId), context, { id: s.evidenceId })
    expect(added.status).toBe(302)
    expect(await statusOf(s.requestId)).toBe('invalidated')
  })
})

describe('re-review from the changes', () => {
  async function invalidated() {
    const s = await approved()
    const { fields } = await editForm(s.ot, s.evidenceId, { reflectionPractice: 'I book pressure mapping first.' })
    const saved = await run(
      edit.action,
      postRequest(`/evidence/${s.evidenceId}/edit`, [...fields, ['confirmSignoffs', s.requestId]]),
      await contextFor(database, s.ot),
      { id: s.evidenceId },
    )
    expect(saved.status).toBe(302)
    return s
  }

  it('lists the sign-off in the reviewer’s inbox as needing re-review', async () => {
    const s = await invalidated()
    const outcome = await run(inbox.loader, getRequest('/signoffs'), await contextFor(database, s.senior))
    expect(outcome.data.reReview.map((r: { id: string }) => r.id)).toContain(s.requestId)
    expect(outcome.data.inbox.items.map((r: { id: string }) => r.id)).not.toContain(s.requestId)
  })

  it('tells a requester who tries to withdraw it that it waits for the reviewer, not to decide again', async () => {
    const s = await invalidated()
    await expect(withdrawSignoff(db, { requestId: s.requestId, actorId: s.ot.id })).rejects.toThrow(
      'The evidence behind this sign-off has changed, so it waits for your reviewer to look again and cannot be withdrawn. Nothing was saved.',
    )
    expect(await statusOf(s.requestId)).toBe('invalidated')
  })

  it('puts the re-review on the reviewer’s home page, and takes it off once done', async () => {
    const s = await invalidated()
    const context = await contextFor(database, s.senior)
    const homeTasks = async () =>
      (await run(home.loader, getRequest('/'), context)).data.tasks.map((t: { id: string }) => t.id)
    expect(await homeTasks()).toContain('signoffs-to-re-review')
    const page = await run(detail.loader, getRequest(`/signoffs/${s.requestId}`), context, { id: s.requestId })
    const done = await run(
      detail.action,
      postRequest(`/signoffs/${s.requestId}`, { intent: 're-review', decision: 'approve', seen: page.data.seen }),
      context,
      { id: s.requestId },
    )
    expect(done.status).toBe(302)
    expect(await homeTasks()).not.toContain('signoffs-to-re-review')
  })

  it('lets the reviewer sign off again on the new revision, as a new decision in the history', async () => {
    const s = await invalidated()
    const context = await contextFor(database, s.senior)
    const page = await run(detail.loader, getRequest(`/signoffs/${s.requestId}`), context, { id: s.requestId })
    expect(page.data.canReReview).toBe(true)
    expect(page.data.canDecide).toBe(false)
    expect(page.data.detail.evidence[0].currentContent).not.toBeNull()
    expect((await achievedLevels(db, { personIds: [s.ot.id] })).length).toBe(0)

    const outcome = await run(
      detail.action,
      postRequest(`/signoffs/${s.requestId}`, { intent: 're-review', decision: 'approve', seen: page.data.seen }),
      context,
      { id: s.requestId },
    )
    expect(outcome.status).toBe(302)
    expect(await statusOf(s.requestId)).toBe('approved')
    const events = await db
      .selectFrom('signoff_event')
      .select('kind')
      .where('request_id', '=', s.requestId)
      .orderBy('id')
      .execute()
    expect(events.map((e) => e.kind)).toEqual(['requested', 'approved', 'invalidated', 'reapproved'])
    const bound = await db
      .selectFrom('signoff_request_evidence')
      .select('revision')
      .where('request_id', '=', s.requestId)
      .executeTakeFirstOrThrow()
    expect(bound.revision).toBe(await revisionOf(s.evidenceId))
    expect((await achievedLevels(db, { personIds: [s.ot.id] })).length).toBe(1)

    // Bound to the new revision, a later change stops it counting again.
    const { fields } = await editForm(s.ot, s.evidenceId, { reflectionPractice: 'Changed once more.' })
    await run(
      edit.action,
      postRequest(`/evidence/${s.evidenceId}/edit`, [...fields, ['confirmSignoffs', s.requestId]]),
      await contextFor(database, s.ot),
      { id: s.evidenceId },
    )
    expect(await statusOf(s.requestId)).toBe('invalidated')
  })

  it('refuses a re-review on what the reviewer did not see, and keeps the comment', async () => {
    const s = await invalidated()
    const outcome = await run(
      detail.action,
      postRequest(`/signoffs/${s.requestId}`, {
        intent: 're-review',
        decision: 'return',
        comment: 'Add the pressure mapping report.',
        seen: `${s.evidenceId}:1`,
      }),
      await contextFor(database, s.senior),
      { id: s.requestId },
    )
    expect(outcome.status).toBe(409)
    expect(outcome.data.fieldErrors.form).toMatch(/changed again/)
    expect(outcome.data.values.comment).toBe('Add the pressure mapping report.')
    expect(await statusOf(s.requestId)).toBe('invalidated')
  })

  it('refuses the requester and a supervisor of someone else', async () => {
    const s = await invalidated()
    const other = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, other, await makeUser(db))
    const fields = {
      intent: 're-review',
      decision: 'approve',
      seen: `${s.evidenceId}:${await revisionOf(s.evidenceId)}`,
    }
    const own = await run(
      detail.action,
      postRequest(`/signoffs/${s.requestId}`, fields),
      await contextFor(database, s.ot),
      {
        id: s.requestId,
      },
    )
    expect(own.status).toBe(403)
    const stranger = await run(
      detail.action,
      postRequest(`/signoffs/${s.requestId}`, fields),
      await contextFor(database, other),
      { id: s.requestId },
    )
    expect(stranger.status).toBe(404)
    expect(await statusOf(s.requestId)).toBe('invalidated')
  })
})
