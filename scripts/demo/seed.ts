import { type Kysely, sql } from 'kysely'
import type { Role } from '#app/auth/policy'
import path from 'node:path'
import { createEvidence } from '#app/models/evidence/evidence.server'
import type { EvidenceInput } from '#app/models/evidence/evidence.schema'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { seedDemoApprenticeships } from './apprenticeships'
import { seedDemoSelfMapping } from './self-mapping'
import { seedDemoSignoffs } from './signoffs'
import { seedDemoSupervision } from './supervision'
import { seedDemoTrends } from './trends'
import { syncJobRoles } from '#app/models/people/job-roles.server'
import { linkSupervision } from '#app/models/supervision/links.server'
import { addDays, todayInLondon } from '#app/lib/dates'
import { findProfession, latestPossibleExpiry, nextWindow } from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { markRegistrationChecked, saveRegistration } from '#app/models/registration/registration.server'
import { ensureTeam } from '#app/models/people/teams.server'
import { seedDemoPeopleAdmin } from './people-admin'
import { createUser } from '#app/models/people/users.server'
import type { DB } from '#db/schema'
import { getCurrentVersion } from '#app/models/frameworks/frameworks.server'
import { projectRoot } from '#scripts/lib/root'

const FRAMEWORK_DATA = path.join(projectRoot(), 'framework-data')

export const DEFAULT_DEMO_PASSWORD = 'demo-portal-2026'

export interface DemoLogin {
  role: string
  name: string
  email: string
}

/** One sign-in per kind of user; everyone else in the demo service has no password. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { role: 'Staff (occupational therapist)', name: 'Olivia Bennett', email: 'ot@example.org' },
  { role: 'Staff (OT degree apprentice)', name: 'Aisha Khan', email: 'apprentice@example.org' },
  { role: 'Supervisor (senior OT)', name: 'Sam Patel', email: 'senior@example.org' },
  { role: 'Principal OT', name: 'Priya Shah', email: 'principal@example.org' },
  { role: 'Administrator', name: 'Alex Morgan', email: 'admin@example.org' },
]

const TEAMS = [
  { code: 'north', name: 'North locality OT team' },
  { code: 'south', name: 'South locality OT team' },
  { code: 'hospital', name: 'Hospital discharge and reablement team' },
] as const

type TeamCode = (typeof TEAMS)[number]['code']

interface DemoPerson {
  name: string
  email?: string
  jobRole: string | null
  team: TeamCode | null
  roles: Role[]
  employeeNumber?: string
}

const STAFF: Role[] = ['staff']
const SENIOR: Role[] = ['staff', 'supervisor']

const PEOPLE: DemoPerson[] = [
  {
    name: 'Priya Shah',
    email: 'principal@example.org',
    jobRole: 'principal-ot',
    team: 'north',
    roles: ['staff', 'supervisor', 'principal'],
  },
  { name: 'Alex Morgan', email: 'admin@example.org', jobRole: null, team: null, roles: ['admin'] },
  { name: 'Sam Patel', email: 'senior@example.org', jobRole: 'senior-ot', team: 'north', roles: SENIOR },
  { name: 'Olivia Bennett', email: 'ot@example.org', jobRole: 'ot', team: 'north', roles: STAFF },
  { name: 'Tom Hughes', jobRole: 'ot', team: 'north', roles: STAFF },
  { name: 'Grace Owusu', jobRole: 'ot', team: 'north', roles: STAFF },
  { name: 'Mark Davies', jobRole: 'ot-assistant-practitioner', team: 'north', roles: STAFF },
  { name: 'Jade Wilson', jobRole: 'ascw', team: 'north', roles: STAFF },
  { name: 'Ben Carter', jobRole: 'ascw', team: 'north', roles: STAFF },
  { name: 'Aisha Khan', email: 'apprentice@example.org', jobRole: 'ot-apprentice', team: 'north', roles: STAFF },
  { name: 'Rachel Green', jobRole: 'senior-ot', team: 'south', roles: SENIOR },
  { name: 'Daniel Murphy', jobRole: 'ot', team: 'south', roles: STAFF },
  { name: 'Hannah Lee', jobRole: 'ot', team: 'south', roles: STAFF },
  { name: 'Chloe Evans', jobRole: 'ot', team: 'south', roles: STAFF },
  { name: 'Ryan Scott', jobRole: 'ot-assistant-practitioner', team: 'south', roles: STAFF },
  { name: 'Emma Clarke', jobRole: 'ascw', team: 'south', roles: STAFF },
  { name: 'Liam Walker', jobRole: 'ascw', team: 'south', roles: STAFF },
  { name: 'Sophie Turner', jobRole: 'ot-apprentice', team: 'south', roles: STAFF },
  { name: 'Nadia Rahman', jobRole: 'senior-ot', team: 'hospital', roles: SENIOR },
  { name: 'James Wright', jobRole: 'ot', team: 'hospital', roles: STAFF },
  { name: 'Lucy Hall', jobRole: 'ot', team: 'hospital', roles: STAFF },
  { name: 'Owen Roberts', jobRole: 'ot', team: 'hospital', roles: STAFF },
  { name: 'Fiona Campbell', jobRole: 'advanced-primary-care-ot', team: 'hospital', roles: STAFF },
  { name: 'Kieran Lewis', jobRole: 'ot-assistant-practitioner', team: 'hospital', roles: STAFF },
  { name: 'Megan Price', jobRole: 'ascw', team: 'hospital', roles: STAFF },
]

/** [supervisor, supervisee, from, to]; Daniel Murphy changed supervisor, so his history has two links. */
const LINKS: [string, string, string, string | null][] = [
  ['Priya Shah', 'Sam Patel', '2024-04-01', null],
  ['Priya Shah', 'Rachel Green', '2024-04-01', null],
  ['Priya Shah', 'Nadia Rahman', '2024-04-01', null],
  ['Priya Shah', 'Fiona Campbell', '2025-01-06', null],
  ...['Olivia Bennett', 'Tom Hughes', 'Grace Owusu', 'Mark Davies', 'Jade Wilson', 'Ben Carter', 'Aisha Khan'].map(
    (name): [string, string, string, null] => ['Sam Patel', name, '2025-02-03', null],
  ),
  ['Nadia Rahman', 'Daniel Murphy', '2024-09-02', '2025-08-31'],
  ['Rachel Green', 'Daniel Murphy', '2025-09-01', null],
  ...['Hannah Lee', 'Chloe Evans', 'Ryan Scott', 'Emma Clarke', 'Liam Walker', 'Sophie Turner'].map(
    (name): [string, string, string, null] => ['Rachel Green', name, '2025-03-03', null],
  ),
  ...['James Wright', 'Lucy Hall', 'Owen Roberts', 'Kieran Lewis'].map((name): [string, string, string, null] => [
    'Nadia Rahman',
    name,
    '2025-05-06',
    null,
  ]),
]

