import { describe, expect, it } from 'vitest'
import * as csv from '#app/routes/workforce.capability[.csv]'
import * as matrix from '#app/routes/workforce.capability'
import { makeSupervision, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { approvedSignoff } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

describe('the workforce capability matrix', () => {
  it('shows each person against each pillar, counting only sign-offs whose evidence is unchanged', async () => {
    const principal = await makeUser(db, { roles: ['staff', 'principal'] })
    const senior = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot' })
    const ot = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'matrix', name: 'Mia Matrix' })
    await makeSupervision(db, senior, ot)
    await approvedSignoff(db, { personId: ot.id, approver: senior, pillar: 'PP', level: '6' })

    const outcome = await run(
      matrix.loader,
      getRequest('/workforce/capability?framework=rcot-cdf&team=matrix'),
      await contextFor(database, principal),
    )
    expect(outcome.status).toBe(200)
    const { people, domains } = outcome.data.matrix
    expect(people.map((p: { name: string }) => p.name)).toEqual(['Mia Matrix'])
    const cells = Object.fromEntries(
      people[0].cells.map((c: { domainId: string; standing: string }) => [
        domains.find((d: { id: string }) => d.id === c.domainId).code,
        c.standing,
      ]),
    )
    expect(cells).toEqual({ PP: 'above', FL: 'not-yet', LD: 'not-yet', ERD: 'not-yet' })
    const pp = domains.find((d: { code: string }) => d.code === 'PP').id
    expect(outcome.data.matrix.rollUp.everyone.domains).toContainEqual({
      domainId: pp,
      required: 1,
      met: 1,
      desirable: { required: 0, met: 0 },
    })
    expect(outcome.data.notices).toEqual([])

    const file = await run(
      csv.loader,
      getRequest('/workforce/capability.csv?framework=rcot-cdf&team=matrix'),
      await contextFor(database, principal),
    )
    expect(file.status).toBe(200)
    expect(file.headers.get('Content-Disposition')).toMatch(/capability-rcot-cdf-matrix-\d{4}-\d{2}-\d{2}\.csv/)
    expect(String(file.data)).toContain('Mia Matrix,Occupational therapist')
  })

  describe('sorted, filtered and rolled up', async () => {
    // One team of four with 3, 4, 2 and 0 gaps (Eve has no job role, so nothing is required of her), and a
    // second team with one OT, so that the roll-up has two teams to tell apart.
    const principal = await makeUser(db, { roles: ['staff', 'principal'] })
    const senior = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot' })
    const ava = await makeUser(db, { jobRoleCode: 'ot', teamCode: 'mx-sort', name: 'Ava Sorter' })
    await makeUser(db, { jobRoleCode: 'ot', teamCode: 'mx-sort', name: 'Ben Sorter' })
    const cara = await makeUser(db, { jobRoleCode: 'senior-ot', teamCode: 'mx-sort', name: 'Cara Sorter' })
    await makeUser(db, { jobRoleCode: null, teamCode: 'mx-sort', name: 'Eve Sorter' })
    await makeUser(db, { jobRoleCode: 'ot', teamCode: 'mx-other', name: 'Finn Other' })
    for (const person of [ava, cara]) await makeSupervision(db, senior, person)
    await approvedSignoff(db, { personId: ava.id, approver: senior, pillar: 'PP', level: '5' })
    await approvedSignoff(db, { personId: cara.id, approver: senior, pillar: 'PP', level: '6' })
    await approvedSignoff(db, { personId: cara.id, approver: senior, pillar: 'FL', level: '6' })
    const context = await contextFor(database, principal)

    async function page(query: string) {
      const outcome = await run(matrix.loader, getRequest(`/workforce/capability?${query}`), context)
      expect(outcome.status).toBe(200)
      return outcome.data
    }
    const names = (data: { matrix: { people: { name: string }[] } }) => data.matrix.people.map((p) => p.name)

    it('keeps the service order by default: team, then job role up the ladder, then name', async () => {
      const data = await page('framework=rcot-cdf&team=mx-sort')
      expect(names(data)).toEqual(['Ava Sorter', 'Ben Sorter', 'Cara Sorter', 'Eve Sorter'])
      expect(data.matrix.people.map((p: { gaps: number }) => p.gaps)).toEqual([3, 4, 2, 0])
      expect(data.view).toMatchObject({ sort: 'team', dir: 'asc' })
    })

    it('sorts by gap count either way, and by name', async () => {
      expect(names(await page('framework=rcot-cdf&team=mx-sort&sort=gaps&dir=desc'))).toEqual([
        'Ben Sorter',
        'Ava Sorter',
        'Cara Sorter',
        'Eve Sorter',
      ])
      expect(names(await page('framework=rcot-cdf&team=mx-sort&sort=gaps&dir=asc'))).toEqual([
        'Eve Sorter',
        'Cara Sorter',
        'Ava Sorter',
        'Ben Sorter',
      ])
      expect(names(await page('framework=rcot-cdf&team=mx-sort&sort=name&dir=desc'))).toEqual([
        'Eve Sorter',
        'Cara Sorter',
        'Ben Sorter',
        'Ava Sorter',
      ])
    })

    it('falls back to the default order for an unknown or hostile sort, without a notice', async () => {
      for (const query of ['sort=height&dir=up', "sort=name'; DROP TABLE app_user; --&dir=desc", 'sort=&dir=']) {
        const data = await page(`framework=rcot-cdf&team=mx-sort&${query}`)
        expect(data.view.sort).toBe('team')
        expect(names(data)).toEqual(['Ava Sorter', 'Ben Sorter', 'Cara Sorter', 'Eve Sorter'])
        expect(data.notices).toEqual([])
      }
    })

    it('filters by job role and by having a gap', async () => {
      expect(names(await page('framework=rcot-cdf&team=mx-sort&role=ot'))).toEqual(['Ava Sorter', 'Ben Sorter'])
      expect(names(await page('framework=rcot-cdf&team=mx-sort&gaps=1'))).toEqual([
        'Ava Sorter',
        'Ben Sorter',
        'Cara Sorter',
      ])
      const both = await page('framework=rcot-cdf&team=mx-sort&role=senior-ot&gaps=1&sort=gaps&dir=desc')
      expect(names(both)).toEqual(['Cara Sorter'])
      expect(both.view).toEqual({
        framework: 'rcot-cdf',
        team: 'mx-sort',
        role: 'senior-ot',
        gapsOnly: true,
        sort: 'gaps',
        dir: 'desc',
      })
    })

    it('says so when the team or role is unknown, and shows everyone instead', async () => {
      const team = await page('framework=rcot-cdf&team=nowhere&role=ot')
      expect(team.notices).toEqual(['No team called “nowhere” – showing all teams'])
      expect(names(team)).toEqual(expect.arrayContaining(['Ava Sorter', 'Ben Sorter', 'Finn Other']))
      expect(team.view.team).toBeNull()

      const role = await page("framework=rcot-cdf&team=mx-sort&role=' OR 1=1 --")
      expect(role.notices).toEqual(["No job role called “' OR 1=1 --” – showing all job roles"])
      expect(names(role)).toEqual(['Ava Sorter', 'Ben Sorter', 'Cara Sorter', 'Eve Sorter'])

      // "All teams" in the form sends an empty team: a choice, not a mistake.
      expect((await page('framework=rcot-cdf&team=&role=')).notices).toEqual([])
    })

    it('rolls up, per team and for everyone shown, how many who need a level in each domain have it', async () => {
      const data = await page('framework=rcot-cdf&role=ot')
      const { domains, rollUp } = data.matrix
      const code = (id: string) => domains.find((d: { id: string }) => d.id === id).code
      const byCode = (row: { domains: { domainId: string; required: number; met: number }[] }) =>
        Object.fromEntries(row.domains.map((d) => [code(d.domainId), `${d.met}/${d.required}`]))
      const team = (label: string) => rollUp.teams.find((t: { label: string }) => t.label === label)
      expect(team('Team mx-sort')).toMatchObject({ people: 2 })
      expect(byCode(team('Team mx-sort'))).toEqual({ PP: '1/2', FL: '0/2', LD: '0/2', ERD: '0/2' })
      expect(byCode(team('Team mx-other'))).toEqual({ PP: '0/1', FL: '0/1', LD: '0/1', ERD: '0/1' })
      // Everyone shown is the sum of the teams, whoever else the other tests have added.
      const sum = (i: number, key: 'required' | 'met') =>
        rollUp.teams.reduce((n: number, t: { domains: Record<string, number>[] }) => n + t.domains[i][key], 0)
      rollUp.everyone.domains.forEach((d: { required: number; met: number }, i: number) => {
        expect(d).toMatchObject({ required: sum(i, 'required'), met: sum(i, 'met') })
      })
      expect(rollUp.everyone.people).toBe(data.paging.total)

      const mine = await page('framework=rcot-cdf&team=mx-sort')
      expect(byCode(mine.matrix.rollUp.everyone)).toEqual({ PP: '2/3', FL: '1/3', LD: '0/3', ERD: '0/3' })
      expect(mine.matrix.rollUp.teams).toHaveLength(1)
    })

    it('gives the CSV the same filters and order', async () => {
      const file = await run(
        csv.loader,
        getRequest('/workforce/capability.csv?framework=rcot-cdf&team=mx-sort&gaps=1&sort=gaps&dir=desc'),
        context,
      )
      expect(file.status).toBe(200)
      expect(file.headers.get('Content-Disposition')).toMatch(/capability-rcot-cdf-mx-sort-gaps-\d{4}-\d{2}-\d{2}\.csv/)
      const people = String(file.data)
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(',')[0])
      expect([...new Set(people)]).toEqual(['Ben Sorter', 'Ava Sorter', 'Cara Sorter'])

      const byRole = await run(
        csv.loader,
        getRequest('/workforce/capability.csv?framework=rcot-cdf&team=mx-sort&role=senior-ot'),
        context,
      )
      expect(String(byRole.data)).toContain('Cara Sorter')
      expect(String(byRole.data)).not.toContain('Ava Sorter')
    })

    it('sorts the whole list before cutting the page, and rolls up every page', async () => {
      for (let i = 1; i <= 101; i += 1) {
        await makeUser(db, { jobRoleCode: 'ot', teamCode: 'mx-many', name: `Many ${String(i).padStart(3, '0')}` })
      }
      const first = await page('framework=rcot-cdf&team=mx-many&sort=name&dir=desc')
      const second = await page('framework=rcot-cdf&team=mx-many&sort=name&dir=desc&page=2')
      expect(first.matrix.people).toHaveLength(100)
      expect(names(first)[0]).toBe('Many 101')
      expect(names(second)).toEqual(['Many 001'])
      expect(second.matrix.rollUp).toEqual(first.matrix.rollUp)
      expect(first.matrix.rollUp.everyone.domains[0]).toMatchObject({ required: 101, met: 0 })
      // The pager's links carry the view, so page 2 stays in the same order.
      expect(first.paging.search).toBe('?framework=rcot-cdf&team=mx-many&sort=name&dir=desc')
    })
  })

  it('refuses a supervisor and staff', async () => {
    for (const roles of [['staff'], ['staff', 'supervisor']] as const) {
      const person = await makeUser(db, { roles: [...roles] })
      const outcome = await run(matrix.loader, getRequest('/workforce/capability'), await contextFor(database, person))
      expect(outcome.status).toBe(403)
    }
  })
})
