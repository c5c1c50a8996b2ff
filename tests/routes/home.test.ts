import { describe, expect, it } from 'vitest'
import { addDays, formatUkDate, todayInLondon } from '#app/lib/dates'
import { formatHours } from '#app/lib/hours'
import type { HomeTask } from '#app/models/home/tasks.rules'
import * as home from '#app/routes/_index'
import * as apprenticeshipPage from '#app/routes/apprenticeships.$id'
import * as supervisionPage from '#app/routes/supervision.$personId'
import * as dashboard from '#app/routes/workforce._index'
import * as registrationsPage from '#app/routes/workforce.registrations'
import {
  makeApprenticeship,
  makeRegistration,
  makeSupervision,
  makeSupervisionSession,
  makeUser,
} from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()

const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Priya Principal' })
const senior = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Senior' })
const ot = await makeUser(db, { name: 'Olivia Therapist' })
const apprentice = await makeUser(db, { name: 'Aisha Apprentice', jobRoleCode: 'ascw' })
const upToDate = await makeUser(db, { name: 'Una Uptodate', jobRoleCode: 'ascw' })
const lapsed = await makeUser(db, { name: 'Lee Lapsed' })
const leaver = await makeUser(db, { name: 'Lou Leaver' })
const alone = await makeUser(db, { name: 'Nia Nobody', jobRoleCode: 'ascw' })

for (const person of [ot, apprentice, upToDate, lapsed, leaver]) {
  await makeSupervision(db, senior, person, { startsOn: '2025-01-06' })
}
await makeSupervision(db, principal, senior, { startsOn: '2025-01-06' })
await makeSupervisionSession(db, principal, senior, { heldOn: addDays(today, -3) })
const deadline = '2027-10-31'
for (const person of [principal, senior, ot]) await makeRegistration(db, person, { expiresOn: deadline })
await makeRegistration(db, lapsed, { expiresOn: addDays(today, -12) })
await makeRegistration(db, leaver, { expiresOn: addDays(today, -40) })
// An account an administrator has closed: its lapsed registration asks nothing of anyone now.
await db.updateTable('app_user').set({ active: false }).where('id', '=', leaver.id).execute()

// The OT's last session was over three months ago, and the action agreed in it is past its date.
await makeSupervisionSession(db, senior, ot, {
  heldOn: addDays(today, -100),
  actions: [{ text: 'Write up the seating reflection', owner: 'supervisee', dueOn: addDays(today, -70) }],
})
await makeSupervisionSession(db, senior, apprentice, { heldOn: addDays(today, -2) })
await makeSupervisionSession(db, senior, upToDate, { heldOn: addDays(today, -2) })
await makeSupervisionSession(db, senior, lapsed, {
  heldOn: addDays(today, -2),
  actions: [{ text: 'Check the HCPC register with Lee', owner: 'supervisor', dueOn: addDays(today, 5) }],
})

// Started 174 days ago with no review: the first was due after 12 weeks, so it is now 90 days overdue.
const startsOn = addDays(today, -174)
const apprenticeshipId = await makeApprenticeship(db, apprentice, principal, {
  startsOn,
  plannedEndOn: addDays(startsOn, 1460),
})

async function tasksOf(user: { id: string }): Promise<HomeTask[]> {
  const outcome = await run(home.loader, getRequest('/'), await contextFor(database, user))
  expect(outcome.status).toBe(200)
  return outcome.data.tasks
}

const byId = (tasks: HomeTask[], id: string) => tasks.find((task) => task.id === id)