function emailFor(person: DemoPerson): string {
  return person.email ?? `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`
}

/**
 * Creates the demo service: three teams (and a closed, archived one), 25 people (and a leaver), supervision links and
 * one sign-in per kind of user.
 * Running it again adds only what is missing. Returns whether anything was written.
 */
export async function seedDemo(
  db: Kysely<DB>,
  options: { onlyIfEmpty?: boolean; password?: string } = {},
): Promise<boolean> {
  if (options.onlyIfEmpty) {
    const existing = await db
      .selectFrom('app_user')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    if (existing.n > 0) return false
  }
  await syncJobRoles(db)
  await loadFrameworkData(db, FRAMEWORK_DATA)
  const password = options.password ?? DEFAULT_DEMO_PASSWORD
  const teamIds = new Map<TeamCode, string>()
  for (const team of TEAMS) teamIds.set(team.code, await ensureTeam(db, team))

  const known = new Map(
    (
      await db
        .selectFrom('app_user')
        .select(['id', sql<string>`lower(email)`.as('email')])
        .execute()
    ).map((row) => [row.email, row.id]),
  )
  const ids = new Map<string, string>()
  let wrote = false
  for (const [index, person] of PEOPLE.entries()) {
    const email = emailFor(person)
    let id = known.get(email.toLowerCase())
    if (!id) {
      id = await createUser(db, {
        email,
        name: person.name,
        jobRoleCode: person.jobRole,
        teamId: person.team ? (teamIds.get(person.team) ?? null) : null,
        employeeNumber: `E${String(10001 + index)}`,
        roles: person.roles,
        password: person.email ? password : undefined,
      })
      wrote = true
    }
    ids.set(person.name, id)
  }

  for (const [supervisor, supervisee, startsOn, endsOn] of LINKS) {
    const supervisorId = ids.get(supervisor)!
    const superviseeId = ids.get(supervisee)!
    const exists = await db
      .selectFrom('supervision_link')
      .select('id')
      .where('supervisor_id', '=', supervisorId)
      .where('supervisee_id', '=', superviseeId)
      .where('starts_on', '=', startsOn)
      .executeTakeFirst()
    if (exists) continue
    await linkSupervision(db, { supervisorId, superviseeId, startsOn, endsOn })
    wrote = true
  }
  if (await seedDemoEvidence(db, ids)) wrote = true
  if (await seedDemoSignoffs(db, ids)) wrote = true
  if (await seedDemoSelfMapping(db, ids)) wrote = true
  if (await seedDemoSupervision(db, ids)) wrote = true
  if (await seedDemoApprenticeships(db, ids)) wrote = true
  if (await seedDemoRegistrations(db, ids)) wrote = true
  // Last: the invented history is drawn from where the service stands once everything above is in place.
  if (await seedDemoTrends(db)) wrote = true
  // After the history: the closed team had gone before the months it invents.
  if (await seedDemoPeopleAdmin(db)) wrote = true
  return wrote
}

