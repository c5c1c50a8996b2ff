import type { Kysely } from 'kysely'
import { addDays, todayInLondon } from '#app/lib/dates'
import { setQualifiedOn } from '#app/models/supervision/admin.server'

import type { SessionActionInput, SupervisionKindCode } from '#app/models/supervision/supervision.schema'
import { completeSupervisionAction, recordSupervisionSession } from '#app/models/supervision/sessions.server'
import type { DB } from '#db/schema'

interface DemoSession {
  daysAgo: number
  kind: SupervisionKindCode
  minutes: number
  notes: string
  actions?: (SessionActionInput & { done?: boolean })[]
}

/**
 * Sessions for the senior OT's supervisees, dated back from the day of seeding so that the overview always has
 * something current: Tom Hughes is overdue, Grace Owusu is newly qualified and seen fortnightly.
 */
const SESSIONS: Record<string, DemoSession[]> = {
  'Olivia Bennett': [
    {
      daysAgo: 61,
      kind: 'professional',
      minutes: 90,
      notes: 'Reviewed CPD log for the year. Olivia wants to build towards practice educator work.',
      actions: [{ text: 'Sign up for the practice educator course', owner: 'supervisee', dueOn: null, done: true }],
    },
    {
      daysAgo: 33,
      kind: 'clinical',
      minutes: 60,
      notes: 'Case discussion: complex seating for a person with advanced MS. Agreed a joint visit.',
    },
    {
      daysAgo: 5,
      kind: 'professional',
      minutes: 90,
      notes: 'Talked through the sign-off request for Facilitation of Learning and the student placement.',
      actions: [
        { text: 'Add the placement reflection to the CPD log', owner: 'supervisee', dueOn: null },
        { text: 'Review the Facilitation of Learning claim', owner: 'supervisor', dueOn: null },
      ],
    },
  ],
  'Tom Hughes': [
    {
      daysAgo: 45,
      kind: 'professional',
      minutes: 90,
      notes: 'Caseload review. Tom is covering two extra reviews this month.',
      actions: [{ text: 'Book a caseload check-in with the team lead', owner: 'supervisee', dueOn: null }],
    },
  ],
  'Grace Owusu': [
    { daysAgo: 20, kind: 'professional', minutes: 90, notes: 'Settling in; preceptorship plan agreed.' },
    { daysAgo: 6, kind: 'clinical', minutes: 90, notes: 'First stairlift assessment debrief.' },
  ],
  'Mark Davies': [{ daysAgo: 12, kind: 'managerial', minutes: 90, notes: 'Annual leave and rota.' }],
  'Jade Wilson': [{ daysAgo: 9, kind: 'group', minutes: 90, notes: 'Team reablement group supervision.' }],
  'Ben Carter': [{ daysAgo: 9, kind: 'group', minutes: 90, notes: 'Team reablement group supervision.' }],
  'Aisha Khan': [{ daysAgo: 16, kind: 'professional', minutes: 90, notes: 'Apprenticeship progress and placements.' }],
}

/**
 * Routine monthly supervision for the other supervisors' people over the last six months, so that compliance reads
 * as a working service does: most on schedule, two who have slipped (their last session was over ten weeks ago).
 */
const ROUTINE: Record<string, { supervisees: string[]; slipped: string[] }> = {
  'Priya Shah': { supervisees: ['Sam Patel', 'Rachel Green', 'Nadia Rahman', 'Fiona Campbell'], slipped: [] },
  'Rachel Green': {
    supervisees: ['Daniel Murphy', 'Hannah Lee', 'Chloe Evans', 'Ryan Scott', 'Emma Clarke', 'Liam Walker'],
    slipped: ['Ryan Scott'],
  },
  'Nadia Rahman': {
    supervisees: ['James Wright', 'Lucy Hall', 'Owen Roberts', 'Kieran Lewis'],
    slipped: ['Kieran Lewis'],
  },
}
const ROUTINE_NOTES = [
  'Caseload and waiting list review.',
  'Reflective discussion of a complex case; wellbeing check.',
  'CPD plan and capability profile check-in.',
]

async function seedRoutineSupervision(db: Kysely<DB>, ids: Map<string, string>, today: string): Promise<void> {
  for (const [supervisor, { supervisees, slipped }] of Object.entries(ROUTINE)) {
    const supervisorId = ids.get(supervisor)
    if (!supervisorId) continue
    for (const name of supervisees) {
      const superviseeId = ids.get(name)
      if (!superviseeId) continue
      const firstDaysAgo = slipped.includes(name) ? 75 : 10 + (name.length % 14)
      for (let daysAgo = firstDaysAgo, n = 0; daysAgo <= 185; daysAgo += 28, n++) {
        await recordSupervisionSession(
          db,
          {
            heldOn: addDays(today, -daysAgo),
            kind: 'professional',
            minutes: 60,
            notes: ROUTINE_NOTES[n % ROUTINE_NOTES.length],
            nextOn: null,
            actions: [],
            supervisorId,
            superviseeId,
          },
          today,
        )
      }
    }
  }
}

export async function seedDemoSupervision(db: Kysely<DB>, ids: Map<string, string>): Promise<boolean> {
  const seniorId = ids.get('Sam Patel')
  const adminId = ids.get('Alex Morgan')
  if (!seniorId || !adminId) return false
  const existing = await db
    .selectFrom('supervision_session')
    .select('id')
    .where('supervisor_id', '=', seniorId)
    .executeTakeFirst()
  if (existing) return false
  const today = todayInLondon()
  const graceId = ids.get('Grace Owusu')
  if (graceId) await setQualifiedOn(db, { personId: graceId, qualifiedOn: addDays(today, -70), actorId: adminId })
  for (const [name, sessions] of Object.entries(SESSIONS)) {
    const superviseeId = ids.get(name)
    if (!superviseeId) continue
    for (const { daysAgo, actions: planned = [], ...session } of sessions) {
      const heldOn = addDays(today, -daysAgo)
      const actions = planned.map((action) => ({
        text: action.text,
        owner: action.owner,
        dueOn: action.dueOn ?? addDays(heldOn, 28),
      }))
      const sessionId = await recordSupervisionSession(
        db,
        { ...session, heldOn, nextOn: null, actions, supervisorId: seniorId, superviseeId },
        today,
      )
      const done = planned.filter((action) => action.done).map((action) => action.text)
      if (done.length === 0) continue
      const rows = await db
        .selectFrom('supervision_action')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('text', 'in', done)
        .execute()
      for (const row of rows) {
        await completeSupervisionAction(db, { actionId: row.id, actorId: superviseeId, superviseeId })
      }
    }
  }
  await seedRoutineSupervision(db, ids, today)
  return true
}
