import { describe, expect, it } from 'vitest'
import type { Actor } from '#app/auth/policy'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import { enqueueMessage } from '#app/models/outbox/outbox.server'
import {
  changeSupervisor,
  endSupervisionLink,
  listSupervisionLinks,
  setQualifiedOn,
  startSupervisionLink,
} from '#app/models/supervision/admin.server'
import {
  ActionAlreadyDoneError,
  NotCurrentSupervisorError,
  SupervisionRuleError,
  completeSupervisionAction,
  getSupervisionActionFacts,
  listSupervisionSessions,
} from '#app/models/supervision/sessions.server'
import {
  getSupervisionPerson,
  listSuperviseeOverview,
  supervisionOverdueReminders,
  withPageDetails,
} from '#app/models/supervision/overview.server'
import { type BuiltUser, makeSupervision, makeSupervisionSession, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const TODAY = '2026-11-23'
const YESTERDAY = '2026-11-22'

const actor = (user: BuiltUser): Actor => ({ id: user.id, roles: user.roles })

async function pair(options: { startsOn?: string; endsOn?: string | null } = {}) {
  const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Supervisor' })
  const supervisee = await makeUser(db, { roles: ['staff'], name: 'Olive Supervisee' })
  await makeSupervision(db, supervisor, supervisee, { startsOn: options.startsOn ?? '2025-01-06', ...options })
  return { supervisor, supervisee }
}

describe('recording a session', () => {
  it('saves the session and its actions, auditing it without the confidential notes', async () => {
    const { supervisor, supervisee } = await pair()
    const id = await makeSupervisionSession(db, supervisor, supervisee, {
      heldOn: '2026-11-20',
      notes: 'Talked about a difficult discharge.',
      nextOn: '2026-12-18',
      actions: [
        { text: 'Book moving and handling refresher', owner: 'supervisee', dueOn: '2026-12-15' },
        { text: 'Ask the team lead about caseload', owner: 'supervisor', dueOn: null },
      ],
      today: TODAY,
    })
    const [session] = await listSupervisionSessions(db, { personId: supervisee.id, viewer: actor(supervisee) }, TODAY)
    expect(session).toMatchObject({
      id,
      heldOn: '2026-11-20',
      nextOn: '2026-12-18',
      minutes: 90,
      notes: 'Talked about a difficult discharge.',
    })
    expect(session.actions?.map((a) => [a.text, a.ownerId, a.dueOn])).toEqual([
      ['Book moving and handling refresher', supervisee.id, '2026-12-15'],
      ['Ask the team lead about caseload', supervisor.id, null],
    ])
    const audit = await listAuditEventsFor(db, 'person', supervisee.id)
    const recorded = audit.find((event) => event.action === 'supervision_session.recorded')
    expect(recorded?.data).toMatchObject({ sessionId: id, actions: 2 })
    expect(JSON.stringify(audit)).not.toContain('difficult discharge')
  })

  it('refuses a supervisor whose link ended yesterday', async () => {
    const { supervisor, supervisee } = await pair({ endsOn: YESTERDAY })
    await expect(
      makeSupervisionSession(db, supervisor, supervisee, { heldOn: '2026-11-20', today: TODAY }),
    ).rejects.toBeInstanceOf(NotCurrentSupervisorError)
  })

  it('refuses a session in the future, one before the link began and a next date before the session', async () => {
    const { supervisor, supervisee } = await pair({ startsOn: '2026-06-01' })
    const attempt = (fields: Record<string, unknown>) =>
      makeSupervisionSession(db, supervisor, supervisee, { today: TODAY, ...fields }).catch((e) => e)
    const future = await attempt({ heldOn: '2026-11-24' })
    expect(future).toBeInstanceOf(SupervisionRuleError)
    expect(future.field).toBe('heldOn')
    const early = await attempt({ heldOn: '2026-05-31' })
    expect(early.message).toBe(
      'You have supervised this person since 1 Jun 2026: a session before then cannot be recorded by you',
    )
    const backwards = await attempt({ heldOn: '2026-11-20', nextOn: '2026-11-20' })
    expect(backwards.field).toBe('nextOn')
  })

  it('keeps notes to a sensible length in the database too', async () => {
    const { supervisor, supervisee } = await pair()
    await expect(
      db
        .insertInto('supervision_session')
        .values({
          supervisor_id: supervisor.id,
          supervisee_id: supervisee.id,
          held_on: '2026-11-01',
          kind: 'clinical',
          minutes: 90,
          notes: 'x'.repeat(100_000),
          recorded_by: supervisor.id,
          next_on: null,
        })
        .execute(),
    ).rejects.toThrow(/supervision_session_notes_length_check/)
  })
})

describe('who reads what', () => {
  it('shows notes only to the two people in the session, and actions to the principal OT as well', async () => {
    const { supervisor, supervisee } = await pair({ startsOn: '2025-01-06', endsOn: '2026-09-30' })
    const next = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, next, supervisee, { startsOn: '2026-10-01' })
    const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'] })
    await makeSupervisionSession(db, supervisor, supervisee, {
      heldOn: '2026-09-10',
      notes: 'Confidential: health worries.',
      actions: [{ text: 'Refer to occupational health', owner: 'supervisor', dueOn: null }],
      today: '2026-09-15',
    })
    const seenBy = async (viewer: BuiltUser) =>
      (await listSupervisionSessions(db, { personId: supervisee.id, viewer: actor(viewer) }, TODAY))[0]
    expect((await seenBy(supervisee)).notes).toBe('Confidential: health worries.')
    expect((await seenBy(supervisor)).notes).toBe('Confidential: health worries.')
    for (const viewer of [principal, next]) {
      const session = await seenBy(viewer)
      expect(session.notes).toBeNull()
      expect(session.actions?.map((a) => a.text)).toEqual(['Refer to occupational health'])
    }
  })
})

