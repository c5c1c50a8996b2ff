import { describe, expect, it } from 'vitest'
import { addDays } from '#app/lib/dates'
import { offTheJobProgress, reviewProgress } from '#app/models/apprenticeship/progress.rules'
import { checkAuditReadiness } from '#app/models/cpd-profile/cpd-profile.rules'
import { type HomeFacts, listHomeTasks } from '#app/models/home/tasks.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { type RegistrationFacts, assessRegistration } from '#app/models/registration/registration.rules'
import { SUPERVISION_FREQUENCY } from '#app/models/supervision/frequency.data'
import { stageWindows, supervisionDue } from '#app/models/supervision/supervision.rules'

const today = '2026-12-02'
const staff = { id: 'me', roles: ['staff' as const] }
const base: HomeFacts = { hasSupervisor: true, peopleWithoutSupervisor: null }
const windows = stageWindows(SUPERVISION_FREQUENCY, 'ot', null)

function registration(overrides: Partial<RegistrationFacts>, on = today) {
  const record: RegistrationFacts = {
    professionCode: 'OT',
    number: 'OT12345',
    firstRegisteredOn: '2015-09-01',
    expiresOn: '2027-10-31',
    lastCheckedOn: '2026-01-10',
    recordedOn: '2026-01-10',
    ...overrides,
  }
  return {
    standing: assessRegistration(hcpcRules(), { required: true, record }, on),
    expiresOn: record.expiresOn,
  }
}

const programme = { startsOn: '2025-01-06', plannedEndOn: '2029-01-05', weeklyMinutes: 2250, gatewayOn: null }
function apprenticeship(loggedMinutes: number, lastReviewOn: string | null) {
  const facts = { ...programme, endedOn: null, breaks: [] }
  return {
    id: 'app-1',
    otj: offTheJobProgress(facts, loggedMinutes, today),
    review: reviewProgress(
      {
        status: 'on-programme',
        startsOn: programme.startsOn,
        breaks: [],
        lastReview: lastReviewOn ? { heldOn: lastReviewOn, nextOn: null } : null,
      },
      today,
    ),
  }
}

describe('the order of home tasks', () => {
  it('puts service-wide gaps first, then overdue tasks by date, then by date, then the undated', () => {
    const tasks = listHomeTasks(
      { id: 'me', roles: ['staff', 'supervisor', 'principal'] },
      {
        ...base,
        peopleWithoutSupervisor: 2,
        lapsedRegistrations: 1,
        signoffsToReview: { count: 1, oldestDays: 3 },
        ownActions: [
          {
            id: 'later',
            text: 'Book the seating course',
            dueOn: '2026-12-20',
            superviseeId: 'me',
            superviseeName: 'Me',
          },
          { id: 'undated', text: 'Read the policy', dueOn: null, superviseeId: 'me', superviseeName: 'Me' },
          { id: 'late', text: 'Write the reflection', dueOn: '2026-11-20', superviseeId: 'me', superviseeName: 'Me' },
          { id: 'soon', text: 'Ask for feedback', dueOn: '2026-12-05', superviseeId: 'me', superviseeName: 'Me' },
        ],
        ownRegistration: registration({ expiresOn: '2026-10-31' }),
      },
      today,
    )
    expect(tasks.map((t) => t.id)).toEqual([
      'registrations-lapsed',
      'unsupervised-staff',
      'own-registration',
      'supervision-action-late',
      'supervision-action-soon',
      'supervision-action-later',
      'supervision-action-undated',
      'signoffs-to-review',
    ])
    expect(tasks.filter((t) => t.overdue).map((t) => t.when)).toEqual([
      'Overdue: lapsed',
      'Overdue: lapsed after 31 Oct 2026',
      'Overdue by 12 days (due 20 Nov 2026)',
    ])
    expect(tasks.find((t) => t.id === 'unsupervised-staff')?.link?.to).toBe('/workforce#supervision-title')
  })
})

describe('supervision on home', () => {
  it('says in words that supervision is behind, with the date it was due', () => {
    const due = supervisionDue(windows, { lastHeldOn: '2026-09-01', supervisedSince: '2025-01-01' }, today)
    expect(due.overdue).toBe(true)
    const [task] = listHomeTasks(staff, { ...base, ownSupervisionDue: due }, today)
    expect(task).toMatchObject({ id: 'own-supervision-due', dueOn: due.dueOn, overdue: true })
    expect(task.text).toMatch(/^Your supervision is behind: a session was due by \d+ \w+ 2026\./)
    expect(task.when).toBe(`Overdue by ${due.daysOverdue} days (due ${task.text.match(/due by ([^.]+)\./)![1]})`)
    expect(task.link).toEqual({ to: '/supervision/me', label: 'See your supervision' })
  })

  it('shows the next session only once it is close', () => {
    const soon = supervisionDue(windows, { lastHeldOn: addDays(today, -25), supervisedSince: '2025-01-01' }, today)
    const far = supervisionDue(windows, { lastHeldOn: addDays(today, -1), supervisedSince: '2025-01-01' }, today)
    expect(listHomeTasks(staff, { ...base, ownSupervisionDue: soon }, today).map((t) => t.when)).toEqual([
      expect.stringMatching(/^Due \d+ \w+ 20\d\d$/),
    ])
    expect(listHomeTasks(staff, { ...base, ownSupervisionDue: far }, today)).toEqual([])
  })

  it('links an action agreed with a supervisee to that person’s supervision page', () => {
    const [task] = listHomeTasks(
      { id: 'sup', roles: ['staff', 'supervisor'] },
      {
        ...base,
        ownActions: [{ id: 'a', text: 'Review the claim', dueOn: null, superviseeId: 'p1', superviseeName: 'Olivia' }],
      },
      today,
    )
    expect(task).toMatchObject({
      text: 'Supervision action with Olivia: Review the claim',
      when: 'No due date',
      link: { to: '/supervision/p1', label: 'See Olivia’s supervision' },
    })
  })
})

