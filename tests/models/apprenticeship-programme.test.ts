import { beforeAll, describe, expect, it } from 'vitest'
import {
  getApprenticeshipDetail,
  getApprenticeshipSubject,
  getOwnApprenticeshipId,
  listApprenticeships,
  listStartCandidates,
} from '#app/models/apprenticeship/queries.server'
import {
  changeApprenticeshipStatus,
  completeApprenticeship,
  saveGatewayChecklist,
  updateApprenticeshipDetails,
} from '#app/models/apprenticeship/programme.server'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import { createEvidence, getEvidenceDetail } from '#app/models/evidence/evidence.server'
import { TODAY, apprenticeshipFixture, refused } from '#tests/support/apprenticeships'
import { EMPTY_EVIDENCE, makeApprenticeship, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

// The programme: starting one, gateway, completion and the programme details, and who sees which. The hours,
// placements and reviews logged along the way are in apprenticeship-logs.test.ts.

const database = await createTestDatabase()
const db = database.db
const { principal, supervisor, newApprentice, otj } = await apprenticeshipFixture(db)

describe('starting an apprenticeship', () => {
  it('moves an adult social care worker into the OT apprentice role, with history and an audit trail', async () => {
    const person = await newApprentice('Ada Ascw')
    const id = await makeApprenticeship(db, person, principal)
    const user = await db.selectFrom('app_user').select('job_role_code').where('id', '=', person.id).executeTakeFirst()
    expect(user?.job_role_code).toBe('ot-apprentice')
    const detail = await getApprenticeshipDetail(db, id)
    expect(detail?.record).toMatchObject({
      status: 'on-programme',
      startsOn: '2025-01-06',
      plannedEndOn: '2029-01-05',
      weeklyMinutes: 2250,
      ksbsMetOn: null,
      englishMathsInPlan: false,
    })
    expect(detail?.events.map((e) => [e.status, e.effectiveOn])).toEqual([['on-programme', '2025-01-06']])
    expect((await listAuditEventsFor(db, 'apprenticeship', id)).map((e) => e.action)).toEqual([
      'apprenticeship.started',
    ])
    const personAudit = await listAuditEventsFor(db, 'person', person.id)
    expect(personAudit.at(-1)).toMatchObject({
      action: 'person.job_role_changed',
      data: { from: 'ascw', to: 'ot-apprentice' },
    })
    expect(await getOwnApprenticeshipId(db, person.id)).toBe(id)
  })

  it('refuses a second apprenticeship while one is in progress', async () => {
    const person = await newApprentice('Bea Busy')
    await makeApprenticeship(db, person, principal)
    await refused(makeApprenticeship(db, person, principal), 'personId', /already has an apprenticeship/)
  })

  it('refuses a retired standard and a start more than a year away', async () => {
    const person = await newApprentice('Cal Careful')
    await refused(makeApprenticeship(db, person, principal, { standardCode: 'ST0215' }), 'standardCode')
    await refused(
      makeApprenticeship(db, person, principal, { startsOn: '2099-01-01', plannedEndOn: '2100-01-01' }),
      'startsOn',
    )
  })

  it('keeps the job role of a support-worker apprentice', async () => {
    const person = await newApprentice('Dee Support')
    await makeApprenticeship(db, person, principal, { standardCode: 'ST0217', plannedEndOn: '2027-01-05' })
    const user = await db.selectFrom('app_user').select('job_role_code').where('id', '=', person.id).executeTakeFirst()
    expect(user?.job_role_code).toBe('ascw')
  })

  it('offers only people without an apprenticeship in progress, and a supervisor only their own', async () => {
    const free = await newApprentice('Eve Free')
    const elsewhere = await makeUser(db, { name: 'Fay Elsewhere' })
    const forSupervisor = await listStartCandidates(db, supervisor, TODAY)
    expect(forSupervisor.map((p) => p.id)).toContain(free.id)
    expect(forSupervisor.map((p) => p.id)).not.toContain(elsewhere.id)
    expect(forSupervisor.map((p) => p.name)).not.toContain('Ada Ascw')
    expect((await listStartCandidates(db, principal, TODAY)).map((p) => p.id)).toContain(elsewhere.id)
  })
})

describe('gateway and completion', () => {
  it('refuses gateway until the checklist is done, then stops off-the-job hours counting from it', async () => {
    const person = await newApprentice('May Gateway')
    const id = await makeApprenticeship(db, person, principal)
    const toGateway = () =>
      changeApprenticeshipStatus(db, {
        apprenticeshipId: id,
        status: 'gateway',
        effectiveOn: '2025-06-02',
        note: '',
        actorId: supervisor.id,
        today: TODAY,
      })
    await refused(toGateway(), 'newStatus', /3 items still to do/)
    await saveGatewayChecklist(db, {
      apprenticeshipId: id,
      done: { ksbs: true, modules: true, pad: true, englishMaths: false },
      englishMathsInPlan: false,
      actorId: supervisor.id,
      today: '2025-06-01',
    })
    await toGateway()
    await refused(otj(id, '2025-06-02'), 'otjDate', /gateway/)
    const detail = await getApprenticeshipDetail(db, id)
    expect(detail?.record).toMatchObject({ status: 'gateway', gatewayOn: '2025-06-02', ksbsMetOn: '2025-06-01' })
  })

  it('refuses a move the status cannot make', async () => {
    const person = await newApprentice('Ned Order')
    const id = await makeApprenticeship(db, person, principal)
    await refused(
      changeApprenticeshipStatus(db, {
        apprenticeshipId: id,
        status: 'epa',
        effectiveOn: '2025-06-02',
        note: '',
        actorId: supervisor.id,
        today: TODAY,
      }),
      'newStatus',
    )
    await refused(
      completeApprenticeship(db, {
        apprenticeshipId: id,
        completedOn: '2025-06-02',
        result: 'Pass',
        actorId: principal.id,
      }),
      'form',
    )
  })

  it('makes the apprentice a registered OT on completion, keeping their evidence and writing the audit trail', async () => {
    const person = await newApprentice('Ola Qualified', 'ot-apprentice')
    const id = await makeApprenticeship(db, person, principal)
    const entry = await createEvidence(db, { ownerId: person.id, evidence: { ...EMPTY_EVIDENCE, title: 'Portfolio' } })
    const before = await getEvidenceDetail(db, entry)
    await saveGatewayChecklist(db, {
      apprenticeshipId: id,
      done: { ksbs: true, modules: true, pad: true, englishMaths: true },
      englishMathsInPlan: false,
      actorId: principal.id,
      today: '2025-05-01',
    })
    for (const status of ['gateway', 'epa'] as const) {
      await changeApprenticeshipStatus(db, {
        apprenticeshipId: id,
        status,
        effectiveOn: status === 'gateway' ? '2025-05-05' : '2025-05-19',
        note: '',
        actorId: principal.id,
        today: TODAY,
      })
    }
    const outcome = await completeApprenticeship(db, {
      apprenticeshipId: id,
      completedOn: '2025-06-20',
      result: 'BSc (Hons) Occupational Therapy, first class',
      actorId: principal.id,
      today: TODAY,
    })
    expect(outcome.jobRoleCode).toBe('ot')
    const user = await db.selectFrom('app_user').select('job_role_code').where('id', '=', person.id).executeTakeFirst()
    expect(user?.job_role_code).toBe('ot')
    const detail = await getApprenticeshipDetail(db, id)
    expect(detail?.record).toMatchObject({
      status: 'completed',
      endedOn: '2025-06-20',
      result: expect.stringMatching(/^BSc/),
    })
    expect((await getEvidenceDetail(db, entry))?.revision).toBe(before?.revision)
    expect((await listAuditEventsFor(db, 'apprenticeship', id)).map((e) => e.action)).toEqual([
      'apprenticeship.started',
      'apprenticeship.gateway_checklist_saved',
      'apprenticeship.status_changed',
      'apprenticeship.status_changed',
      'apprenticeship.completed',
    ])
    await refused(otj(id, '2025-04-01'), 'form', /completed/)
    await makeApprenticeship(db, person, principal, {
      standardCode: 'ST0216',
      startsOn: '2025-07-01',
      plannedEndOn: '2026-07-01',
    })
  })

  it('updates the programme details', async () => {
    const person = await newApprentice('Pip Details')
    const id = await makeApprenticeship(db, person, principal)
    await updateApprenticeshipDetails(db, {
      id,
      provider: 'Other University',
      plannedEndOn: '2029-06-30',
      weeklyMinutes: 20 * 60,
      actorId: principal.id,
    })
    expect((await getApprenticeshipDetail(db, id))?.record).toMatchObject({
      provider: 'Other University',
      weeklyMinutes: 1200,
    })
    await refused(
      updateApprenticeshipDetails(db, {
        id,
        provider: 'X',
        plannedEndOn: '2024-01-01',
        weeklyMinutes: 1200,
        actorId: principal.id,
      }),
      'plannedEndOn',
    )
  })
})

describe('who sees which apprenticeship', () => {
  // The listing expects two apprentices like those the logging tests (apprenticeship-logs.test.ts) make: one with a
  // day of off-the-job hours logged after a break in learning, and one on a break now.
  beforeAll(async () => {
    const logged = await newApprentice('Ivy Invalid')
    const loggedId = await makeApprenticeship(db, logged, principal)
    for (const [status, effectiveOn] of [
      ['break-in-learning', '2025-03-03'],
      ['on-programme', '2025-04-07'],
    ] as const) {
      await changeApprenticeshipStatus(db, {
        apprenticeshipId: loggedId,
        status,
        effectiveOn,
        note: '',
        actorId: supervisor.id,
        today: TODAY,
      })
    }
    await otj(loggedId, '2025-04-07')
    const resting = await newApprentice('Kit Placement')
    const restingId = await makeApprenticeship(db, resting, principal)
    await changeApprenticeshipStatus(db, {
      apprenticeshipId: restingId,
      status: 'break-in-learning',
      effectiveOn: '2025-05-01',
      note: '',
      actorId: principal.id,
      today: TODAY,
    })
  })

  it('lists a supervisor’s own apprentices only, everyone’s for the principal, filtered by stage', async () => {
    const outsider = await makeUser(db, { name: 'Quin Outsider', jobRoleCode: 'ascw' })
    const outsiderId = await makeApprenticeship(db, outsider, principal)
    const mine = await listApprenticeships(db, { actor: supervisor, stage: 'open', today: TODAY })
    expect(mine.map((a) => a.personName)).toContain('Ivy Invalid')
    expect(mine.map((a) => a.id)).not.toContain(outsiderId)
    const all = await listApprenticeships(db, { actor: principal, stage: 'all', today: TODAY })
    expect(all.map((a) => a.id)).toContain(outsiderId)
    const onBreak = await listApprenticeships(db, { actor: principal, stage: 'break-in-learning', today: TODAY })
    expect(onBreak.map((a) => a.personName).sort()).toEqual(['Kit Placement'])
    const completed = await listApprenticeships(db, { actor: principal, stage: 'completed', today: TODAY })
    expect(completed.map((a) => a.personName)).toEqual(['Ola Qualified'])
    const logger = all.find((a) => a.personName === 'Ivy Invalid')!
    expect(logger).toMatchObject({ loggedMinutes: 360, pace: 'behind', placementPercent: 0 })
    expect(typeof logger.requiredMinutes).toBe('number')
  })

  it('describes the apprentice and their supervisors today to the policy', async () => {
    const person = await newApprentice('Rae Subject')
    const id = await makeApprenticeship(db, person, principal)
    expect(await getApprenticeshipSubject(db, id)).toEqual({
      kind: 'person',
      id: person.id,
      currentSupervisorIds: [supervisor.id],
    })
    expect(await getApprenticeshipSubject(db, 'not-a-uuid')).toBeUndefined()
    expect(await getApprenticeshipSubject(db, '00000000-0000-4000-8000-000000000000')).toBeUndefined()
  })
})