describe('actions', () => {
  it('marks an action done once, and says so the second time', async () => {
    const { supervisor, supervisee } = await pair()
    await makeSupervisionSession(db, supervisor, supervisee, {
      heldOn: '2026-11-02',
      actions: [{ text: 'Read the seating guidance', owner: 'supervisee', dueOn: '2026-11-30' }],
      today: TODAY,
    })
    const [session] = await listSupervisionSessions(db, { personId: supervisee.id, viewer: actor(supervisee) }, TODAY)
    const actionId = session.actions![0].id
    await completeSupervisionAction(db, { actionId, actorId: supervisee.id, superviseeId: supervisee.id })
    await expect(
      completeSupervisionAction(db, { actionId, actorId: supervisee.id, superviseeId: supervisee.id }),
    ).rejects.toBeInstanceOf(ActionAlreadyDoneError)
    const [after] = await listSupervisionSessions(db, { personId: supervisee.id, viewer: actor(supervisee) }, TODAY)
    expect(after.actions![0]).toMatchObject({ doneByName: 'Olive Supervisee' })
    expect(after.actions![0].doneAt).not.toBeNull()
  })

  it('finds an action only through the person whose session it belongs to', async () => {
    const { supervisor, supervisee } = await pair()
    const other = await makeUser(db)
    await makeSupervisionSession(db, supervisor, supervisee, {
      heldOn: '2026-11-02',
      actions: [{ text: 'Shadow a housing assessment', owner: 'supervisee', dueOn: null }],
      today: TODAY,
    })
    const [session] = await listSupervisionSessions(db, { personId: supervisee.id, viewer: actor(supervisor) }, TODAY)
    const actionId = session.actions![0].id
    expect(await getSupervisionActionFacts(db, { actionId, personId: other.id }, TODAY)).toBeUndefined()
    expect(await getSupervisionActionFacts(db, { actionId: 'not-an-id', personId: supervisee.id })).toBeUndefined()
    const facts = await getSupervisionActionFacts(db, { actionId, personId: supervisee.id }, TODAY)
    expect(facts?.session).toEqual({
      kind: 'supervision-session',
      supervisorId: supervisor.id,
      superviseeId: supervisee.id,
      currentSupervisorIds: [supervisor.id],
    })
  })
})

