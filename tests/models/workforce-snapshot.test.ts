import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { addDays } from '#app/lib/dates'
import { requestSignoff } from '#app/models/signoffs/request.server'
import { loadDashboard } from '#app/models/workforce/dashboard.server'
import { listWorkforceTrend, takeWorkforceSnapshot } from '#app/models/workforce/snapshot.server'
import { buildTrend, snapshotMonth } from '#app/models/workforce/trend.rules'
import { makeSupervision, makeSupervisionSession, makeUser } from '#tests/support/builders'
import { approvedSignoff, completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
// A fixed day, so that the month recorded is known: a run on 3 March records February.
const today = '2026-03-03'

const senior = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot', teamCode: 'snapa' })
const kept = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'snapa', name: 'Snap Kept' })
const late = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'snapa', name: 'Snap Late' })
const other = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'snapb', name: 'Snap Other' })
await makeSupervision(db, senior, kept, { startsOn: '2025-01-01' })
await makeSupervision(db, senior, late, { startsOn: '2025-01-01' })
for (let days = 7; days <= 210; days += 21) {
  await makeSupervisionSession(db, senior, kept, { heldOn: addDays(today, -days), today })
}
await approvedSignoff(db, { personId: kept.id, approver: senior, pillar: 'PP', level: '5' })
const fl = await rcotDomain(db, 'FL')
const waiting = await requestSignoff(db, {
  requesterId: other.id,
  versionId: fl.versionId,
  domainId: fl.domainId,
  levelId: fl.levels['5']!,
  note: '',
  evidenceIds: [await completeEvidence(db, other.id, ['5FL'], 'Placement educator')],
})
await sql`update signoff_request set requested_at = ${today}::date - interval '40 days' where id = ${waiting}`.execute(
  db,
)

