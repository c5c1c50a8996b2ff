import { describe, expect, it } from 'vitest'
import { countCapabilityGaps, getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import { createEvidence, updateEvidence, withdrawEvidence } from '#app/models/evidence/evidence.server'
import { checkFrameworkDocument } from '#app/models/frameworks/document.schema'
import { importFrameworkDocument, publishFrameworkVersion } from '#app/models/frameworks/import.server'
import { SignoffAlreadyDecidedError, SignoffNotAllowedError } from '#app/models/signoffs/errors'
import { achievedLevels } from '#app/models/signoffs/achieved-levels.server'
import { decideSignoff } from '#app/models/signoffs/decide.server'
import { getSignoffDetail } from '#app/models/signoffs/queries.server'
import { requestReReview, requestSignoff } from '#app/models/signoffs/request.server'
import { type BuiltUser, EMPTY_EVIDENCE, makeSupervision, makeUser } from '#tests/support/builders'
import { type SignoffScenario, actor, askForSignoff, signoffScenario } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

// Deciding on a request, what an approval does to the capability profile and what undoes it, and sign-offs
// carried into a new framework version. Asking is in signoffs-request.test.ts.

const database = await createTestDatabase()
const db = database.db

const scenario = () => signoffScenario(db)
const ask = (s: SignoffScenario, level?: string, evidenceIds?: string[]) => askForSignoff(db, s, level, evidenceIds)

describe('deciding', () => {
  it('approves once: the level counts in the profile and the gap closes', async () => {
    const s = await scenario()
    const before = await countCapabilityGaps(db, [s.ot.id])
    const id = await ask(s)
    const status = await decideSignoff(db, {
      requestId: id,
      actor: actor(s.senior),
      decision: 'approve',
      comment: '',
      sessionId: null,
    })
    expect(status).toBe('approved')
    const profile = await getCapabilityProfile(db, s.ot.id)
    const pp = profile!.frameworks.find((f) => f.frameworkCode === 'rcot-cdf')!.domains.find((d) => d.code === 'PP')!
    expect(pp.achieved?.code).toBe('5')
    expect(pp.standing).toBe('met')
    expect(pp.evidenceCount).toBe(1)
    const after = await countCapabilityGaps(db, [s.ot.id])
    expect(after.get(s.ot.id)!.gaps).toBe(before.get(s.ot.id)!.gaps - 1)
    const message = await db
      .selectFrom('outbox_message')
      .select(['recipient_id', 'personalisation'])
      .where('dedupe_key', '=', `signoff.decided:${id}`)
      .executeTakeFirstOrThrow()
    expect(message.recipient_id).toBe(s.ot.id)
    expect(message.personalisation.decision).toBe('signed off')
  })

  it('lets exactly one of two simultaneous decisions win; the other is told', async () => {
    const s = await scenario()
    const second = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot' })
    await makeSupervision(db, second, s.ot)
    const id = await ask(s)
    const results = await Promise.allSettled([
      decideSignoff(db, { requestId: id, actor: actor(s.senior), decision: 'approve', comment: '', sessionId: null }),
      decideSignoff(db, {
        requestId: id,
        actor: actor(second),
        decision: 'return',
        comment: 'More evidence, please',
        sessionId: null,
      }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(loser.reason).toBeInstanceOf(SignoffAlreadyDecidedError)
    const decisions = await db
      .selectFrom('signoff_event')
      .select('kind')
      .where('request_id', '=', id)
      .where('kind', 'in', ['approved', 'returned'])
      .execute()
    expect(decisions).toHaveLength(1)
  })

  it('refuses the requester, a supervisor whose link ended yesterday, and a stranger', async () => {
    const s = await scenario()
    const id = await ask(s)
    const decide = (who: BuiltUser) =>
      decideSignoff(db, { requestId: id, actor: actor(who), decision: 'approve', comment: '', sessionId: null })
    await expect(decide(s.ot)).rejects.toBeInstanceOf(SignoffNotAllowedError)
    const former = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, former, s.ot, { startsOn: '2024-01-01', endsOn: '2026-11-22' })
    await expect(
      decideSignoff(
        db,
        { requestId: id, actor: actor(former), decision: 'approve', comment: '', sessionId: null },
        '2026-11-23',
      ),
    ).rejects.toBeInstanceOf(SignoffNotAllowedError)
    const stranger = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await expect(decide(stranger)).rejects.toBeInstanceOf(SignoffNotAllowedError)
    const principal = await makeUser(db, { roles: ['staff', 'principal'] })
    await expect(decide(principal)).resolves.toBe('approved')
  })

  it('refuses a session that is not the reviewer’s own with this person', async () => {
    const s = await scenario()
    const id = await ask(s)
    const other = await makeUser(db)
    const { id: sessionId } = await db
      .insertInto('supervision_session')
      .values({
        supervisor_id: s.senior.id,
        supervisee_id: other.id,
        held_on: '2026-11-01',
        kind: 'professional',
        minutes: 90,
        recorded_by: s.senior.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await expect(
      decideSignoff(db, { requestId: id, actor: actor(s.senior), decision: 'approve', comment: '', sessionId }),
    ).rejects.toThrow('your own supervision sessions')
  })

  it('refuses a decision once the evidence changed, with an explanation', async () => {
    const s = await scenario()
    const id = await ask(s)
    await attachEvidenceFile(db, {
      evidenceId: s.evidenceId,
      actorId: s.ot.id,
      fileName: 'certificate.txt',
      bytes: new TextEncoder().encode('Certificate of attendance'),
    })
    await expect(
      decideSignoff(db, { requestId: id, actor: actor(s.senior), decision: 'approve', comment: '', sessionId: null }),
    ).rejects.toThrow('evidence behind this request changed')
  })
})

describe('after approval', () => {
  it('an edit invalidates the sign-off, the level drops, and asking again records the new revision', async () => {
    const s = await scenario()
    const id = await ask(s)
    await decideSignoff(db, {
      requestId: id,
      actor: actor(s.senior),
      decision: 'approve',
      comment: '',
      sessionId: null,
    })
    expect(await achievedLevels(db, { personIds: [s.ot.id] })).toHaveLength(1)

    const current = await db.selectFrom('evidence').selectAll().where('id', '=', s.evidenceId).executeTakeFirstOrThrow()
    const mapping = await db
      .selectFrom('evidence_capability')
      .select(['capability_id', 'note'])
      .where('evidence_id', '=', s.evidenceId)
      .execute()
    await updateEvidence(db, {
      id: s.evidenceId,
      expectedRevision: current.revision,
      actorId: s.ot.id,
      evidence: {
        status: 'complete',
        title: current.title,
        activityType: current.activity_type,
        startsOn: current.starts_on,
        endsOn: current.ends_on,
        minutes: current.minutes,
        description: current.description,
        reflectionWhat: current.reflection_what,
        reflectionLearned: 'Something I added afterwards',
        reflectionPractice: current.reflection_practice,
        reflectionBenefit: current.reflection_benefit,
        mappings: mapping.map((m) => ({ capabilityId: m.capability_id, note: m.note })),
      },
    })
    expect(await achievedLevels(db, { personIds: [s.ot.id] })).toEqual([])
    const detail = await getSignoffDetail(db, id)
    expect(detail!.request.status).toBe('invalidated')
    expect(detail!.events.map((e) => e.kind)).toEqual(['requested', 'approved', 'invalidated'])
    expect(detail!.evidence[0]!.currentContent).not.toBeNull()
    const profile = await getCapabilityProfile(db, s.ot.id)
    const pp = profile!.frameworks.find((f) => f.frameworkCode === 'rcot-cdf')!.domains.find((d) => d.code === 'PP')!
    expect(pp.achieved).toBeNull()
    expect(pp.latest).toMatchObject({ id, status: 'invalidated', wasApproved: true })

    const again = await requestReReview(db, { requestId: id, requesterId: s.ot.id })
    const recorded = await db
      .selectFrom('signoff_request_evidence')
      .select('revision')
      .where('request_id', '=', again)
      .executeTakeFirstOrThrow()
    expect(recorded.revision).toBe(current.revision + 1)
    await expect(requestReReview(db, { requestId: id, requesterId: s.ot.id })).rejects.toThrow('already asked again')
    await decideSignoff(db, {
      requestId: again,
      actor: actor(s.senior),
      decision: 'approve',
      comment: '',
      sessionId: null,
    })
    expect((await achievedLevels(db, { personIds: [s.ot.id] }))[0]!.requestId).toBe(again)
  })

  it('withdrawing evidence invalidates too', async () => {
    const s = await scenario()
    const id = await ask(s)
    await decideSignoff(db, {
      requestId: id,
      actor: actor(s.senior),
      decision: 'approve',
      comment: '',
      sessionId: null,
    })
    await withdrawEvidence(db, { id: s.evidenceId, reason: 'Duplicate', actorId: s.ot.id })
    expect(await achievedLevels(db, { personIds: [s.ot.id] })).toEqual([])
  })
})

describe('a new framework version', () => {
  function doc(label: string, domains: string[]) {
    const checked = checkFrameworkDocument({
      source: 'Test.',
      framework: { code: 'carry', name: 'Carry test framework' },
      version: { label, status: 'published' },
      levels: [
        { code: 'A', ordinal: 1, name: 'Foundation' },
        { code: 'B', ordinal: 2, name: 'Practitioner' },
      ],
      domains: domains.map((code) => ({ code, name: `Domain ${code}` })),
      capabilities: domains.flatMap((code) => [
        { code: `${code}-A`, domain: code, level: 'A', statement: `${code} at foundation` },
        { code: `${code}-B`, domain: code, level: 'B', statement: `${code} at practitioner` },
      ]),
    })
    if (!checked.ok) throw new Error(checked.problems.join())
    return checked.document
  }

  it('carries sign-offs forward through the crosswalk (by code where it says nothing else), saying where they came from', async () => {
    const person = await makeUser(db, { roles: ['staff'] })
    const senior = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, senior, person)
    const v1 = await importFrameworkDocument(db, doc('v1', ['D1', 'D2']), { origin: 'json', publishIfFirst: true })
    const ids = async (versionId: string, domain: string) => ({
      domainId: (
        await db
          .selectFrom('framework_domain')
          .select('id')
          .where('version_id', '=', versionId)
          .where('code', '=', domain)
          .executeTakeFirstOrThrow()
      ).id,
      levelId: (
        await db
          .selectFrom('framework_level')
          .select('id')
          .where('version_id', '=', versionId)
          .where('code', '=', 'B')
          .executeTakeFirstOrThrow()
      ).id,
      capabilityId: (
        await db
          .selectFrom('capability')
          .select('id')
          .where('version_id', '=', versionId)
          .where('code', '=', `${domain}-B`)
          .executeTakeFirstOrThrow()
      ).id,
    })
    const signOff = async (domain: string) => {
      const target = await ids(v1.versionId, domain)
      const evidenceId = await createEvidence(db, {
        ownerId: person.id,
        evidence: {
          ...EMPTY_EVIDENCE,
          status: 'complete',
          title: `Work in ${domain}`,
          activityType: 'work-based-learning',
          startsOn: '2026-10-01',
          minutes: 60,
          description: 'Did the work.',
          reflectionLearned: 'Learned.',
          reflectionPractice: 'Changed.',
          reflectionBenefit: 'Helped.',
          mappings: [{ capabilityId: target.capabilityId, note: null }],
        },
      })
      const id = await requestSignoff(db, {
        requesterId: person.id,
        versionId: v1.versionId,
        domainId: target.domainId,
        levelId: target.levelId,
        note: '',
        evidenceIds: [evidenceId],
      })
      await decideSignoff(db, {
        requestId: id,
        actor: actor(senior),
        decision: 'approve',
        comment: '',
        sessionId: null,
      })
      return id
    }
    const d1 = await signOff('D1')
    const d2 = await signOff('D2')

    const v2 = await importFrameworkDocument(db, doc('v2', ['D1', 'D3']), { origin: 'json' })
    // A crosswalk file says D2's practitioner capability continues as D3's; D1 carries by its unchanged codes.
    await db
      .insertInto('capability_crosswalk')
      .values({
        from_version_id: v1.versionId,
        to_version_id: v2.versionId,
        from_capability_id: (await ids(v1.versionId, 'D2')).capabilityId,
        to_capability_id: (await ids(v2.versionId, 'D3')).capabilityId,
        relation: 'same',
        note: null,
      })
      .execute()
    await publishFrameworkVersion(db, { versionId: v2.versionId, actorId: null })
    const inV2 = await achievedLevels(db, { personIds: [person.id], versionIds: [v2.versionId] })
    const byDomain = Object.fromEntries(inV2.map((a) => [a.domainId, a]))
    expect(inV2).toHaveLength(2)
    expect(byDomain[(await ids(v2.versionId, 'D1')).domainId]).toMatchObject({
      levelName: 'Practitioner',
      requestId: d1,
      carriedFromVersion: 1,
    })
    expect(byDomain[(await ids(v2.versionId, 'D3')).domainId]).toMatchObject({
      levelName: 'Practitioner',
      requestId: d2,
      carriedFromVersion: 1,
    })
    const inV1 = await achievedLevels(db, { personIds: [person.id], versionIds: [v1.versionId] })
    expect(inV1.map((a) => a.carriedFromVersion)).toEqual([null, null])
  })
})
