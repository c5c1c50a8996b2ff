import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { addDays, addMonths, endOfMonth, todayInLondon } from '#app/lib/dates'
import { countCapabilityGaps, getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { listSuperviseeOverview } from '#app/models/supervision/overview.server'
import { listEvidenceLog } from '#app/models/evidence/log.server'
import { readLogFilters } from '#app/models/evidence/log.schema'
import { requestSignoff } from '#app/models/signoffs/request.server'
import { checkFrameworkDocument } from '#app/models/frameworks/document.schema'
import { importFrameworkDocument } from '#app/models/frameworks/import.server'
import * as csv from '#app/routes/workforce[.csv]'
import * as dashboard from '#app/routes/workforce._index'
import * as adminUsers from '#app/routes/admin.users'
import * as home from '#app/routes/_index'
import * as matrix from '#app/routes/workforce.capability'
import {
  makeApprenticeship,
  makeRegistration,
  makeSupervision,
  makeSupervisionSession,
  makeUser,
} from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { approvedSignoff, completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()

const principal = await makeUser(db, { roles: ['staff', 'principal'], jobRoleCode: 'principal-ot' })
const senior = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot', teamCode: 'dash' })
const olivia = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'dash', name: 'Dash Olivia' })
const omar = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'dash', name: 'Dash Omar' })
const nobody = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'dash', name: 'Dash Unsupervised' })
await makeSupervision(db, senior, olivia)
await makeSupervision(db, senior, omar)
// Olivia has met her supervisor every three weeks for the last seven months; Omar has not been seen.
for (let days = 7; days <= 210; days += 21) {
  await makeSupervisionSession(db, senior, olivia, { heldOn: addDays(today, -days), today })
}
// Olivia has Professional Practice at level 5 (an OT's level): one of the team's three OTs meets it.
await approvedSignoff(db, { personId: olivia.id, approver: senior, pillar: 'PP', level: '5' })
// Omar's Facilitation of Learning request has waited 20 days.
const fl = await rcotDomain(db, 'FL')
const waiting = await requestSignoff(db, {
  requesterId: omar.id,
  versionId: fl.versionId,
  domainId: fl.domainId,
  levelId: fl.levels['5']!,
  note: '',
  evidenceIds: [await completeEvidence(db, omar.id, ['5FL'], 'Practice educator for a placement')],
})
await sql`update signoff_request set requested_at = now() - interval '20 days' where id = ${waiting}`.execute(db)
await makeRegistration(db, omar, { number: 'OT700001', expiresOn: addDays(today, -10) })

const asPrincipal = () => contextFor(database, principal)
const load = async (query: string) => run(dashboard.loader, getRequest(`/workforce?${query}`), await asPrincipal())

