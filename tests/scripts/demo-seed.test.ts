import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { signIn } from '#app/auth/sign-in.server'
import { createLucia } from '#app/auth/session.server'
import type { Role } from '#app/auth/policy'
import { todayInLondon } from '#app/lib/dates'
import { getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { getSelfMappings } from '#app/models/capabilities/self-mapping.server'
import { getHomeFacts } from '#app/models/home/tasks.server'
import { listHomeTasks } from '#app/models/home/tasks.rules'
import { loadDashboard } from '#app/models/workforce/dashboard.server'
import { takeWorkforceSnapshot } from '#app/models/workforce/snapshot.server'
import { snapshotMonth } from '#app/models/workforce/trend.rules'
import { DEFAULT_DEMO_PASSWORD, DEMO_LOGINS, describeDemoLogins, seedDemo } from '#scripts/demo/seed'
import { testEnv } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

async function counts() {
  const row = await sql<{
    people: number
    teams: number
    links: number
    roles: number
    evidence: number
    snapshots: number
  }>`
    select (select count(*)::int from app_user) as people, (select count(*)::int from team) as teams,
      (select count(*)::int from supervision_link) as links, (select count(*)::int from user_role) as roles,
      (select count(*)::int from evidence) as evidence,
      (select count(*)::int from workforce_snapshot) + (select count(*)::int from workforce_snapshot_coverage)
        as snapshots`.execute(db)
  return row.rows[0]
}

describe('the demo service', () => {
  it('creates three teams, about 25 people across the job roles, and supervision links', async () => {
    expect(await seedDemo(db)).toBe(true)
    const after = await counts()
    // Besides an archived team with a deactivated leaver in it, for the administration pages.
    expect(after.teams).toBe(4)
    expect(after.people).toBe(26)
    const archived = await db.selectFrom('team').select('name').where('archived_at', 'is not', null).execute()
    expect(archived).toEqual([{ name: 'Intermediate care OT team (closed)' }])
    const inactive = await db.selectFrom('app_user').select(['name', 'leaves_on']).where('active', '=', false).execute()
    expect(inactive).toEqual([{ name: 'Peter Shaw', leaves_on: '2025-03-31' }])
    expect(after.links).toBeGreaterThanOrEqual(20)
    expect(after.evidence).toBe(6)
    const jobRoles = await db.selectFrom('app_user').select('job_role_code').distinct().execute()
    expect(jobRoles.map((r) => r.job_role_code)).toEqual(
      expect.arrayContaining(['ascw', 'ot-apprentice', 'ot-assistant-practitioner', 'ot', 'senior-ot', 'principal-ot']),
    )
  }, 60_000)

  it('reads as a working service on the workforce dashboard: most people supervised on schedule, some not', async () => {
    const { compliance, pipeline } = await loadDashboard(db, new URLSearchParams(), todayInLondon())
    expect(compliance.people).toBeGreaterThanOrEqual(20)
    expect(compliance.percent).toBeGreaterThanOrEqual(50)
    expect(compliance.percent).toBeLessThan(100)
    expect(compliance.overdue).toBeGreaterThanOrEqual(2)
    expect(pipeline.stages.find((s) => s.key === 'ascw')!.count).toBeGreaterThan(0)
  })

  it('shows both requirement tiers: the apprentice works towards level 5, apart from their gaps', async () => {
    const { coverage } = await loadDashboard(db, new URLSearchParams('framework=rcot-cdf'), todayInLondon())
    expect(coverage!.everyone.cells.every((c) => c.desirable.required > 0 && c.required > c.desirable.required)).toBe(
      true,
    )
    const apprentice = await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'apprentice@example.org')
      .executeTakeFirstOrThrow()
    const profile = await getCapabilityProfile(db, apprentice.id)
    const rcot = profile!.frameworks.find((f) => f.frameworkCode === 'rcot-cdf')!
    expect(rcot.domains.map((d) => [d.required?.name, d.desirable?.name, d.desirableStanding])).toEqual(
      rcot.domains.map(() => ['Level 3', 'Level 5', 'not-yet']),
    )
  })

  it('gives the demo OT self-mappings with history, Professional Practice above what is signed off', async () => {
    const ot = await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'ot@example.org')
      .executeTakeFirstOrThrow()
    const rcot = (await getCapabilityProfile(db, ot.id))!.frameworks.find((f) => f.frameworkCode === 'rcot-cdf')!
    const mappings = await getSelfMappings(db, { personId: ot.id, versionIds: [rcot.versionId] })
    const pp = rcot.domains.find((d) => d.code === 'PP')!
    expect(mappings[pp.id]!.history.map((m) => m.levelName)).toEqual(['Level 6', 'Level 5', 'Level 4'])
    expect(mappings[pp.id]!.current.ordinal).toBeGreaterThan(pp.achieved!.ordinal)
    expect(rcot.domains.every((d) => mappings[d.id])).toBe(true)
  })

  it('shows a year of trends on first start, ending where the service stands today', async () => {
    const today = todayInLondon()
    const { trend, compliance, coverage } = await loadDashboard(db, new URLSearchParams(), today)
    expect(trend!.recordedMonths).toBe(11)
    const past = trend!.points.filter((p) => !p.live)
    expect(past.every((p) => !p.missing && p.asOf! > p.month)).toBe(true)
    // The same people and requirements as today; supervision moving, never more on schedule than supervised.
    const required = coverage!.everyone.cells.reduce((sum, c) => sum + c.required, 0)
    for (const p of past) {
      expect(p.supervised).toBe(compliance.people)
      expect(p.onSchedule!).toBeLessThanOrEqual(p.supervised!)
      expect(p.coverage!.required).toBe(required)
      expect(p.coverage!.met).toBeLessThanOrEqual(trend!.points.at(-1)!.coverage!.met)
    }
    expect(new Set(past.map((p) => p.compliancePercent)).size).toBeGreaterThan(2)
    expect(past.some((p) => p.waitingOver28! > 0)).toBe(true)

    // Each month's everyone row is its teams added up, with nobody left without a team in the demo's staff.
    const rows = await db.selectFrom('workforce_snapshot').selectAll().execute()
    for (const everyone of rows.filter((r) => r.team_id === null)) {
      const teams = rows.filter((r) => r.month === everyone.month && r.team_id !== null)
      expect(teams).toHaveLength(3)
      expect(everyone.on_schedule).toBe(teams.reduce((sum, t) => sum + t.on_schedule, 0))
      expect(everyone.waiting_29_plus).toBe(teams.reduce((sum, t) => sum + t.waiting_29_plus, 0))
    }
  })

  it('keeps its invented history when the real monthly job runs afterwards', async () => {
    const before = await db.selectFrom('workforce_snapshot').selectAll().orderBy('id').execute()
    const result = await takeWorkforceSnapshot(db, { today: todayInLondon() })
    expect(result).toMatchObject({ recorded: false, month: snapshotMonth(todayInLondon()) })
    expect(await db.selectFrom('workforce_snapshot').selectAll().orderBy('id').execute()).toEqual(before)
  })

  it('adds nothing when run again', async () => {
    const before = await counts()
    expect(await seedDemo(db)).toBe(false)
    expect(await counts()).toEqual(before)
  })

  it('does nothing at all on a database that already has people, when asked only to fill an empty one', async () => {
    expect(await seedDemo(db, { onlyIfEmpty: true })).toBe(false)
  })

  it('lets every demo sign-in in with the printed password', async () => {
    const lucia = createLucia(db, { idleMinutes: 60, absoluteHours: 12, secureCookies: false })
    for (const [index, login] of DEMO_LOGINS.entries()) {
      const result = await signIn(db, lucia, {
        email: login.email,
        password: DEFAULT_DEMO_PASSWORD,
        ip: `192.0.2.${index + 1}`,
        env: testEnv,
      })
      expect(result.ok, login.email).toBe(true)
    }
    const printed = describeDemoLogins()
    for (const login of DEMO_LOGINS) expect(printed).toContain(login.email)
    expect(printed).toContain(DEFAULT_DEMO_PASSWORD)
  })

  it('keeps a supervisor change as history', async () => {
    const links = await db
      .selectFrom('supervision_link as l')
      .innerJoin('app_user as u', 'u.id', 'l.supervisee_id')
      .select(['l.starts_on', 'l.ends_on'])
      .where('u.name', '=', 'Daniel Murphy')
      .orderBy('l.starts_on')
      .execute()
    expect(links).toEqual([
      { starts_on: '2024-09-02', ends_on: '2025-08-31' },
      { starts_on: '2025-09-01', ends_on: null },
    ])
  })

  it('gives every demo sign-in a home with things to do', async () => {
    const today = todayInLondon()
    const seen: Record<string, string[]> = {}
    for (const login of DEMO_LOGINS) {
      const user = await db
        .selectFrom('app_user as u')
        .select((eb) => [
          'u.id',
          eb
            .selectFrom('user_role as r')
            .select(sql<string[]>`array_agg(r.role)`.as('roles'))
            .whereRef('r.user_id', '=', 'u.id')
            .as('roles'),
        ])
        .where('u.email', '=', login.email)
        .executeTakeFirstOrThrow()
      const actor = { id: user.id, roles: (user.roles ?? []) as Role[] }
      seen[login.email] = listHomeTasks(actor, await getHomeFacts(db, actor, today), today).map((task) => task.id)
    }
    for (const login of DEMO_LOGINS) expect(seen[login.email].length, login.email).toBeGreaterThan(0)
    expect(seen['ot@example.org']).toEqual([expect.stringMatching(/^supervision-action-/)])
    expect(seen['apprentice@example.org']).toEqual(
      expect.arrayContaining(['apprenticeship-review', 'apprenticeship-otj']),
    )
    expect(seen['principal@example.org'].slice(0, 2)).toEqual(['registrations-lapsed', 'unsupervised-staff'])
  })
})
