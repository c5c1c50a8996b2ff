import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'
import { defaultProfilePeriod } from '#app/models/cpd-profile/cpd-profile.schema'
import type { ActivityTypeCode } from '#app/models/evidence/evidence.schema'
import { createEvidence, withdrawEvidence } from '#app/models/evidence/evidence.server'
import { RECORD_ENTRY_LIMIT } from '#app/models/people/record.server'
import * as evidenceLog from '#app/routes/evidence._index'
import * as record from '#app/routes/people.$id'
import * as inbox from '#app/routes/signoffs._index'
import * as overview from '#app/routes/supervision._index'
import * as registrations from '#app/routes/workforce.registrations'
import {
  EMPTY_EVIDENCE,
  type BuiltUser,
  makeApprenticeship,
  makeRegistration,
  makeSupervision,
  makeSupervisionSession,
  makeUser,
} from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { approvedSignoff, askForSignoff, completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const period = defaultProfilePeriod(today)

const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Priya Principal' })
const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot', name: 'Sam Senior' })
const cosupervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Cara Cosupervisor' })
const former = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Fred Former' })
const stranger = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Stan Stranger' })
const colleague = await makeUser(db, { roles: ['staff'], name: 'Colin Colleague' })
const administrator = await makeUser(db, { roles: ['admin'] })
const ot = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'rec', name: 'Olivia Recorded' })

await makeSupervision(db, supervisor, ot, { startsOn: '2025-01-06' })
await makeSupervision(db, cosupervisor, ot, { startsOn: '2025-01-06' })
await makeSupervision(db, former, ot, { startsOn: '2024-01-01', endsOn: addDays(today, -1) })
await makeSupervisionSession(db, supervisor, ot, {
  heldOn: addDays(today, -7),
  notes: 'Talked about a hard discharge.',
  actions: [{ text: 'Read the discharge policy', owner: 'supervisee', dueOn: null }],
})

// CPD: entries inside the two-year period (of two activity types), one before it, one withdrawn.
const entry = (title: string, activityType: ActivityTypeCode, startsOn: string, minutes: number) =>
  createEvidence(db, {
    ownerId: ot.id,
    evidence: { ...EMPTY_EVIDENCE, status: 'complete', title, activityType, startsOn, minutes },
  })
for (let i = 0; i < RECORD_ENTRY_LIMIT + 2; i += 1) {
  await entry(`Reading ${i}`, 'self-directed', addDays(today, -30 - i), 60)
}
await entry('Seating course', 'formal-educational', addDays(today, -100), 360)
await entry('An old course', 'formal-educational', addDays(period.from, -10), 600)
const withdrawn = await entry('A mistake', 'work-based-learning', addDays(today, -5), 45)
await withdrawEvidence(db, { id: withdrawn, reason: 'Entered twice', actorId: ot.id })

await approvedSignoff(db, { personId: ot.id, approver: supervisor, pillar: 'PP', level: '5' })
const pending = await askForSignoff(db, {
  ot,
  senior: supervisor,
  pp: await rcotDomain(db, 'FL'),
  evidenceId: await completeEvidence(db, ot.id, ['5FL'], 'Taught a student'),
})
await makeRegistration(db, ot, { expiresOn: '2027-10-31' })
const apprenticeship = await makeApprenticeship(db, ot, principal, {
  standardCode: 'ST0216',
  plannedEndOn: '2027-01-05',
})

const page = `/people/${ot.id}`
const params = { id: ot.id }
const open = async (viewer: BuiltUser | null, id = ot.id) =>
  run(record.loader, getRequest(`/people/${id}`), await contextFor(database, viewer), { id })

