import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { addMonths, todayInLondon } from '#app/lib/dates'
import { takeWorkforceSnapshot } from '#app/models/workforce/snapshot.server'
import { monthOf, snapshotMonth } from '#app/models/workforce/trend.rules'
import * as csv from '#app/routes/workforce[.csv]'
import * as dashboard from '#app/routes/workforce._index'
import { makeSupervision, makeSupervisionSession, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { approvedSignoff } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()

const principal = await makeUser(db, { roles: ['staff', 'principal'], jobRoleCode: 'principal-ot' })
const senior = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot', teamCode: 'trend' })
const ot = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'trend', name: 'Trend OT' })
await makeSupervision(db, senior, ot)
await makeSupervisionSession(db, senior, ot, { heldOn: today, today })
await approvedSignoff(db, { personId: ot.id, approver: senior, pillar: 'PP', level: '5' })

const asPrincipal = () => contextFor(database, principal)
const load = async (query: string) => run(dashboard.loader, getRequest(`/workforce?${query}`), await asPrincipal())
const trendCsv = async (query: string) =>
  String((await run(csv.loader, getRequest(`/workforce.csv?section=trends&${query}`), await asPrincipal())).data)

describe('the workforce trends', () => {
  it('say the history builds up monthly while nothing is recorded, with this month already live', async () => {
    const { status, data } = await load('framework=rcot-cdf')
    expect(status).toBe(200)
    expect(data.trend.recordedMonths).toBe(0)
    expect(data.trend.points).toHaveLength(12)
    expect(data.trend.points.at(-1)).toMatchObject({ month: monthOf(today), live: true, missing: false })
  })

  it('chart the recorded months from snapshots and this month from the figures the page shows', async () => {
    await takeWorkforceSnapshot(db, { today })
    // Today's figures move on after the month was recorded; the recorded month keeps its own.
    await sql`update workforce_snapshot set supervised = supervised + 5 where month = ${snapshotMonth(today)}`.execute(
      db,
    )

    const { data } = await load('framework=rcot-cdf&team=trend')
    const { points, recordedMonths } = data.trend
    expect(recordedMonths).toBe(1)
    const [last, previous] = [points.at(-1), points.at(-2)]
    expect(previous).toMatchObject({ month: snapshotMonth(today), live: false, missing: false, asOf: today })
    expect(previous.supervised).toBe(data.compliance.people + 5)
    expect(last).toMatchObject({
      live: true,
      supervised: data.compliance.people,
      onSchedule: data.compliance.onSchedule,
      waiting: data.backlog.waiting,
      headcount: 2,
    })
    const cells = data.coverage.everyone.cells as { met: number; required: number }[]
    expect(last.coverage).toEqual({
      met: cells.reduce((sum, c) => sum + c.met, 0),
      required: cells.reduce((sum, c) => sum + c.required, 0),
    })
    expect(points.slice(0, 10).every((p: { missing: boolean }) => p.missing)).toBe(true)
  })

  it('follow the team filter: a team’s own row, not everyone’s', async () => {
    const everyone = (await load('framework=rcot-cdf')).data.trend.points.at(-2)
    const team = (await load('framework=rcot-cdf&team=trend')).data.trend.points.at(-2)
    expect(team.headcount).toBe(2)
    expect(everyone.headcount).toBeGreaterThanOrEqual(team.headcount + 1)
  })

  it('are not shown by job role, since snapshots are kept by team', async () => {
    expect((await load('role=ot')).data.trend).toBeNull()
  })

  it('download as CSV with the same filters, a row a month', async () => {
    const text = await trendCsv('framework=rcot-cdf&team=trend')
    const lines = text.trim().split(/\r?\n/)
    expect(lines[0]).toMatch(/^Month,Figures from,People,Requirements met,Requirements,Supervised/)
    expect(lines).toHaveLength(13)
    expect(lines[1]).toMatch(new RegExp(`^${addMonths(monthOf(today), -11).slice(0, 7)},not recorded,`))
    expect(lines[11]).toMatch(new RegExp(`^${snapshotMonth(today).slice(0, 7)},${today},2,`))
    expect(lines[12]).toMatch(new RegExp(`^${today.slice(0, 7)},${today} \\(today\\),2,`))
  })

  it('are for the principal OT only', async () => {
    for (const roles of [['staff'], ['staff', 'supervisor'], ['admin']] as const) {
      const person = await makeUser(db, { roles: [...roles] })
      const context = await contextFor(database, person)
      const refused = await run(csv.loader, getRequest('/workforce.csv?section=trends'), context)
      expect(refused.status).toBe(403)
      expect(String(refused.data)).not.toContain('Figures from')
    }
    const anonymous = await run(
      csv.loader,
      getRequest('/workforce.csv?section=trends'),
      await contextFor(database, null),
    )
    expect(anonymous.status).toBe(302)
  })
})