describe('HCPC renewal and the CPD profile on home', () => {
  it('says nothing while the renewal window is far off, and gives both dates once it is near', () => {
    const far = registration({ expiresOn: '2027-10-31' })
    expect(listHomeTasks(staff, { ...base, ownRegistration: far, renewalNoticeDays: 90 }, today)).toEqual([])
    const near = registration({ expiresOn: '2027-10-31' }, '2027-06-01')
    const [task] = listHomeTasks(staff, { ...base, ownRegistration: near, renewalNoticeDays: 90 }, '2027-06-01')
    expect(task.text).toBe('Your HCPC renewal window opens on 1 Aug 2027 and closes on 31 Oct 2027.')
    expect(task).toMatchObject({ dueOn: '2027-10-31', when: 'Due 31 Oct 2027', overdue: false })
  })

  it('asks for renewal while the window is open, and lists what the CPD profile still lacks', () => {
    const open = registration({ expiresOn: '2027-10-31' }, '2027-09-01')
    const readiness = checkAuditReadiness({
      activities: [],
      gaps: [],
      explainedGaps: new Set(),
      summary: '',
      statement: '',
      chosenIds: new Set(),
    })
    const tasks = listHomeTasks(
      staff,
      { ...base, ownRegistration: open, cpdReadiness: readiness, renewalNoticeDays: 90 },
      '2027-09-01',
    )
    expect(tasks.map((t) => t.id)).toEqual(['own-registration', 'cpd-profile'])
    expect(tasks[1]).toMatchObject({
      text: 'Your CPD profile is not ready for an HCPC audit at renewal: 4 of 5 standards need work.',
      link: { to: '/cpd-profile', label: 'Work on your CPD profile' },
      dueOn: '2027-10-31',
    })
    expect(tasks[1].details).toContain('No complete CPD entries in this period')
    expect(tasks[1].details).toContain('No summary of practice history yet')
  })
})

describe('apprenticeship tasks on home', () => {
  it('tells an apprentice they are behind on off-the-job hours and how late their review is', () => {
    const tasks = listHomeTasks(
      staff,
      { ...base, apprenticeship: apprenticeship(60 * 60, addDays(today, -174)) },
      today,
    )
    expect(tasks.map((t) => t.id)).toEqual(['apprenticeship-review', 'apprenticeship-otj'])
    expect(tasks[0].text).toMatch(/^Your apprenticeship progress review is 90 days overdue: it was due by 3 Sep 2026\./)
    expect(tasks[0].when).toBe('Overdue by 90 days (due 3 Sep 2026)')
    expect(tasks[1].text).toMatch(
      /^You are behind on off-the-job hours: 60 hours logged of \d+(\.\d+)? hours expected by now\./,
    )
    expect(tasks[1]).toMatchObject({ overdue: true, link: { to: '/apprenticeships/app-1' } })
    expect(tasks[1].when).toMatch(/^Behind by \d+(\.\d+)? hours$/)
  })

  it('has nothing for an apprentice on pace with a review not yet due', () => {
    const required = apprenticeship(0, null).otj.requiredMinutes
    expect(
      listHomeTasks(staff, { ...base, apprenticeship: apprenticeship(required, addDays(today, -7)) }, today),
    ).toEqual([])
  })
})

describe('sign-offs to ask for again', () => {
  it('opens a single returned request directly, and lists several', () => {
    const [one] = listHomeTasks(staff, { ...base, signoffsReturned: ['r1'] }, today)
    expect(one).toMatchObject({
      text: 'A sign-off request was returned with comments: read them, then ask again.',
      link: { to: '/signoffs/r1', label: 'Read the comments and ask again' },
    })
    const [many] = listHomeTasks(staff, { ...base, signoffsReturned: ['r1', 'r2'] }, today)
    expect(many.text).toBe('2 sign-off requests were returned with comments: read them, then ask again.')
    expect(many.link?.to).toBe('/signoffs#own-title')
  })
})