type DemoEntry = Omit<EvidenceInput, 'mappings'> & { capabilities: string[] }

const BLANK = {
  endsOn: null,
  reflectionWhat: null,
} as const

/** A CPD log for the demo OT and apprentice, so that the log, totals and capability maps have something to show. */
const DEMO_EVIDENCE: Record<string, DemoEntry[]> = {
  'ot@example.org': [
    {
      ...BLANK,
      status: 'complete',
      title: 'Moving and handling refresher: hoists and slings',
      activityType: 'formal-educational',
      startsOn: '2026-10-08',
      minutes: 210,
      description: 'Half-day practical course run by the council’s moving and handling lead.',
      reflectionLearned: 'How sling size and loop configuration change posture and comfort during a transfer.',
      reflectionPractice: 'I now measure before recommending a sling and record the loop settings in the care plan.',
      reflectionBenefit:
        'Transfers are more comfortable and carers follow one clear method, which lowers the risk of falls.',
      capabilities: ['5PP'],
    },
    {
      ...BLANK,
      status: 'complete',
      title: 'Supervised a second-year OT student on placement',
      activityType: 'work-based-learning',
      startsOn: '2026-06-01',
      endsOn: '2026-07-24',
      minutes: 1200,
      description: 'Practice educator for an eight-week placement in the north locality team.',
      reflectionLearned: 'Structured feedback after each joint visit helped the student more than a weekly summary.',
      reflectionPractice: 'I plan visits so that the student leads part of each assessment with me observing.',
      reflectionBenefit: 'People received thorough assessments while a future OT built confidence safely.',
      capabilities: ['5FL'],
    },
    {
      ...BLANK,
      status: 'complete',
      title: 'Journal club: tilt-in-space seating and pressure care',
      activityType: 'professional-activity',
      startsOn: '2026-03-12',
      minutes: 60,
      description: 'Led the team journal club on a recent review of tilt-in-space seating.',
      reflectionLearned: 'The evidence for tilt reducing pressure is stronger for longer sitting times.',
      reflectionPractice: 'I now ask about sitting time at every seating review.',
      reflectionBenefit: 'Seating recommendations fit how long people actually sit, protecting their skin.',
      capabilities: ['5ERD', '5PP'],
    },
    {
      ...BLANK,
      status: 'complete',
      title: 'Reading: Care Act eligibility and strengths-based practice',
      activityType: 'self-directed',
      startsOn: '2025-11-20',
      minutes: 90,
      description: 'Read the statutory guidance chapter on eligibility and two practice notes.',
      reflectionLearned: 'Eligibility outcomes must link each need to its impact on wellbeing.',
      reflectionPractice: 'My assessments now record the wellbeing impact for every need.',
      reflectionBenefit: 'Decisions are clearer for people and their carers, and easier to review.',
      capabilities: [],
    },
    {
      ...BLANK,
      status: 'draft',
      title: 'Shadowing the housing adaptations surveyor',
      activityType: 'work-based-learning',
      startsOn: null,
      minutes: null,
      description: null,
      reflectionLearned: null,
      reflectionPractice: null,
      reflectionBenefit: null,
      capabilities: [],
    },
  ],
  'apprentice@example.org': [
    {
      ...BLANK,
      status: 'complete',
      title: 'University module: occupation and wellbeing',
      activityType: 'formal-educational',
      startsOn: '2026-09-30',
      minutes: 360,
      description: 'Taught module day on models of occupation.',
      reflectionLearned: 'How to use an occupational model to structure an initial conversation.',
      reflectionPractice: 'I use the model’s prompts when I gather a person’s history.',
      reflectionBenefit: 'People talk about what matters to them, not only about equipment.',
      capabilities: ['3PP'],
    },
  ],
}

