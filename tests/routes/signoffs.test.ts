import { describe, expect, it } from 'vitest'
import { updateEvidence } from '#app/models/evidence/evidence.server'
import * as capabilities from '#app/routes/capabilities'
import * as detail from '#app/routes/signoffs.$id'
import * as list from '#app/routes/signoffs._index'
import * as create from '#app/routes/signoffs.new'
import { type BuiltUser, makeSupervision, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const pillar = await rcotDomain(db, 'PP')
const newPath = `/signoffs/new?version=${pillar.versionId}&domain=${pillar.domainId}`

async function people() {
  const ot = await makeUser(db, { roles: ['staff'], name: 'Olivia Request' })
  const senior = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Review' })
  await makeSupervision(db, senior, ot)
  const evidenceId = await completeEvidence(db, ot.id, ['5PP'], 'Moving and handling plan')
  return { ot, senior, evidenceId }
}

async function ask(ot: BuiltUser, evidenceId: string): Promise<string> {
  const outcome = await run(
    create.action,
    postRequest(newPath, [
      ['versionId', pillar.versionId],
      ['domainId', pillar.domainId],
      ['levelId', pillar.levels['5']!],
      ['evidence', evidenceId],
      ['note', 'Ready'],
    ]),
    await contextFor(database, ot),
  )
  expect(outcome.status).toBe(302)
  return outcome.location!.split('/').pop()!
}

const decide = async (who: BuiltUser, id: string, fields: Record<string, string>) =>
  run(detail.action, postRequest(`/signoffs/${id}`, { intent: 'decide', ...fields }), await contextFor(database, who), {
    id,
  })

describe('asking', () => {
  it('offers the mapped entries and suggests the level the role needs', async () => {
    const { ot, evidenceId } = await people()
    const outcome = await run(create.loader, getRequest(newPath), await contextFor(database, ot))
    expect(outcome.status).toBe(200)
    expect(outcome.data.evidence.map((e: { id: string }) => e.id)).toEqual([evidenceId])
    expect(outcome.data.suggestedLevelId).toBe(pillar.levels['5'])
  })

  it('refuses a request with no evidence beside the field and keeps the note', async () => {
    const { ot } = await people()
    const outcome = await run(
      create.action,
      postRequest(newPath, {
        versionId: pillar.versionId,
        domainId: pillar.domainId,
        levelId: pillar.levels['5']!,
        note: 'Please look at my seating work',
      }),
      await contextFor(database, ot),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.evidence).toMatch(/at least one/)
    expect(outcome.data.values.note).toBe('Please look at my seating work')
  })

  it("refuses a forged form naming another person's entry", async () => {
    const { ot } = await people()
    const other = await makeUser(db)
    const theirs = await completeEvidence(db, other.id, ['5PP'])
    const outcome = await run(
      create.action,
      postRequest(newPath, [
        ['versionId', pillar.versionId],
        ['domainId', pillar.domainId],
        ['levelId', pillar.levels['5']!],
        ['evidence', theirs],
      ]),
      await contextFor(database, ot),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.evidence).toMatch(/your own/)
  })
})

describe('deciding', () => {
  it('approves, shows the level in the profile, and tells a second reviewer it was already decided', async () => {
    const { ot, senior, evidenceId } = await people()
    const principal = await makeUser(db, { roles: ['staff', 'principal'] })
    const id = await ask(ot, evidenceId)
    const inbox = await run(list.loader, getRequest('/signoffs'), await contextFor(database, senior))
    expect(inbox.data.inbox.items.map((r: { id: string }) => r.id)).toEqual([id])

    const first = await decide(senior, id, { decision: 'approve' })
    expect(first.status).toBe(302)
    const second = await decide(principal, id, { decision: 'return', comment: 'Not yet' })
    expect(second.status).toBe(409)
    expect(second.data.fieldErrors.form).toMatch(/already been approved/)

    const profile = await run(capabilities.loader, getRequest('/capabilities'), await contextFor(database, ot))
    const pp = profile.data.profile.frameworks
      .find((f: { frameworkCode: string }) => f.frameworkCode === 'rcot-cdf')
      .domains.find((d: { code: string }) => d.code === 'PP')
    expect(pp.achieved.code).toBe('5')
  })

  it('needs a comment to return, and refuses a comment of 100,000 characters', async () => {
    const { ot, senior, evidenceId } = await people()
    const id = await ask(ot, evidenceId)
    const bare = await decide(senior, id, { decision: 'return', comment: '' })
    expect(bare.status).toBe(400)
    expect(bare.data.fieldErrors.comment).toMatch(/what the person needs to do/)
    const huge = await decide(senior, id, { decision: 'return', comment: 'x'.repeat(100_000) })
    expect(huge.status).toBe(400)
    expect(huge.data.fieldErrors.comment).toMatch(/5,000 characters or fewer/)
    const none = await decide(senior, id, {})
    expect(none.data.fieldErrors.decision).toMatch(/approve or return/)
  })

  it('refuses the requester (403), hides the request from a former supervisor and a stranger (404)', async () => {
    const { ot, evidenceId } = await people()
    const id = await ask(ot, evidenceId)
    expect((await decide(ot, id, { decision: 'approve' })).status).toBe(403)
    const former = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, former, ot, { startsOn: '2020-01-01', endsOn: '2021-01-01' })
    expect((await decide(former, id, { decision: 'approve' })).status).toBe(404)
    const stranger = await makeUser(db, { roles: ['staff', 'supervisor'] })
    expect((await decide(stranger, id, { decision: 'approve' })).status).toBe(404)
    const loader = await run(detail.loader, getRequest(`/signoffs/${id}`), await contextFor(database, stranger), {
      id,
    })
    expect(loader.status).toBe(404)
  })

  it('refuses a decision once the evidence changed, explaining why, and the requester can ask again', async () => {
    const { ot, senior, evidenceId } = await people()
    const id = await ask(ot, evidenceId)
    const entry = await db.selectFrom('evidence').selectAll().where('id', '=', evidenceId).executeTakeFirstOrThrow()
    const mappings = await db
      .selectFrom('evidence_capability')
      .select(['capability_id as capabilityId', 'note'])
      .where('evidence_id', '=', evidenceId)
      .execute()
    await updateEvidence(db, {
      id: evidenceId,
      expectedRevision: entry.revision,
      actorId: ot.id,
      evidence: {
        status: 'complete',
        title: 'Moving and handling plan (revised)',
        activityType: entry.activity_type,
        startsOn: entry.starts_on,
        endsOn: entry.ends_on,
        minutes: entry.minutes,
        description: entry.description,
        reflectionWhat: entry.reflection_what,
        reflectionLearned: entry.reflection_learned,
        reflectionPractice: entry.reflection_practice,
        reflectionBenefit: entry.reflection_benefit,
        mappings,
      },
    })
    const refused = await decide(senior, id, { decision: 'approve' })
    expect(refused.status).toBe(409)
    expect(refused.data.fieldErrors.form).toMatch(/evidence behind this request changed/)

    const page = await run(detail.loader, getRequest(`/signoffs/${id}`), await contextFor(database, ot), { id })
    expect(page.data.canAskAgain).toBe(true)
    expect(page.data.detail.evidence[0].currentContent.title).toBe('Moving and handling plan (revised)')
    const again = await run(
      detail.action,
      postRequest(`/signoffs/${id}`, { intent: 'ask-again' }),
      await contextFor(database, ot),
      { id },
    )
    expect(again.status).toBe(302)
    expect(again.location).not.toBe(`/signoffs/${id}`)
  })

  it('lets only the requester withdraw a waiting request', async () => {
    const { ot, senior, evidenceId } = await people()
    const id = await ask(ot, evidenceId)
    const bySenior = await run(
      detail.action,
      postRequest(`/signoffs/${id}`, { intent: 'withdraw' }),
      await contextFor(database, senior),
      { id },
    )
    expect(bySenior.status).toBe(403)
    const byOwner = await run(
      detail.action,
      postRequest(`/signoffs/${id}`, { intent: 'withdraw' }),
      await contextFor(database, ot),
      { id },
    )
    expect(byOwner.status).toBe(302)
  })
})