describe('home for an OT whose supervision has slipped', () => {
  it('lists the open supervision action and that supervision is behind, both marked overdue in words', async () => {
    const tasks = await tasksOf(ot)
    const action = tasks.find((task) => task.id.startsWith('supervision-action-'))
    expect(action).toMatchObject({
      text: 'Supervision action: Write up the seating reflection',
      dueOn: addDays(today, -70),
      overdue: true,
      when: `Overdue by 70 days (due ${formatUkDate(addDays(today, -70))})`,
      link: { to: '/supervision/me' },
    })
    const behind = byId(tasks, 'own-supervision-due')
    expect(behind).toMatchObject({ overdue: true, link: { to: '/supervision/me' } })
    expect(behind?.text).toMatch(/^Your supervision is behind/)
    expect(behind?.when).toMatch(/^Overdue by \d+ days/)
    expect(tasks.every((task) => task.overdue)).toBe(true)
  })

  it('gives the same due date as the supervision page it links to', async () => {
    const page = await run(supervisionPage.loader, getRequest('/supervision/me'), await contextFor(database, ot), {
      personId: 'me',
    })
    const due = page.data.person.schedule.due
    expect(due.overdue).toBe(true)
    expect(byId(await tasksOf(ot), 'own-supervision-due')).toMatchObject({ dueOn: due.dueOn })
    expect(byId(await tasksOf(ot), 'own-supervision-due')?.when).toContain(`Overdue by ${due.daysOverdue} days`)
  })

  it('points the supervisor at the action’s page when the action is theirs, and counts the overdue supervisee', async () => {
    const tasks = await tasksOf(senior)
    expect(byId(tasks, 'supervision-overdue')?.text).toBe('Supervision is overdue for 1 person.')
    expect(tasks.filter((task) => task.id.startsWith('supervision-action-'))).toEqual([
      expect.objectContaining({
        text: 'Supervision action with Lee Lapsed: Check the HCPC register with Lee',
        dueOn: addDays(today, 5),
        overdue: false,
        when: `Due ${formatUkDate(addDays(today, 5))}`,
        link: { to: `/supervision/${lapsed.id}`, label: 'See Lee Lapsed’s supervision' },
      }),
    ])
  })
})

describe('home for an apprentice who is behind', () => {
  it('lists the off-the-job shortfall and the review 90 days overdue, as the apprenticeship page has them', async () => {
    const tasks = await tasksOf(apprentice)
    const page = await run(
      apprenticeshipPage.loader,
      getRequest(`/apprenticeships/${apprenticeshipId}`),
      await contextFor(database, apprentice),
      { id: apprenticeshipId },
    )
    const { otj, review } = page.data.progress
    expect(review).toMatchObject({ state: 'overdue', daysOverdue: 90 })
    expect(otj.pace).toBe('behind')
    expect(byId(tasks, 'apprenticeship-review')).toMatchObject({
      overdue: true,
      dueOn: review.dueBy,
      when: `Overdue by 90 days (due ${formatUkDate(review.dueBy)})`,
      link: { to: `/apprenticeships/${apprenticeshipId}` },
    })
    expect(byId(tasks, 'apprenticeship-review')?.text).toMatch(
      /^Your apprenticeship progress review is 90 days overdue/,
    )
    expect(byId(tasks, 'apprenticeship-otj')).toMatchObject({
      overdue: true,
      when: `Behind by ${formatHours(otj.shortfallMinutes)} hours`,
      link: { to: `/apprenticeships/${apprenticeshipId}` },
    })
  })
})

describe('home for the principal OT', () => {
  it('puts lapsed registrations of active accounts and people with no supervisor at the top', async () => {
    const tasks = await tasksOf(principal)
    expect(tasks.slice(0, 2).map((task) => task.id)).toEqual(['registrations-lapsed', 'unsupervised-staff'])
    expect(tasks[0]).toMatchObject({
      text: '1 active member of staff has a lapsed HCPC registration: they must not practise as registrants until HCPC readmits them.',
      overdue: true,
      link: { to: '/workforce/registrations?status=lapsed' },
    })
    expect(tasks[1].link?.to).toBe('/workforce#supervision-title')
  })

  it('counts as the pages it links to count', async () => {
    const context = await contextFor(database, principal)
    const tasks = await tasksOf(principal)
    const registrations = await run(
      registrationsPage.loader,
      getRequest('/workforce/registrations?status=lapsed'),
      context,
    )
    expect(registrations.data.rows.map((row: { name: string }) => row.name)).toEqual(['Lee Lapsed'])
    expect(tasks[0].text).toMatch(new RegExp(`^${registrations.data.paging.total} active`))
    const workforce = await run(dashboard.loader, getRequest('/workforce'), context)
    expect(workforce.data.unsupervised.map((person: { name: string }) => person.name)).toContain(alone.name)
    expect(tasks[1].text).toMatch(new RegExp(`^${workforce.data.unsupervisedCount} members? of staff`))
  })
})

describe('home with nothing due', () => {
  it('shows no tasks, so the page says nothing needs attention', async () => {
    expect(await tasksOf(upToDate)).toEqual([])
  })

  it('asks someone with no supervisor to get one linked', async () => {
    expect((await tasksOf(alone)).map((task) => task.id)).toEqual(['no-supervisor'])
  })
})
