import { describe, expect, it } from 'vitest'
import { listHomeTasks } from '#app/models/home/tasks.rules'

describe('home tasks', () => {
  it('asks staff with no supervisor to get one linked', () => {
    const tasks = listHomeTasks({ id: 'a', roles: ['staff'] }, { hasSupervisor: false, peopleWithoutSupervisor: null })
    expect(tasks.map((t) => t.id)).toEqual(['no-supervisor'])
  })
  it('has nothing for supervised staff', () => {
    expect(
      listHomeTasks({ id: 'a', roles: ['staff'] }, { hasSupervisor: true, peopleWithoutSupervisor: null }),
    ).toEqual([])
  })
  it('tells an administrator how many staff have no supervisor, in words', () => {
    const [one] = listHomeTasks({ id: 'a', roles: ['admin'] }, { hasSupervisor: false, peopleWithoutSupervisor: 1 })
    expect(one.text).toBe('1 member of staff has no supervisor linked.')
    const [many] = listHomeTasks({ id: 'a', roles: ['admin'] }, { hasSupervisor: false, peopleWithoutSupervisor: 4 })
    expect(many.text).toBe('4 members of staff have no supervisor linked.')
    expect(many.link?.to).toBe('/admin/users?supervisor=none')
  })
})

describe('the workforce grid', () => {
  it('puts job roles in ladder order against teams, with totals', async () => {
    const { pivotHeadcount } = await import('#app/models/workforce/headcount.rules')
    const grid = pivotHeadcount([
      { teamName: 'South', jobRoleTitle: 'OT', jobRoleOrder: 4, people: 3 },
      { teamName: 'North', jobRoleTitle: 'ASCW', jobRoleOrder: 1, people: 2 },
      { teamName: 'North', jobRoleTitle: 'OT', jobRoleOrder: 4, people: 1 },
    ])
    expect(grid).toEqual({
      teams: ['North', 'South'],
      rows: [
        { jobRoleTitle: 'ASCW', counts: [2, 0], total: 2 },
        { jobRoleTitle: 'OT', counts: [1, 3], total: 4 },
      ],
      teamTotals: [3, 3],
      total: 6,
    })
  })
})

describe('sign-off tasks', () => {
  const supervisor = { id: 's', roles: ['staff', 'supervisor'] as const }

  it('tells a reviewer how many requests wait and how long the oldest has', () => {
    const tasks = listHomeTasks(
      { ...supervisor, roles: [...supervisor.roles] },
      { hasSupervisor: true, peopleWithoutSupervisor: null, signoffsToReview: { count: 2, oldestDays: 15 } },
    )
    expect(tasks.map((t) => t.text)).toEqual([
      '2 sign-off requests are waiting for your review. The oldest has waited 15 days.',
    ])
  })

  it('says nothing when nothing waits, and tells a requester about returns and re-reviews', () => {
    const staff = { id: 'o', roles: ['staff' as const] }
    expect(
      listHomeTasks(staff, {
        hasSupervisor: true,
        peopleWithoutSupervisor: null,
        signoffsToReview: { count: 0, oldestDays: 0 },
      }),
    ).toEqual([])
    const tasks = listHomeTasks(staff, {
      hasSupervisor: true,
      peopleWithoutSupervisor: null,
      signoffsReturned: ['r1'],
      signoffsNeedingReReview: 2,
    })
    expect(tasks.map((t) => t.id)).toEqual(['signoffs-re-review', 'signoffs-returned'])
    expect(tasks[0]!.text).toBe('Evidence behind 2 sign-offs changed, so they no longer count until re-reviewed.')
  })
})

describe('registration and supervision tasks', () => {
  it('tells a principal OT how many registrations need action and whose supervision is overdue', () => {
    const principal = { id: 'p', roles: ['staff' as const, 'principal' as const] }
    const tasks = listHomeTasks(principal, {
      hasSupervisor: true,
      peopleWithoutSupervisor: null,
      registrationsNeedingAction: 3,
      supervisionOverdue: 1,
    })
    expect(tasks.map((t) => [t.text, t.link?.to])).toEqual([
      ['Supervision is overdue for 1 person.', '/supervision'],
      ['3 HCPC registrations need action today.', '/workforce/registrations?status=needs-action'],
    ])
  })

  it('says nothing when nothing needs action', () => {
    const supervisor = { id: 's', roles: ['staff' as const, 'supervisor' as const] }
    expect(
      listHomeTasks(supervisor, {
        hasSupervisor: true,
        peopleWithoutSupervisor: null,
        ownRegistration: null,
        registrationsNeedingAction: 0,
        lapsedRegistrations: 0,
        supervisionOverdue: 0,
        ownActions: [],
        ownSupervisionDue: null,
        apprenticeship: null,
      }),
    ).toEqual([])
  })
})

describe('the current navigation item', () => {
  it('is the longest address that matches the page', async () => {
    const { currentNavItem } = await import('#app/components/app-header')
    const items = [
      { to: '/', label: 'Home', action: 'home.view' as const },
      { to: '/evidence', label: 'CPD log', action: 'evidence.create' as const },
      { to: '/supervision/me', label: 'My supervision', action: 'supervision.own' as const },
      { to: '/supervision', label: 'Supervision', action: 'supervision.list' as const },
    ]
    expect(currentNavItem('/', items)?.label).toBe('Home')
    expect(currentNavItem('/evidence/new', items)?.label).toBe('CPD log')
    expect(currentNavItem('/supervision/me', items)?.label).toBe('My supervision')
    expect(currentNavItem('/supervision/1234', items)?.label).toBe('Supervision')
    expect(currentNavItem('/evidence-other', items)).toBeUndefined()
  })

  it('asks a reviewer to look again at the sign-offs they gave whose evidence changed', () => {
    const senior = { id: 's', roles: ['staff' as const, 'supervisor' as const] }
    const facts = { hasSupervisor: true, peopleWithoutSupervisor: null }
    expect(listHomeTasks(senior, { ...facts, signoffsToReReview: 0 })).toEqual([])
    const [one] = listHomeTasks(senior, { ...facts, signoffsToReReview: 1 })
    expect(one).toMatchObject({ id: 'signoffs-to-re-review', link: { to: '/signoffs#rereview-title' } })
    expect(one!.text).toBe(
      'The evidence behind a sign-off you gave has changed: look at the changes and sign it off again or return it.',
    )
    expect(listHomeTasks(senior, { ...facts, signoffsToReReview: 3 })[0]!.text).toMatch(
      /^The evidence behind 3 sign-offs you gave has changed: .* sign them off again or return them\.$/,
    )
  })
})