describe('the supervisor’s overview', () => {
  it('lists their current supervisees with last session, next due, overdue flags and open actions', async () => {
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const onTime = await makeUser(db, { name: 'Amy On-Time' })
    const late = await makeUser(db, { name: 'Ben Late' })
    const former = await makeUser(db, { name: 'Cat Former' })
    await makeSupervision(db, supervisor, onTime, { startsOn: '2025-01-06' })
    await makeSupervision(db, supervisor, late, { startsOn: '2025-01-06' })
    await makeSupervision(db, supervisor, former, { startsOn: '2025-01-06', endsOn: YESTERDAY })
    await makeSupervisionSession(db, supervisor, onTime, {
      heldOn: '2026-11-10',
      actions: [{ text: 'Finish the CPD reflection', owner: 'supervisee', dueOn: null }],
      today: TODAY,
    })
    await makeSupervisionSession(db, supervisor, late, { heldOn: '2026-09-01', today: TODAY })
    const rows = await withPageDetails(db, await listSuperviseeOverview(db, actor(supervisor), TODAY), TODAY)
    expect(rows.map((r) => r.name)).toEqual(['Ben Late', 'Amy On-Time'])
    expect(rows[0]).toMatchObject({
      lastHeldOn: '2026-09-01',
      due: { dueOn: '2026-10-01', overdue: true, daysOverdue: 53 },
      openActions: 0,
    })
    expect(rows[1]).toMatchObject({
      lastHeldOn: '2026-11-10',
      due: { dueOn: '2026-12-10', overdue: false },
      openActions: 1,
    })
    expect(rows[1].compliance).toMatchObject({ from: '2026-05-23', expected: 6, held: 1 })
  })

  it('shows the principal OT everyone supervised today, and a member of staff nobody', async () => {
    const { supervisor, supervisee } = await pair()
    const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'] })
    const rows = await listSuperviseeOverview(db, actor(principal), TODAY)
    expect(rows.some((r) => r.personId === supervisee.id && r.supervisorId === supervisor.id)).toBe(true)
    expect(await listSuperviseeOverview(db, actor(supervisee), TODAY)).toEqual([])
  })

  it('follows the newly qualified stages from the qualification date', async () => {
    const admin = await makeUser(db, { roles: ['admin'] })
    const { supervisor, supervisee } = await pair({ startsOn: '2026-10-01' })
    await setQualifiedOn(db, { personId: supervisee.id, qualifiedOn: '2026-10-01', actorId: admin.id })
    await makeSupervisionSession(db, supervisor, supervisee, { heldOn: '2026-11-16', minutes: 60, today: TODAY })
    const person = await getSupervisionPerson(db, supervisee.id, TODAY)
    expect(person?.schedule).toMatchObject({
      stageLabel: 'Newly qualified: to the end of month 6',
      every: 'every fortnight',
      lastHeldOn: '2026-11-16',
      due: { dueOn: '2026-11-30', overdue: false },
      compliance: { from: '2026-10-01', held: 1, fullLength: 0 },
    })
  })
})

describe('overdue reminders', () => {
  it('writes one message per overdue supervisee to the supervisor, named by person and due date', async () => {
    const { supervisor, supervisee } = await pair({ startsOn: '2025-01-06' })
    await makeSupervisionSession(db, supervisor, supervisee, { heldOn: '2026-08-03', today: TODAY })
    const messages = await supervisionOverdueReminders(db, TODAY)
    const mine = messages.filter((m) => m.personalisation.path === `/supervision/${supervisee.id}`)
    expect(mine).toEqual([
      {
        kind: 'supervision.overdue',
        recipientId: supervisor.id,
        template: 'supervision-overdue',
        personalisation: {
          person: 'Olive Supervisee',
          dueOn: '3 Sep 2026',
          lastSession: '3 Aug 2026',
          path: `/supervision/${supervisee.id}`,
        },
        dedupeKey: `supervision.overdue:${supervisee.id}:2026-09-03:${supervisor.id}`,
      },
    ])
    expect(await enqueueMessage(db, mine[0])).toBe(true)
    expect(await enqueueMessage(db, mine[0])).toBe(false)
  })

  it('leaves out supervisees who are on time', async () => {
    const { supervisor, supervisee } = await pair()
    await makeSupervisionSession(db, supervisor, supervisee, { heldOn: '2026-11-20', today: TODAY })
    const messages = await supervisionOverdueReminders(db, TODAY)
    expect(messages.some((m) => m.personalisation.path === `/supervision/${supervisee.id}`)).toBe(false)
  })
})