async function seedDemoEvidence(db: Kysely<DB>, ids: Map<string, string>): Promise<boolean> {
  const capabilityIds = new Map(
    (
      await db
        .selectFrom('capability')
        .select(['id', 'code'])
        .where('version_id', '=', (await getCurrentVersion(db, 'rcot-cdf'))?.id ?? null)
        .execute()
    ).map((row) => [row.code, row.id]),
  )
  let wrote = false
  for (const [email, entries] of Object.entries(DEMO_EVIDENCE)) {
    const person = PEOPLE.find((p) => p.email === email)!
    const ownerId = ids.get(person.name)!
    const existing = await db.selectFrom('evidence').select('id').where('owner_id', '=', ownerId).executeTakeFirst()
    if (existing) continue
    for (const { capabilities, ...entry } of entries) {
      const mappings = capabilities
        .filter((code) => capabilityIds.has(code))
        .map((code) => ({ capabilityId: capabilityIds.get(code)!, note: null }))
      await createEvidence(db, { ownerId, evidence: { ...entry, mappings } })
      wrote = true
    }
  }
  return wrote
}

export function describeDemoLogins(password: string = DEFAULT_DEMO_PASSWORD): string {
  const width = Math.max(...DEMO_LOGINS.map((login) => login.role.length))
  const rows = DEMO_LOGINS.map((login) => `  ${login.role.padEnd(width)}  ${login.email.padEnd(24)} (${login.name})`)
  return ['Demo sign-ins (password for each: ' + password + '):', ...rows].join('\n')
}

/**
 * HCPC registrations for the registered demo staff, dated from the day of seeding so that each status shows:
 * lapsed, ending within 30/60/90 days, a renewal window (open if one is open that day; otherwise its dates are
 * shown), registered and checked, and one OT with nothing recorded. Apprentices and assistants have none.
 */
async function seedDemoRegistrations(
  db: Kysely<DB>,
  ids: Map<string, string>,
  today: string = todayInLondon(),
): Promise<boolean> {
  const ot = findProfession(hcpcRules(), 'OT')!
  const deadline = latestPossibleExpiry(ot, today)
  const window = nextWindow(ot, today)
  const plan: [name: string, number: string, firstRegisteredOn: string, expiresOn: string, checked: boolean][] = [
    ['Priya Shah', 'OT31207', '2006-09-01', deadline, true],
    ['Sam Patel', 'OT52418', '2012-10-15', deadline, true],
    ['Olivia Bennett', 'OT71845', '2019-09-16', deadline, true],
    ['Tom Hughes', 'OT73301', '2020-01-06', addDays(today, 25), true],
    ['Grace Owusu', 'OT69952', '2018-10-01', addDays(today, -12), true],
    ['Rachel Green', 'OT48810', '2011-08-22', deadline, true],
    ['Daniel Murphy', 'OT80214', '2021-09-13', addDays(today, 55), true],
    ['Hannah Lee', 'OT80977', '2021-10-04', window ? window.closes : deadline, false],
    ['Chloe Evans', 'OT84420', '2023-09-18', addDays(today, 80), true],
    ['Nadia Rahman', 'OT55123', '2013-09-02', deadline, true],
    ['James Wright', 'OT86005', '2024-01-08', deadline, true],
    ['Owen Roberts', 'OT87390', '2025-09-15', deadline, false],
    ['Fiona Campbell', 'OT40776', '2009-09-07', deadline, true],
  ]
  const priya = ids.get('Priya Shah')!
  const alex = ids.get('Alex Morgan')!
  let wrote = false
  for (const [name, number, firstRegisteredOn, expiresOn, checked] of plan) {
    const personId = ids.get(name)!
    const existing = await db
      .selectFrom('hcpc_registration')
      .select('person_id')
      .where('person_id', '=', personId)
      .executeTakeFirst()
    if (existing) continue
    await saveRegistration(db, { personId, actorId: personId, form: { number, firstRegisteredOn, expiresOn }, today })
    if (checked) await markRegistrationChecked(db, { personId, actorId: personId === priya ? alex : priya, today })
    wrote = true
  }
  return wrote
}
