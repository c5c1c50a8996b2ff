import { describe, expect, it } from 'vitest'
import { logOffTheJobHours, logPlacementHours, recordProgressReview } from '#app/models/apprenticeship/logs.server'
import { getApprenticeshipDetail, listBreaks } from '#app/models/apprenticeship/queries.server'
import { changeApprenticeshipStatus } from '#app/models/apprenticeship/programme.server'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { TODAY, apprenticeshipFixture, refused } from '#tests/support/apprenticeships'
import { EMPTY_EVIDENCE, makeApprenticeship } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

// What is logged along an apprenticeship: off-the-job hours, placements and progress reviews, and the breaks in
// learning they must not fall in. The programme itself is in apprenticeship-programme.test.ts.

const database = await createTestDatabase()
const db = database.db
const { principal, supervisor, newApprentice, otj } = await apprenticeshipFixture(db)

describe('logging off-the-job hours', () => {
  it('logs hours, linked to one of the apprentice’s own CPD entries, with an audit event', async () => {
    const person = await newApprentice('Gil Logger')
    const id = await makeApprenticeship(db, person, principal)
    const entry = await createEvidence(db, { ownerId: person.id, evidence: { ...EMPTY_EVIDENCE, title: 'Module day' } })
    await logOffTheJobHours(db, {
      apprenticeshipId: id,
      doneOn: '2025-02-03',
      minutes: 390,
      activity: 'Module: occupation and wellbeing',
      evidenceId: entry,
      actorId: person.id,
      today: TODAY,
    })
    const detail = await getApprenticeshipDetail(db, id)
    expect(detail?.otj).toEqual([
      expect.objectContaining({ doneOn: '2025-02-03', minutes: 390, evidenceId: entry, evidenceTitle: 'Module day' }),
    ])
    expect((await listAuditEventsFor(db, 'apprenticeship', id)).at(-1)?.action).toBe('apprenticeship.otj_logged')
  })

  it('refuses someone else’s CPD entry', async () => {
    const person = await newApprentice('Hal Honest')
    const id = await makeApprenticeship(db, person, principal)
    const other = await createEvidence(db, {
      ownerId: supervisor.id,
      evidence: { ...EMPTY_EVIDENCE, title: 'Not yours' },
    })
    await refused(
      logOffTheJobHours(db, {
        apprenticeshipId: id,
        doneOn: '2025-02-03',
        minutes: 60,
        activity: 'Study',
        evidenceId: other,
        actorId: person.id,
        today: TODAY,
      }),
      'otjEvidenceId',
    )
  })

  it('refuses hours in the future, before the start, and during a break in learning', async () => {
    const person = await newApprentice('Ivy Invalid')
    const id = await makeApprenticeship(db, person, principal)
    await refused(otj(id, '2025-07-01'), 'otjDate', /future/)
    await refused(otj(id, '2025-01-05'), 'otjDate', /before the apprenticeship started/)
    await changeApprenticeshipStatus(db, {
      apprenticeshipId: id,
      status: 'break-in-learning',
      effectiveOn: '2025-03-03',
      note: 'Health',
      actorId: supervisor.id,
      today: TODAY,
    })
    await refused(otj(id, '2025-03-10'), 'otjDate', /break in learning/)
    await changeApprenticeshipStatus(db, {
      apprenticeshipId: id,
      status: 'on-programme',
      effectiveOn: '2025-04-07',
      note: '',
      actorId: supervisor.id,
      today: TODAY,
    })
    await refused(otj(id, '2025-04-06'), 'otjDate', /break in learning/)
    await otj(id, '2025-04-07')
    expect(await listBreaks(db, id)).toEqual([{ from: '2025-03-03', to: '2025-04-06' }])
  })

  it('refuses a break that starts on or before hours already logged', async () => {
    const person = await newApprentice('Jon Journal')
    const id = await makeApprenticeship(db, person, principal)
    await otj(id, '2025-03-10')
    await refused(
      changeApprenticeshipStatus(db, {
        apprenticeshipId: id,
        status: 'break-in-learning',
        effectiveOn: '2025-03-10',
        note: '',
        actorId: supervisor.id,
        today: TODAY,
      }),
      'statusOn',
      /logged on 10 Mar 2025/,
    )
  })
})

describe('placements and reviews', () => {
  it('logs placement hours, but not over a break or more than 24 hours a day', async () => {
    const person = await newApprentice('Kit Placement')
    const id = await makeApprenticeship(db, person, principal)
    const placement = (startsOn: string, endsOn: string, minutes: number) =>
      logPlacementHours(db, {
        apprenticeshipId: id,
        setting: 'Hospital discharge team',
        startsOn,
        endsOn,
        minutes,
        actorId: person.id,
        today: TODAY,
      })
    await placement('2025-02-03', '2025-02-28', 150 * 60)
    await refused(placement('2025-03-03', '2025-03-03', 25 * 60), 'placementHours')
    await changeApprenticeshipStatus(db, {
      apprenticeshipId: id,
      status: 'break-in-learning',
      effectiveOn: '2025-05-01',
      note: '',
      actorId: principal.id,
      today: TODAY,
    })
    await refused(placement('2025-04-20', '2025-05-10', 60 * 60), 'placementTo', /break in learning/)
    expect((await getApprenticeshipDetail(db, id))?.placements).toEqual([
      expect.objectContaining({ startsOn: '2025-02-03', endsOn: '2025-02-28', minutes: 9000 }),
    ])
  })

  it('records a review with its next date, and refuses one dated before the start or planned beyond 12 weeks', async () => {
    const person = await newApprentice('Lou Review')
    const id = await makeApprenticeship(db, person, principal)
    const review = (heldOn: string, nextOn: string) =>
      recordProgressReview(db, {
        apprenticeshipId: id,
        heldOn,
        nextOn,
        providerContact: 'Dr Tutor',
        notes: 'On track.',
        actorId: supervisor.id,
        today: TODAY,
      })
    await refused(review('2025-01-03', '2025-03-01'), 'reviewHeldOn', /before the apprenticeship started/)
    await refused(review('2025-03-03', '2025-06-02'), 'reviewNextOn', /12 weeks/)
    await refused(review('2025-07-03', '2025-08-02'), 'reviewHeldOn', /future/)
    await review('2025-03-03', '2025-05-26')
    expect((await getApprenticeshipDetail(db, id))?.reviews).toEqual([
      expect.objectContaining({ heldOn: '2025-03-03', nextOn: '2025-05-26', providerContact: 'Dr Tutor' }),
    ])
  })
})
