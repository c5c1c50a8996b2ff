import fc from 'fast-check'
import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { RuleError } from '#app/lib/rule-error'
import { updateEvidence } from '#app/models/evidence/evidence.server'
import { decideSignoff, withdrawSignoff } from '#app/models/signoffs/decide.server'
import { type AchievedLevel, achievedLevels } from '#app/models/signoffs/achieved-levels.server'
import { requestReReview, requestSignoff } from '#app/models/signoffs/request.server'
import type { DB } from '#db/schema'
import { EMPTY_EVIDENCE, makeSupervision, makeUser } from '#tests/support/builders'
import { actor, completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

const PILLARS = ['PP', 'FL'] as const

/** What the table says, in a stable order, for comparing. */
const comparable = (levels: AchievedLevel[]) =>
  levels.map((a) => `${a.personId} ${a.domainId} ${a.levelName} ${a.requestId} ${a.carriedFromVersion}`).sort()

/** The rule worked out from nothing for everyone, in a transaction that is then undone. */
async function recomputed(db: Kysely<DB>): Promise<string[]> {
  let result: string[] = []
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`select refresh_achieved_levels(null)`.execute(trx)
      result = comparable(await achievedLevels(trx))
      throw new Rollback()
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error
    })
  return result
}
class Rollback extends Error {}

type Step =
  | {
      kind: 'ask'
      person: number
      pillar: (typeof PILLARS)[number]
      level: number
      then: 'approve' | 'return' | 'wait'
    }
  | { kind: 'edit'; person: number }
  | { kind: 'withdraw'; person: number }
  | { kind: 're-review'; person: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('ask' as const),
    person: fc.nat(1),
    pillar: fc.constantFrom(...PILLARS),
    level: fc.integer({ min: 3, max: 7 }),
    then: fc.constantFrom('approve' as const, 'return' as const, 'wait' as const),
  }),
  fc.record({ kind: fc.constant('edit' as const), person: fc.nat(1) }),
  fc.record({ kind: fc.constant('withdraw' as const), person: fc.nat(1) }),
  fc.record({ kind: fc.constant('re-review' as const), person: fc.nat(1) }),
)

/** A refusal by the rules (a level already signed off, a request already waiting) is part of the story. */
async function allowingRefusal(action: () => Promise<unknown>) {
  try {
    await action()
  } catch (error) {
    if (!(error instanceof RuleError)) throw error
  }
}

describe('the achieved-level table', () => {
  it('always equals the rule worked out afresh, whatever people ask, edit, withdraw and have decided', async () => {
    const senior = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot' })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const people = [
          await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot' }),
          await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot' }),
        ]
        for (const person of people) await makeSupervision(db, senior, person)
        const latest = (personId: string, status: string) =>
          db
            .selectFrom('signoff_request')
            .select('id')
            .where('requester_id', '=', personId)
            .where('status', '=', status as never)
            .orderBy('requested_at', 'desc')
            .executeTakeFirst()
        for (const s of steps) {
          const person = people[s.person]!
          if (s.kind === 'ask') {
            const pillar = await rcotDomain(db, s.pillar)
            const evidenceId = await completeEvidence(db, person.id, [`${s.level}${s.pillar}`])
            await allowingRefusal(async () => {
              const id = await requestSignoff(db, {
                requesterId: person.id,
                versionId: pillar.versionId,
                domainId: pillar.domainId,
                levelId: pillar.levels[String(s.level)]!,
                note: '',
                evidenceIds: [evidenceId],
              })
              if (s.then === 'wait') return
              await decideSignoff(db, {
                requestId: id,
                actor: actor(senior),
                decision: s.then,
                comment: s.then === 'return' ? 'More on outcomes, please.' : '',
                sessionId: null,
              })
            })
          } else if (s.kind === 'edit') {
            const entry = await db
              .selectFrom('evidence')
              .selectAll()
              .where('owner_id', '=', person.id)
              .orderBy('created_at', 'desc')
              .executeTakeFirst()
            if (!entry) continue
            const mappings = await db
              .selectFrom('evidence_capability')
              .select(['capability_id as capabilityId', 'note'])
              .where('evidence_id', '=', entry.id)
              .execute()
            await updateEvidence(db, {
              id: entry.id,
              expectedRevision: entry.revision,
              actorId: person.id,
              evidence: {
                ...EMPTY_EVIDENCE,
                status: 'complete',
                title: `${entry.title} (revised)`,
                activityType: 'work-based-learning',
                startsOn: '2026-10-14',
                minutes: 150,
                description: entry.description,
                reflectionLearned: entry.reflection_learned,
                reflectionPractice: entry.reflection_practice,
                reflectionBenefit: entry.reflection_benefit,
                mappings,
              },
            })
          } else if (s.kind === 'withdraw') {
            const pending = await latest(person.id, 'pending')
            if (pending) await withdrawSignoff(db, { requestId: pending.id, actorId: person.id })
          } else {
            const invalidated = await latest(person.id, 'invalidated')
            if (invalidated) {
              await allowingRefusal(() => requestReReview(db, { requestId: invalidated.id, requesterId: person.id }))
            }
          }
        }
        expect(comparable(await achievedLevels(db))).toEqual(await recomputed(db))
      }),
      { numRuns: 12 },
    )
  }, 120_000)
})