describe('managing links', () => {
  it('changes supervisor by ending the old link the day before, keeping both in the history', async () => {
    const admin = await makeUser(db, { roles: ['admin'] })
    const { supervisor, supervisee } = await pair({ startsOn: '2025-01-06' })
    const next = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Nina Next' })
    const [link] = await listSupervisionLinks(db, { q: 'Olive' }, TODAY).then((links) =>
      links.filter((l) => l.superviseeId === supervisee.id),
    )
    await changeSupervisor(db, { linkId: link.id, newSupervisorId: next.id, changeOn: TODAY, actorId: admin.id }, TODAY)
    const history = (await listSupervisionLinks(db, {}, TODAY)).filter((l) => l.superviseeId === supervisee.id)
    expect(history.map((l) => [l.supervisorName, l.startsOn, l.endsOn, l.status])).toEqual([
      ['Nina Next', TODAY, null, 'current'],
      ['Sam Supervisor', '2025-01-06', YESTERDAY, 'ended'],
    ])
    const person = await getSupervisionPerson(db, supervisee.id, TODAY)
    expect(person?.links.map((l) => [l.supervisorName, l.current])).toEqual([
      ['Nina Next', true],
      ['Sam Supervisor', false],
    ])
    await expect(
      makeSupervisionSession(db, supervisor, supervisee, { heldOn: TODAY, today: TODAY }),
    ).rejects.toBeInstanceOf(NotCurrentSupervisorError)
    await makeSupervisionSession(db, next, supervisee, { heldOn: TODAY, today: TODAY })
    const actions = (await listAuditEventsFor(db, 'person', supervisee.id)).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['supervision_link.ended', 'supervision_link.created']))
  })

  it('refuses a link to someone without the supervisor role, an overlapping link and dates in the wrong order', async () => {
    const admin = await makeUser(db, { roles: ['admin'] })
    const { supervisor, supervisee } = await pair({ startsOn: '2025-01-06' })
    const plain = await makeUser(db)
    const start = (input: { supervisorId: string; startsOn: string; endsOn?: string | null }) =>
      startSupervisionLink(db, { superviseeId: supervisee.id, endsOn: null, actorId: admin.id, ...input }).catch(
        (e: SupervisionRuleError) => [e.field, e.message],
      )
    expect(await start({ supervisorId: plain.id, startsOn: TODAY })).toEqual([
      'supervisorId',
      'Choose an active person with the supervisor role',
    ])
    expect(await start({ supervisorId: supervisor.id, startsOn: TODAY })).toEqual([
      'startsOn',
      'These two people already have a link from 6 Jan 2025 covering these dates',
    ])
    expect(await start({ supervisorId: supervisor.id, startsOn: TODAY, endsOn: YESTERDAY })).toEqual([
      'endsOn',
      'The end date must be on or after the start date',
    ])
    expect(await start({ supervisorId: supervisee.id, startsOn: TODAY })).toEqual([
      'superviseeId',
      'A person cannot supervise themselves',
    ])
  })

  it('ends a link on a given day, refusing a day before it began and a link already ended', async () => {
    const admin = await makeUser(db, { roles: ['admin'] })
    const { supervisee } = await pair({ startsOn: '2026-03-01' })
    const [link] = (await listSupervisionLinks(db, {}, TODAY)).filter((l) => l.superviseeId === supervisee.id)
    const end = (endsOn: string) =>
      endSupervisionLink(db, { linkId: link.id, endsOn, actorId: admin.id }, TODAY).catch(
        (e: SupervisionRuleError) => e.message,
      )
    expect(await end('2026-02-28')).toBe('The last day cannot be before the link started (1 Mar 2026)')
    expect(await end('2026-11-01')).toBeUndefined()
    expect(await end('2026-11-30')).toBe('This link already ended on 1 Nov 2026')
  })
})