const teamId = async (code: string) =>
  (await db.selectFrom('team').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id

async function everything() {
  const snapshots = await db
    .selectFrom('workforce_snapshot')
    .selectAll()
    .orderBy('month')
    .orderBy('team_name')
    .execute()
  const coverage = await db
    .selectFrom('workforce_snapshot_coverage')
    .selectAll()
    .orderBy('snapshot_id')
    .orderBy('domain_id')
    .execute()
  return { snapshots, coverage }
}

describe('the monthly workforce snapshot', () => {
  it('records the month that has just ended, for everyone and for each team', async () => {
    expect(snapshotMonth(today)).toBe('2026-02-01')
    const result = await takeWorkforceSnapshot(db, { today })
    expect(result).toMatchObject({ recorded: true, month: '2026-02-01', asOf: today })
    const rows = await db.selectFrom('workforce_snapshot').selectAll().where('month', '=', '2026-02-01').execute()
    const teams = await db.selectFrom('team').select('id').execute()
    expect(rows).toHaveLength(teams.length + 1)
    expect(rows.filter((r) => r.team_id === null).map((r) => r.team_name)).toEqual(['Everyone'])
    expect(rows.every((r) => r.as_of === today && r.taken_at instanceof Date)).toBe(true)
  })

  it('keeps the same figures the dashboard shows that day, for everyone and for a team', async () => {
    for (const code of [null, 'snapa', 'snapb']) {
      const params = new URLSearchParams({ framework: 'rcot-cdf', ...(code ? { team: code } : {}) })
      const dashboard = await loadDashboard(db, params, today)
      const id = code ? await teamId(code) : null
      const row = await db
        .selectFrom('workforce_snapshot')
        .selectAll()
        .where('month', '=', '2026-02-01')
        .where((eb) => (id ? eb('team_id', '=', id) : eb('team_id', 'is', null)))
        .executeTakeFirstOrThrow()
      const band = (key: string) => dashboard.backlog.bands.find((b) => b.key === key)!.count
      expect(row, code ?? 'everyone').toMatchObject({
        supervised: dashboard.compliance.people,
        on_schedule: dashboard.compliance.onSchedule,
        overdue: dashboard.compliance.overdue,
        waiting_0_7: band('0-7'),
        waiting_8_14: band('8-14'),
        waiting_15_28: band('15-28'),
        waiting_29_plus: band('29+'),
        awaiting_re_review: dashboard.backlog.awaitingReReview,
      })
      const cells = await db
        .selectFrom('workforce_snapshot_coverage')
        .select(['domain_id as domainId', 'required', 'met', 'tier'])
        .where('snapshot_id', '=', row.id)
        .where('version_id', '=', dashboard.filters.version!.id)
        .execute()
      const tier = (name: string) =>
        new Map(cells.filter((c) => c.tier === name).map((c) => [c.domainId, [c.met, c.required]]))
      const shown = dashboard.coverage!.everyone.cells
      expect(tier('essential')).toEqual(new Map(shown.map((c) => [c.domainId, [c.met, c.required]])))
      expect(tier('desirable')).toEqual(
        new Map(shown.map((c) => [c.domainId, [c.desirable.met, c.desirable.required]])),
      )
    }
    const teamA = await db
      .selectFrom('workforce_snapshot')
      .selectAll()
      .where('team_id', '=', await teamId('snapa'))
      .executeTakeFirstOrThrow()
    // Snap Kept is on schedule, Snap Late has never been seen; the senior has no supervisor.
    expect(teamA).toMatchObject({ headcount: 3, supervised: 2, on_schedule: 1, overdue: 1, waiting_29_plus: 0 })
    const teamB = await db
      .selectFrom('workforce_snapshot')
      .selectAll()
      .where('team_id', '=', await teamId('snapb'))
      .executeTakeFirstOrThrow()
    expect(teamB).toMatchObject({ headcount: 1, supervised: 0, waiting_29_plus: 1 })
  })

  it('never rewrites a recorded month, even after the figures change', async () => {
    const before = await everything()
    expect(await takeWorkforceSnapshot(db, { today })).toMatchObject({ recorded: false, month: '2026-02-01' })
    expect(await everything()).toEqual(before)

    // The service moves on: a new team, a new person, the waiting request decided, more supervision.
    await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'snapc', name: 'Snap New' })
    await db.updateTable('signoff_request').set({ status: 'withdrawn' }).where('id', '=', waiting).execute()
    await makeSupervisionSession(db, senior, late, { heldOn: addDays(today, 10), today: addDays(today, 10) })
    const result = await takeWorkforceSnapshot(db, { today: addDays(today, 10) })
    expect(result).toMatchObject({ recorded: false, month: '2026-02-01', asOf: today })
    expect(await everything()).toEqual(before)
  })

  it('records the next month on its own rows and leaves the earlier one alone', async () => {
    const before = await everything()
    expect(await takeWorkforceSnapshot(db, { today: '2026-04-01' })).toMatchObject({
      recorded: true,
      month: '2026-03-01',
    })
    const after = await everything()
    expect(after.snapshots.filter((r) => r.month === '2026-02-01')).toEqual(before.snapshots)
    expect(after.snapshots.filter((r) => r.month === '2026-03-01').map((r) => r.team_name)).toContain('Team snapc')
    const everyone = after.snapshots.find((r) => r.month === '2026-03-01' && r.team_id === null)!
    expect(everyone.waiting_29_plus).toBe(0)
  })

  it('records a month once when two runs start together', async () => {
    const runs = await Promise.all([
      takeWorkforceSnapshot(db, { today: '2026-06-02' }),
      takeWorkforceSnapshot(db, { today: '2026-06-02' }),
    ])
    expect(runs.map((r) => r.recorded).sort()).toEqual([false, true])
    const rows = await db.selectFrom('workforce_snapshot').select('team_id').where('month', '=', '2026-05-01').execute()
    const teams = await db.selectFrom('team').select('id').execute()
    expect(rows).toHaveLength(teams.length + 1)
    await db.deleteFrom('workforce_snapshot').where('month', '=', '2026-05-01').execute()
  })

  it('reads the history for the trend charts, with the current month live and gaps for months not recorded', async () => {
    const version = (await rcotDomain(db, 'PP')).versionId
    const past = await listWorkforceTrend(db, {
      teamId: await teamId('snapa'),
      versionId: version,
      today: '2026-04-20',
    })
    expect(past.map((p) => p.month)).toEqual(['2026-02-01', '2026-03-01'])
    expect(past[0]!.figures).toMatchObject({ asOf: today, headcount: 3, supervised: 2, onSchedule: 1 })
    expect(past[0]!.figures.coverage!.required).toBeGreaterThan(0)
    // A month recorded this month is never among the past months, and history before the window is left out.
    expect(await listWorkforceTrend(db, { teamId: null, versionId: version, today: '2026-03-15' })).toHaveLength(1)
    expect(
      await listWorkforceTrend(db, { teamId: null, versionId: version, today: '2027-03-15', months: 12 }),
    ).toHaveLength(0)

    const current = { ...past[1]!.figures, asOf: '2026-04-20', onSchedule: 2 }
    const { points, recordedMonths } = buildTrend({ today: '2026-04-20', past, current })
    expect(points).toHaveLength(12)
    expect(points[0]).toMatchObject({ month: '2025-05-01', label: 'May 2025', missing: true, live: false })
    expect(points.at(-1)).toMatchObject({ month: '2026-04-01', live: true, compliancePercent: 100 })
    expect(points.at(-3)).toMatchObject({ month: '2026-02-01', label: 'Feb 2026', compliancePercent: 50 })
    expect(recordedMonths).toBe(2)
  })

  it('refuses a row that is not a whole month or that counts more on schedule than supervised', async () => {
    const base = {
      team_name: 'Everyone',
      as_of: '2026-06-02',
      headcount: 1,
      supervised: 1,
      on_schedule: 1,
      overdue: 0,
      waiting_0_7: 0,
      waiting_8_14: 0,
      waiting_15_28: 0,
      waiting_29_plus: 0,
      awaiting_re_review: 0,
    }
    await expect(
      db
        .insertInto('workforce_snapshot')
        .values({ ...base, month: '2026-06-02' })
        .execute(),
    ).rejects.toThrow()
    await expect(
      db
        .insertInto('workforce_snapshot')
        .values({ ...base, month: '2026-06-01', on_schedule: 2 })
        .execute(),
    ).rejects.toThrow()
  })
})
