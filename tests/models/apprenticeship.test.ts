import { describe, expect, it } from 'vitest'
import { logOffTheJobHours, logPlacementHours, recordProgressReview } from '#app/models/apprenticeship/logs.server'
import {
  getApprenticeshipDetail,
  getApprenticeshipSubject,
  getOwnApprenticeshipId,
  listApprenticeships,
  listBreaks,
  listStartCandidates,
} from '#app/models/apprenticeship/queries.server'
import {
  ApprenticeshipRuleError,
  changeApprenticeshipStatus,
  completeApprenticeship,
  saveGatewayChecklist,
  updateApprenticeshipDetails,
} from '#app/models/apprenticeship/programme.server'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import { createEvidence, getEvidenceDetail } from '#app/models/evidence/evidence.server'
import { EMPTY_EVIDENCE, makeApprenticeship, makeSupervision, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const TODAY = '2025-06-30'

const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Pat Principal' })
const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sid Supervisor' })

async function newApprentice(name: string, jobRoleCode = 'ascw') {
  const person = await makeUser(db, { name, jobRoleCode })
  await makeSupervision(db, supervisor, person, { startsOn: '2024-01-01' })
  return person
}

/** Expects the call to break a rule on the given field. */
async function refused(promise: Promise<unknown>, field: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApprenticeshipRuleError)
  expect((error as ApprenticeshipRuleError).field).toBe(field)
  if (message) expect((error as Error).message).toMatch(message)
}

const otj = (apprenticeshipId: string, doneOn: string, minutes = 360) =>
  logOffTheJobHours(db, {
    apprenticeshipId,
    doneOn,
    minutes,
    activity: 'University teaching day',
    evidenceId: null,
    actorId: supervisor.id,
    today: TODAY,
  })

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