describe('a person’s record', () => {
  it('shows the principal OT every section', async () => {
    const { status, data } = await open(principal)
    expect(status).toBe(200)
    expect(data.person).toMatchObject({ name: 'Olivia Recorded', jobRoleTitle: 'Occupational therapist' })
    expect(data.person.teamName).toBe('Team rec')
    expect(data.person.supervisors.map((s: { name: string }) => s.name).sort()).toEqual([
      'Cara Cosupervisor',
      'Sam Senior',
    ])

    // Active entries only (the readings, two courses and the two behind sign-offs), newest first, capped.
    expect(data.cpd.total).toBe(RECORD_ENTRY_LIMIT + 2 + 2 + 2)
    expect(data.cpd.entries).toHaveLength(RECORD_ENTRY_LIMIT)
    expect(data.cpd.entries[0].title).toBe('Reading 0')
    expect(data.cpd.entries.map((e: { title: string }) => e.title)).not.toContain('A mistake')
    const byType = Object.fromEntries(
      data.cpd.periodTotals.byType.map((t: { activityType: string; minutes: number }) => [t.activityType, t.minutes]),
    )
    // The old course falls before the period, and the withdrawn entry counts nowhere.
    expect(byType).toEqual({
      'self-directed': (RECORD_ENTRY_LIMIT + 2) * 60,
      'formal-educational': 360,
      'work-based-learning': 2 * 150,
    })

    expect(data.capabilities.map((f: { frameworkCode: string }) => f.frameworkCode)).toContain('rcot-cdf')
    const rcot = data.capabilities.find((f: { frameworkCode: string }) => f.frameworkCode === 'rcot-cdf')
    expect(rcot.domains.find((d: { code: string }) => d.code === 'PP').achieved.code).toBe('5')

    expect(data.signoffs.map((s: { id: string; status: string }) => [s.id, s.status])).toContainEqual([
      pending,
      'pending',
    ])
    expect(data.signoffs.map((s: { status: string }) => s.status).sort()).toEqual(['approved', 'pending'])

    expect(data.supervision.sessionCount).toBe(1)
    expect(data.supervision.schedule.lastHeldOn).toBe(addDays(today, -7))
    expect(data.registration.record.expiresOn).toBe('2027-10-31')
    expect(data.apprenticeship).toMatchObject({ id: apprenticeship, status: 'on-programme' })
  })

  it('shows a supervisor their supervisee, but not someone else nor a former supervisee', async () => {
    expect((await open(supervisor)).status).toBe(200)
    expect((await open(stranger)).status).toBe(404)
    expect((await open(former)).status).toBe(404)
  })

  it('shows a member of staff their own record, and not a colleague’s', async () => {
    const own = await open(ot)
    expect(own.status).toBe(200)
    expect(own.data.isSelf).toBe(true)
    expect((await open(colleague)).status).toBe(404)
  })

  it('is not found for an administrator, a malformed or unknown id, and asks the anonymous to sign in', async () => {
    expect((await open(administrator)).status).toBe(404)
    expect((await open(principal, 'not-an-id')).status).toBe(404)
    expect((await open(principal, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    const anonymous = await run(record.loader, getRequest(page), await contextFor(database, null), params)
    expect(anonymous.location).toBe(`/login?redirectTo=${encodeURIComponent(page)}`)
  })

  it('shows session notes only to the two people in the session', async () => {
    const notesFor = async (viewer: BuiltUser) => (await open(viewer)).data.supervision.sessions[0].notes
    expect(await notesFor(supervisor)).toBe('Talked about a hard discharge.')
    expect(await notesFor(ot)).toBe('Talked about a hard discharge.')
    expect(await notesFor(cosupervisor)).toBeNull()
    expect(await notesFor(principal)).toBeNull()
    // The actions are not confidential: a current supervisor and the principal OT follow them up.
    expect((await open(principal)).data.supervision.sessions[0].actions).toHaveLength(1)
  })

  it('totals CPD hours by activity type as the person’s own log does for the same period', async () => {
    const seen = (await open(supervisor)).data.cpd
    const log = await run(
      evidenceLog.loader,
      getRequest(`/evidence?from=${period.from}&to=${period.to}`),
      await contextFor(database, ot),
    )
    expect(seen.period).toEqual(period)
    expect(seen.periodTotals).toEqual(log.data.log.totals)
    expect(seen.periodEntries).toBe(log.data.log.total)
  })
})

describe('names that link to a record', () => {
  it('on the supervision overview: the principal OT every name, a supervisor their supervisees', async () => {
    const asPrincipal = await run(overview.loader, getRequest('/supervision'), await contextFor(database, principal))
    const everyone = asPrincipal.data.rows.map((row: { personId: string }) => row.personId)
    expect([...asPrincipal.data.openRecords].sort()).toEqual([...new Set(everyone)].sort())
    const asSupervisor = await run(overview.loader, getRequest('/supervision'), await contextFor(database, supervisor))
    expect(asSupervisor.data.openRecords).toEqual([ot.id])
  })

  it('on the registrations list: not for an administrator, who sees the list but not the records', async () => {
    const asPrincipal = await run(
      registrations.loader,
      getRequest('/workforce/registrations'),
      await contextFor(database, principal),
    )
    expect(asPrincipal.data.openRecords).toContain(ot.id)
    const asAdmin = await run(
      registrations.loader,
      getRequest('/workforce/registrations'),
      await contextFor(database, administrator),
    )
    expect(asAdmin.data.rows.map((row: { id: string }) => row.id)).toContain(ot.id)
    expect(asAdmin.data.openRecords).toEqual([])
  })

  it('in the sign-off inbox: the requester, for their supervisor', async () => {
    const seen = await run(inbox.loader, getRequest('/signoffs'), await contextFor(database, supervisor))
    expect(seen.data.inbox.items.map((item: { id: string }) => item.id)).toContain(pending)
    expect(seen.data.openRecords).toEqual([ot.id])
  })
})