describe('the workforce dashboard', () => {
  it('shows coverage by team and domain from the same standing as each person’s profile', async () => {
    const outcome = await load('framework=rcot-cdf&team=dash&role=ot')
    expect(outcome.status).toBe(200)
    const { coverage } = outcome.data
    const [team] = coverage.teams
    expect(team).toMatchObject({ teamName: 'Team dash', people: 3 })
    const byCode = Object.fromEntries(
      coverage.domains.map((d: { id: string; code: string }, i: number) => [d.code, team.cells[i]]),
    )
    expect(byCode.PP).toMatchObject({ met: 1, required: 3, percent: 33 })
    expect(byCode.FL).toMatchObject({ met: 0, required: 3, percent: 0 })

    // One source of truth: the cell is the count of profiles that say met or above.
    const profiles = await Promise.all([olivia, omar, nobody].map((p) => getCapabilityProfile(db, p.id)))
    for (const [i, domain] of coverage.domains.entries()) {
      const met = profiles.filter((profile) =>
        profile!.frameworks
          .find((f) => f.frameworkCode === 'rcot-cdf')!
          .domains.some((d) => d.id === domain.id && (d.standing === 'met' || d.standing === 'above')),
      ).length
      expect(team.cells[i].met).toBe(met)
    }
  })

  it('counts essential and desirable levels apart, as the profile and the matrix do', async () => {
    // An apprentice (essential level 3 everywhere, working towards 5) and an advanced primary-care OT (essential
    // level 7 in Professional Practice only, working towards 7 in every pillar).
    const apprentice = await makeUser(db, { jobRoleCode: 'ot-apprentice', teamCode: 'tier', name: 'Tier Apprentice' })
    const advanced = await makeUser(db, { jobRoleCode: 'advanced-primary-care-ot', teamCode: 'tier', name: 'Tier Adv' })
    const mentor = await makeUser(db, {
      roles: ['staff', 'supervisor'],
      jobRoleCode: 'senior-ot',
      teamCode: 'tier-lead',
    })
    for (const person of [apprentice, advanced]) await makeSupervision(db, mentor, person)
    await approvedSignoff(db, { personId: apprentice.id, approver: mentor, pillar: 'PP', level: '5' })
    await approvedSignoff(db, { personId: apprentice.id, approver: mentor, pillar: 'FL', level: '3' })
    await approvedSignoff(db, { personId: advanced.id, approver: mentor, pillar: 'PP', level: '7' })

    const { coverage } = (await load('framework=rcot-cdf&team=tier')).data
    const [team] = coverage.teams
    const byCode = Object.fromEntries(coverage.domains.map((d: { code: string }, i: number) => [d.code, team.cells[i]]))
    expect(byCode.PP).toMatchObject({ required: 2, met: 2, desirable: { required: 2, met: 2, percent: 100 } })
    expect(byCode.FL).toMatchObject({ required: 1, met: 1, desirable: { required: 2, met: 0, percent: 0 } })
    expect(byCode.LD).toMatchObject({ required: 1, met: 0, desirable: { required: 2, met: 0 } })

    // The profile lists desirable levels apart, and only essential ones make gaps.
    const profile = await getCapabilityProfile(db, apprentice.id)
    const rcot = profile!.frameworks.find((f) => f.frameworkCode === 'rcot-cdf')!
    const fl = rcot.domains.find((d) => d.code === 'FL')!
    expect(fl).toMatchObject({ standing: 'met', desirableStanding: 'not-yet' })
    expect(fl.required?.name).toBe('Level 3')
    expect(fl.desirable?.name).toBe('Level 5')
    expect((await countCapabilityGaps(db, [apprentice.id])).get(apprentice.id)).toEqual({ gaps: 2, required: 4 })
    const advancedProfile = await getCapabilityProfile(db, advanced.id)
    const erd = advancedProfile!.frameworks
      .find((f) => f.frameworkCode === 'rcot-cdf')!
      .domains.find((d) => d.code === 'ERD')!
    expect(erd).toMatchObject({ required: null, standing: 'no-requirement', desirableStanding: 'not-yet' })

    // One source of truth: each tier's cell is the count of profiles, and the matrix rolls up the same counts.
    const profiles = await Promise.all([apprentice, advanced].map((p) => getCapabilityProfile(db, p.id)))
    const grid = await run(
      matrix.loader,
      getRequest('/workforce/capability?framework=rcot-cdf&team=tier'),
      await asPrincipal(),
    )
    const rollUp = grid.data.matrix.rollUp.everyone.domains
    for (const [i, domain] of coverage.domains.entries()) {
      const cells = profiles.map((p) =>
        p!.frameworks.find((f) => f.frameworkCode === 'rcot-cdf')!.domains.find((d) => d.id === domain.id)!,
      )
      const reached = (standing: string) => standing === 'met' || standing === 'above'
      const desirable = {
        required: cells.filter((d) => d.desirable).length,
        met: cells.filter((d) => d.desirable && reached(d.desirableStanding)).length,
      }
      const essential = {
        required: cells.filter((d) => d.required).length,
        met: cells.filter((d) => d.required && reached(d.standing)).length,
      }
      expect(team.cells[i].desirable, domain.code).toMatchObject(desirable)
      expect(team.cells[i], domain.code).toMatchObject(essential)
      expect(rollUp[i], domain.code).toEqual({ domainId: domain.id, ...essential, desirable })
    }
    const people = Object.fromEntries(
      grid.data.matrix.people.map((p: { name: string; gaps: number; workingTowards: number }) => [
        p.name,
        [p.gaps, p.workingTowards],
      ]),
    )
    expect(people).toEqual({ 'Tier Apprentice': [2, 3], 'Tier Adv': [0, 3] })

    const file = await run(csv.loader, getRequest('/workforce.csv?team=tier&section=coverage'), await asPrincipal())
    const [header, row] = String(file.data).split(/\r?\n/)
    expect(header).toContain('Professional Practice: meet essential,Professional Practice: with an essential level')
    expect(header).toContain('Professional Practice: reach desirable,Professional Practice: with a desirable level')
    // Team, people, then per domain: essential met and needed, desirable reached and set (PP first).
    expect(row).toMatch(/^Team tier,2,2,2,2,2,1,1,0,2,/)
  })

  it('counts who has no supervisor as the administrators’ list and home do: not the principal OT, nor leavers', async () => {
    const leaver = await makeUser(db, { name: 'Nobody Leaver' })
    await db.updateTable('app_user').set({ active: false }).where('id', '=', leaver.id).execute()
    const { data } = await load('')
    const names = data.unsupervised.map((p: { name: string }) => p.name)
    expect(names).not.toContain(principal.name)
    expect(names).not.toContain('Nobody Leaver')
    const administrator = await makeUser(db, { roles: ['admin'] })
    const listed = await run(
      adminUsers.loader,
      getRequest('/admin/users?supervisor=none'),
      await contextFor(database, administrator),
    )
    expect(listed.data.total).toBe(data.unsupervisedCount)
    const tasks = (await run(home.loader, getRequest('/'), await asPrincipal())).data.tasks
    const task = tasks.find((t: { id: string }) => t.id === 'unsupervised-staff')
    expect(task.text).toMatch(new RegExp(`^${data.unsupervisedCount} members? of staff`))
  })

  it('lists who has no supervisor, the backlog by age, the lapsed who are still active, and CPD hours', async () => {
    const { data } = await load('team=dash')
    expect(data.unsupervised.map((p: { name: string }) => p.name)).toContain('Dash Unsupervised')
    expect(data.unsupervised.map((p: { name: string }) => p.name)).not.toContain('Dash Omar')
    expect(data.backlog.waiting).toBe(1)
    expect(data.backlog.bands.find((b: { key: string }) => b.key === '15-28').count).toBe(1)
    expect(data.backlog.reviewers).toEqual([
      expect.objectContaining({ reviewerId: senior.id, decisions: 1, medianDays: expect.any(Number) }),
    ])
    expect(data.registrations.lapsedActive.map((p: { name: string }) => p.name)).toEqual(['Dash Omar'])
    expect(data.registrations.timeline[0]).toMatchObject({ key: 'lapsed', count: 1 })

    // The team's hours are the sum of each person's own log over the same dates.
    const logs = await Promise.all(
      [senior, olivia, omar, nobody].map((p) =>
        listEvidenceLog(db, {
          ownerId: p.id,
          filters: { ...readLogFilters(new URLSearchParams()).filters, ...data.filters.range },
          page: 1,
        }),
      ),
    )
    const [team] = data.cpd.byTeam
    expect(team.minutes).toBe(logs.reduce((sum, log) => sum + log.totals.minutes, 0))
    expect(team.minutes).toBeGreaterThan(0)
    expect(data.cpd.quiet.map((p: { name: string }) => p.name)).toContain('Dash Unsupervised')
  })

  it('gives supervision compliance by team and by supervisor, as the supervision overview counts it', async () => {
    const { data } = await load('team=dash')
    const { compliance } = data
    expect(compliance).toMatchObject({ people: 2, onSchedule: 1, percent: 50, overdue: 1 })
    expect(compliance.byTeam).toEqual([
      expect.objectContaining({ name: 'Team dash', people: 2, onSchedule: 1, percent: 50, overdue: 1 }),
    ])
    expect(compliance.bySupervisor).toEqual([
      expect.objectContaining({ id: senior.id, people: 2, onSchedule: 1, overdue: 1 }),
    ])
    // One source of truth: the supervisor's own overview says the same of each person.
    const overview = await listSuperviseeOverview(db, { id: senior.id, roles: ['staff', 'supervisor'] }, today)
    expect(overview.filter((row) => row.compliance.shortfall === 0).map((row) => row.name)).toEqual(['Dash Olivia'])
    expect(overview.filter((row) => row.due.overdue).map((row) => row.name)).toEqual(['Dash Omar'])
  })

  it('follows the apprenticeship pipeline from adult social care worker to registered OT', async () => {
    const pipe = { teamCode: 'pipe' }
    await makeUser(db, { roles: ['staff'], jobRoleCode: 'ascw', name: 'Pipe Worker', ...pipe })
    const second = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot-apprentice', name: 'Pipe Second', ...pipe })
    const done = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', name: 'Pipe Registered', ...pipe })
    const waitingToRegister = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', name: 'Pipe Waiting', ...pipe })
    // Fourteen months in with no off-the-job hours logged and no review: behind, and overdue.
    await makeApprenticeship(db, second, senior, {
      startsOn: addMonths(today, -14),
      plannedEndOn: addMonths(today, 34),
    })
    for (const person of [done, waitingToRegister]) {
      const id = await makeApprenticeship(db, person, senior, {
        startsOn: addMonths(today, -50),
        plannedEndOn: addMonths(today, -2),
      })
      await db
        .updateTable('apprenticeship')
        .set({ status: 'completed', ended_on: addMonths(today, -2), result: 'Pass' })
        .where('id', '=', id)
        .execute()
    }
    await makeRegistration(db, done, { number: 'OT700002', expiresOn: addDays(today, 30) })

    const { data } = await load('team=pipe')
    const stages = Object.fromEntries(data.pipeline.stages.map((s: { key: string; count: number }) => [s.key, s.count]))
    expect(stages).toMatchObject({
      ascw: 1,
      'year-1': 0,
      'year-2': 1,
      gateway: 0,
      'awaiting-registration': 1,
      registered: 1,
    })
    expect(data.pipeline.expectedCompletions).toEqual([
      { key: addMonths(today, 34).slice(0, 4), label: addMonths(today, 34).slice(0, 4), count: 1 },
    ])
    expect(data.pipeline.behindOnHours.map((p: { name: string }) => p.name)).toEqual(['Pipe Second'])
    expect(data.pipeline.reviewOverdue.map((p: { name: string }) => p.name)).toEqual(['Pipe Second'])
    expect(data.pipeline.behindOnHours[0].note).toMatch(/hours of off-the-job training behind$/)
  })

  it('answers a sign-off waiting for re-review once its evidence changes', async () => {
    const before = (await load('team=dash')).data.backlog.awaitingReReview
    const request = await db
      .selectFrom('signoff_request')
      .select('id')
      .where('requester_id', '=', olivia.id)
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow()
    await db.updateTable('signoff_request').set({ status: 'invalidated' }).where('id', '=', request.id).execute()
    const after = await load('team=dash')
    expect(after.data.backlog.awaitingReReview).toBe(before + 1)
    // The level stops counting at once: the read model follows the request.
    const pp = after.data.coverage.domains.findIndex((d: { code: string }) => d.code === 'PP')
    expect(after.data.coverage.teams[0].cells[pp].met).toBe(0)
    await db.updateTable('signoff_request').set({ status: 'approved' }).where('id', '=', request.id).execute()
  })

  it('explains filters it cannot use and shows the unfiltered view instead of an error', async () => {
    for (const query of [
      'team=nowhere',
      "team=' or 1=1 --",
      'role=astronaut',
      'framework=not-a-framework',
      'from=2026-12-01&to=2025-01-01',
      'from=2026-02-31',
      'from=yesterday',
    ]) {
      const outcome = await load(query)
      expect(outcome.status, query).toBe(200)
      expect(outcome.data.filters.notices.length, query).toBeGreaterThan(0)
      expect(outcome.data.filters.team, query).toBe('')
    }
    const reversed = await load('from=2026-12-01&to=2025-01-01')
    expect(reversed.data.filters.range.to).toBe(endOfMonth(today))
  })

  it('opens on a framework that sets role requirements, even when one without them sorts first', async () => {
    const document = checkFrameworkDocument({
      source: 'Test data written for this test.',
      framework: { code: 'aaa-no-roles', name: 'AAA framework with no role requirements' },
      version: { label: 'v1', status: 'published' },
      levels: [{ code: 'L1', ordinal: 1, name: 'Level 1' }],
      domains: [{ code: 'A', name: 'Domain A' }],
      capabilities: [{ code: 'A1', domain: 'A', level: 'L1', statement: 'I do A at level 1' }],
    })
    if (!document.ok) throw new Error(document.problems.join('\n'))
    await importFrameworkDocument(db, document.document, { origin: 'json', publishIfFirst: true })
    const opened = await load('')
    expect(opened.data.filters.frameworks[0]?.code).toBe('aaa-no-roles')
    expect(opened.data.filters.framework).toBe('rcot-cdf')
    const asked = await load('framework=aaa-no-roles')
    expect(asked.data.filters.framework).toBe('aaa-no-roles')
  })

  it('gives each section’s figures as CSV, with the same filters', async () => {
    const coverage = await run(csv.loader, getRequest('/workforce.csv?team=dash&section=coverage'), await asPrincipal())
    expect(coverage.status).toBe(200)
    expect(coverage.headers.get('Content-Disposition')).toMatch(/workforce-coverage-\d{4}-\d{2}-\d{2}\.csv/)
    expect(String(coverage.data)).toContain('Team dash,4,')
    const quiet = await run(
      csv.loader,
      getRequest('/workforce.csv?team=dash&section=unsupervised'),
      await asPrincipal(),
    )
    expect(String(quiet.data)).toContain('Dash Unsupervised,Occupational therapist,Team dash')
    const compliance = await run(
      csv.loader,
      getRequest('/workforce.csv?team=dash&section=compliance'),
      await asPrincipal(),
    )
    expect(String(compliance.data)).toContain('Team,Team dash,2,1,1')
    expect(String(compliance.data)).toContain(`Supervisor,${senior.name},2,1,1`)
  })

  it('gives each reviewer’s median days to decide: the middle decision, or the mean of the middle two', async () => {
    const reviewer = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot', teamCode: 'mid' })
    const person = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'mid' })
    await makeSupervision(db, reviewer, person)
    const decided: string[] = []
    for (const [pillar, level] of [
      ['PP', '3'],
      ['FL', '3'],
      ['LD', '3'],
      ['ERD', '3'],
    ] as const) {
      decided.push(await approvedSignoff(db, { personId: person.id, approver: reviewer, pillar, level }))
    }
    const waitedDays = [1, 2, 10, 4]
    for (const [index, id] of decided.entries()) {
      await sql`update signoff_request set requested_at = decided_at - make_interval(days => ${waitedDays[index]!})
        where id = ${id}`.execute(db)
    }
    const turnaround = async () =>
      (await load('team=mid')).data.backlog.reviewers.find((r: { reviewerId: string }) => r.reviewerId === reviewer.id)
    expect(await turnaround()).toMatchObject({ decisions: 4, medianDays: 3 })
    await sql`update signoff_request set decided_at = now() - interval '7 months' where id = ${decided[3]!}`.execute(db)
    expect(await turnaround()).toMatchObject({ decisions: 3, medianDays: 2 })
  })

  it('is for the principal OT only', async () => {
    for (const roles of [['staff'], ['staff', 'supervisor'], ['admin']] as const) {
      const person = await makeUser(db, { roles: [...roles] })
      const context = await contextFor(database, person)
      expect((await run(dashboard.loader, getRequest('/workforce'), context)).status).toBe(403)
      expect((await run(csv.loader, getRequest('/workforce.csv'), context)).status).toBe(403)
    }
  })
})
