import { createHash } from 'node:crypto'
import path from 'node:path'
import url from 'node:url'
import { parseArgs } from 'node:util'
import { type Insertable, type Kysely, type Transaction, sql } from 'kysely'
import type { Role } from '#app/auth/policy'
import { addDays, todayInLondon } from '#app/lib/dates'
import type { ActivityTypeCode } from '#app/models/evidence/evidence.schema'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { syncJobRoles } from '#app/models/people/job-roles.server'
import { latestPossibleExpiry } from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { type AppDatabase, createDatabase } from '#db/index'
import { migrateToLatest } from '#db/migrate'
import type { DB, EvidenceTable } from '#db/schema'
import { getCurrentVersion, listCurrentVersions } from '#app/models/frameworks/frameworks.server'

const ROOT = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
const FRAMEWORK_DATA = path.join(ROOT, 'framework-data')

export const SCALE_MARKER_TEAM = 'scale-data'
const BATCH = 2_000
const TEAM_SIZE = 20
const YEARS = 3
const DAY_MS = 86_400_000

const USAGE = 'npm run data:generate -- --people 2000 --entries 400000 [--seed 42]'

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

type Rng = () => number

/** mulberry32: small, fast and good enough for test data; the same seed always gives the same data. */
function createRng(seed: number): Rng {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]
}

function weighted<T>(rng: Rng, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  let roll = rng() * total
  for (const [value, weight] of choices) {
    roll -= weight
    if (roll < 0) return value
  }
  return choices[choices.length - 1][0]
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

function shuffle<T extends { [i: number]: number; length: number }>(rng: Rng, items: T): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const swap = items[i]
    items[i] = items[j]
    items[j] = swap
  }
  return items
}

/** A version 4 UUID from the seeded generator, so that ids are known before insert and repeat with the seed. */
function uuid(rng: Rng): string {
  const bytes = new Uint8Array(16)
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(rng() * 256)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// ---------------------------------------------------------------------------------------------------------------
// Word lists

function words(text: string): string[] {
  return text.trim().split(/\s+/)
}

const FIRST_NAMES = words(`
  Olivia Amelia Isla Ava Mia Grace Freya Lily Sophie Chloe Emily Hannah Aisha Priya Zara Fatima Niamh
  Siobhan Megan Rhiannon Bethan Ellie Jasmine Leah Ruth Joanne Claire Helen Sarah Rachel Oliver George
  Harry Jack Noah Leo Arthur Oscar Thomas James Daniel Samuel Mohammed Yusuf Ravi Arjun Kwame Tomasz
  Piotr Callum Rhys Owen Dylan Gareth Ian Mark Paul Stephen Andrew David
`)

const LAST_NAMES = words(`
  Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright
  Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper
  Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis
  Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shah
  Khan Begum Hussain Ahmed Ali Singh Kaur Nowak O'Brien Murphy Owusu
`)

const PLACES = words(`
  North South East West Central Riverside Coastal Valley Forest Moorland Harbour Castle Abbey Market
  Bridge Hillside Lakeside Parkway Meadow Kingsway Millbrook Ashford Brookfield Oakwood Westgate
`)

const TEAM_KINDS = [
  'locality OT team',
  'hospital discharge team',
  'reablement team',
  'community equipment and adaptations team',
] as const

/** Job roles in a typical adult social care and community health OT workforce; each team also gets a senior OT. */
const JOB_ROLE_MIX: readonly (readonly [string, number])[] = [
  ['ascw', 36],
  ['ot', 30],
  ['ot-assistant-practitioner', 14],
  ['ot-apprentice', 7],
  ['senior-ot', 9],
  ['advanced-primary-care-ot', 4],
]

/** People who record more or less than average, by role: apprentices log a lot, care workers less. */
const LOGGING_FACTOR: Record<string, number> = {
  ascw: 0.6,
  'ot-apprentice': 1.5,
  'ot-assistant-practitioner': 0.8,
  ot: 1,
  'senior-ot': 1.2,
  'advanced-primary-care-ot': 1.2,
  'principal-ot': 0.8,
}

/** The RCOT Career Development Framework level and Social Care Capabilities level each role usually works at. */
const ROLE_LEVELS: Record<string, { rcot: number; scc: string | null }> = {
  ascw: { rcot: 2, scc: null },
  'ot-apprentice': { rcot: 3, scc: null },
  'ot-assistant-practitioner': { rcot: 4, scc: null },
  ot: { rcot: 5, scc: 'practitioner' },
  'senior-ot': { rcot: 6, scc: 'experienced-practitioner' },
  'advanced-primary-care-ot': { rcot: 7, scc: 'senior-practitioner' },
  'principal-ot': { rcot: 8, scc: 'strategic' },
}

const SUPERVISING_ROLES = new Set(['senior-ot', 'advanced-primary-care-ot', 'principal-ot'])

const ACTIVITY_MIX: readonly (readonly [ActivityTypeCode, number])[] = [
  ['work-based-learning', 35],
  ['professional-activity', 20],
  ['formal-educational', 20],
  ['self-directed', 20],
  ['other', 5],
]

const TOPICS = [
  'falls prevention',
  'moving and handling',
  'hoists and slings',
  'pressure care',
  'seating and posture',
  'housing adaptations',
  'minor adaptations',
  'dementia-friendly environments',
  'sensory processing',
  'hand therapy',
  'hospital discharge planning',
  'reablement',
  'mental capacity assessment',
  'Care Act eligibility',
  'telecare',
  'bathing equipment',
  'stair lifts',
  'wheelchair provision',
  'fatigue management',
  'cognitive assessment',
  'splinting',
  'safeguarding adults',
  'kitchen assessment',
  'strengths-based practice',
  'risk enablement',
  'end of life care',
  'stroke rehabilitation',
  "Parkinson's disease",
  'learning disability',
  'bariatric equipment',
  'carer support',
  'vocational rehabilitation',
  'anxiety management',
  'goal setting',
  'home environment assessment',
  'disabled facilities grants',
  'assistive technology',
  'frailty',
  'positive behaviour support',
  'sleep and routines',
] as const

const COLLEAGUES = [
  'physiotherapist',
  'senior OT',
  'social worker',
  'district nurse',
  'reablement officer',
  'housing officer',
  'speech and language therapist',
  'community matron',
  'trusted assessor',
  'moving and handling adviser',
] as const

const SETTINGS = [
  'in the locality team',
  'on the acute medical ward',
  "in a person's home",
  'online',
  'at the council training centre',
  "at the trust's education centre",
  'in the community equipment store',
  'at a day centre',
  'in a care home',
] as const

const TITLES: Record<ActivityTypeCode, readonly string[]> = {
  'work-based-learning': [
    'Joint visit with the {colleague}: {topic}',
    'Case review: {topic}',
    'Shadowed the {colleague} on {topic}',
    'Peer observation: {topic}',
    'Supervised practice in {topic}',
    'Complex case: {topic}',
  ],
  'professional-activity': [
    'Led a team briefing on {topic}',
    'Journal club: {topic}',
    'Presented at the locality meeting: {topic}',
    'Practice educator for a student placement',
    'Service audit of {topic}',
    'Wrote team guidance on {topic}',
  ],
  'formal-educational': [
    'Course: {topic}',
    'Conference workshop: {topic}',
    'E-learning module: {topic}',
    'University module: {topic}',
    'Mandatory training: {topic}',
    'Study day on {topic}',
  ],
  'self-directed': [
    'Reading: {topic}',
    'Webinar: {topic}',
    'Podcast on {topic}',
    'Reviewed national guidance on {topic}',
    'Research article on {topic}',
  ],
  other: ['Volunteering: {topic}', 'Community event on {topic}', 'Mentoring conversation about {topic}'],
}

const OPENINGS: Record<ActivityTypeCode, readonly string[]> = {
  'work-based-learning': [
    'Joint home visit with the {colleague}',
    'Shadowed the {colleague}',
    'Case discussion with the {colleague}',
    'Observed practice during an assessment',
  ],
  'professional-activity': [
    'Led a team session',
    'Presented a case study',
    'Took part in a service audit',
    'Contributed to the practice development group',
  ],
  'formal-educational': [
    'Attended a one-day course',
    'Completed an accredited e-learning module',
    'Attended a conference workshop',
    'Completed a taught university module',
  ],
  'self-directed': [
    'Read a recent journal article',
    'Watched a recorded webinar',
    'Reviewed national guidance',
    'Listened to a professional podcast',
  ],
  other: ['Volunteered at a community event', 'Had a mentoring conversation', 'Visited an equipment showroom'],
}

const DESCRIPTION_ENDINGS = [
  'It covered assessment, risk and recording.',
  'We discussed how our findings shape the plan.',
  'Notes are kept in my supervision folder.',
  'Certificate of attendance saved.',
  'Followed up with the team the next week.',
  '',
  '',
] as const

const PEOPLE_SEEN = [
  'an older man living alone',
  'a woman with early-stage dementia',
  'a carer supporting her husband',
  'a young adult with a learning disability',
  'a man recovering from a stroke',
  'a woman with multiple sclerosis',
  "a person with Parkinson's disease",
  'a family caring for their mother at home',
  'a man being discharged after a hip fracture',
  'a woman living with chronic pain',
] as const

const SITUATIONS = [
  'was struggling to get in and out of the bath',
  'had fallen twice at night',
  'wanted to return to cooking independently',
  'was at risk of pressure damage',
  'could no longer manage the stairs',
  'needed a safer way to transfer from bed to chair',
  'was anxious about going home from hospital',
  'found the current care plan was not working',
] as const

const APPROACHES = [
  'I completed a home environment assessment with them',
  'we agreed goals together before any equipment was ordered',
  'I talked the options through with my supervisor',
  'I worked alongside the {colleague} to plan the next steps',
  'I tried the equipment with them before ordering it',
] as const

const INSIGHTS = [
  'how small changes to the home environment reduce the risk of falls',
  'that a thorough assessment before ordering equipment saves time later',
  'how to explain risk in plain language',
  'why goals the person sets themselves are more likely to be met',
  'how the evidence has changed in recent years',
  'that carers need support in their own right',
  'how to use a structured tool consistently',
  'the limits of my role and when to ask for advice',
  'how to record clinical reasoning clearly',
] as const

const CHANGES = [
  'ask about routines and sleep at every visit',
  'measure and record before recommending equipment',
  'share a written plan with the person and their carers',
  "check the person's own goals at each review",
  'use the team checklist for {topic}',
  'bring complex cases to supervision sooner',
  'offer a follow-up call two weeks after equipment is delivered',
  'write shorter, clearer reports for the funding panel',
] as const

const BENEFITS = [
  'People stay safer at home and fewer need an emergency admission.',
  'People and carers understand the plan and feel involved in decisions.',
  'Equipment is used as intended, so fewer items come back unused.',
  'Waiting times are shorter because referrals are complete first time.',
  'People regain everyday skills and rely less on care visits.',
  'Carers feel more confident and less strained.',
] as const

function fillIn(rng: Rng, template: string, topic: string): string {
  return template.replace('{topic}', topic).replace('{colleague}', () => pick(rng, COLLEAGUES))
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

// ---------------------------------------------------------------------------------------------------------------
// The plan: who exists and how many entries each person has

interface Options {
  people: number
  entries: number
  seed: number
}

interface Person {
  id: string
  number: string
  name: string
  email: string
  jobRole: string
  teamIndex: number
  roles: Role[]
  entries: number
}

interface Capability {
  id: string
  framework: string
  level: string | null
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      people: { type: 'string' },
      entries: { type: 'string' },
      seed: { type: 'string', default: '42' },
    },
  })
  const whole = (name: string, value: string | undefined, min: number): number => {
    const parsed = Number(value)
    if (value === undefined || !Number.isInteger(parsed) || parsed < min) {
      throw new Error(`--${name} must be a whole number of at least ${min}. Usage: ${USAGE}`)
    }
    return parsed
  }
  return {
    people: whole('people', values.people, 1),
    entries: whole('entries', values.entries, 0),
    seed: whole('seed', values.seed, 0),
  }
}

function planTeams(rng: Rng, count: number): { id: string; code: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const place = PLACES[i % PLACES.length]
    const kind = TEAM_KINDS[Math.floor(i / PLACES.length) % TEAM_KINDS.length]
    const round = Math.floor(i / (PLACES.length * TEAM_KINDS.length))
    return {
      id: uuid(rng),
      code: `scale-${String(i + 1).padStart(3, '0')}`,
      name: `${place} ${kind}${round > 0 ? ` ${round + 1}` : ''}`,
    }
  })
}

/**
 * The first person of each team is its senior OT; then one principal OT for every ten teams; everyone else
 * gets a job role from the usual mix.
 */
function planPeople(rng: Rng, options: Options, teamCount: number): Person[] {
  const principalCount =
    options.people > teamCount ? Math.min(options.people - teamCount, Math.ceil(teamCount / 10)) : 0
  const people: Person[] = []
  for (let i = 0; i < options.people; i++) {
    let jobRole: string
    let teamIndex: number
    if (i < teamCount) {
      jobRole = 'senior-ot'
      teamIndex = i
    } else if (i < teamCount + principalCount) {
      jobRole = 'principal-ot'
      teamIndex = (i - teamCount) * 10
    } else {
      jobRole = weighted(rng, JOB_ROLE_MIX)
      teamIndex = i % teamCount
    }
    const roles: Role[] = ['staff']
    if (SUPERVISING_ROLES.has(jobRole)) roles.push('supervisor')
    if (jobRole === 'principal-ot') roles.push('principal')
    const first = pick(rng, FIRST_NAMES)
    const last = pick(rng, LAST_NAMES)
    const number = String(i + 1).padStart(5, '0')
    people.push({
      id: uuid(rng),
      number,
      name: `${first} ${last}`,
      email: `${first}.${last}.${number}@scale.example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
      jobRole,
      teamIndex,
      roles,
      entries: 0,
    })
  }
  assignEntryCounts(rng, people, options.entries)
  return people
}

/**
 * Spreads entries unevenly, as in a real service: one very busy record keeper (3% of all entries, so that
 * paging through 10,000+ entries can be measured), about 1% prolific people with 10–20 times the average,
 * about 5% with nothing yet, and everyone else around the average, scaled by how much their role tends to log.
 */
function assignEntryCounts(rng: Rng, people: Person[], entries: number): void {
  const order = shuffle(
    rng,
    people.map((_, i) => i),
  )
  const average = entries / people.length
  const busiest = people[order[0]]
  busiest.entries = people.length === 1 ? entries : Math.min(entries, Math.round(entries * 0.03))
  let remaining = entries - busiest.entries
  const prolificCount = people.length >= 3 ? Math.max(1, Math.round(people.length * 0.01)) : 0
  const inactiveCount = people.length >= 20 ? Math.round(people.length * 0.05) : 0
  for (const index of order.slice(1, 1 + prolificCount)) {
    const count = Math.min(remaining, Math.round(average * (10 + 10 * rng())))
    people[index].entries = count
    remaining -= count
  }
  const rest = order.slice(1 + prolificCount + inactiveCount).map((index) => people[index])
  if (rest.length === 0) {
    busiest.entries += remaining
    return
  }
  const weights = rest.map((person) => Math.exp(0.6 * gaussian(rng)) * (LOGGING_FACTOR[person.jobRole] ?? 1))
  const totalWeight = weights.reduce((sum, w) => sum + w, 0)
  let given = 0
  rest.forEach((person, i) => {
    person.entries = Math.floor((remaining * weights[i]) / totalWeight)
    given += person.entries
  })
  for (let left = remaining - given; left > 0; left--) rest[Math.floor(rng() * rest.length)].entries++
}

function capabilitiesFor(all: Capability[], jobRole: string): Capability[] {
  const levels = ROLE_LEVELS[jobRole]
  if (!levels) return all
  const fitting = all.filter(
    (c) =>
      (c.framework === 'rcot-cdf' && (c.level === String(levels.rcot) || c.level === String(levels.rcot - 1))) ||
      (c.framework === 'scc' && levels.scc !== null && c.level === levels.scc),
  )
  return fitting.length > 0 ? fitting : all
}

// ---------------------------------------------------------------------------------------------------------------
// One evidence entry

interface Generated {
  evidence: Insertable<EvidenceTable> & { id: string }
  mappings: { evidence_id: string; capability_id: string }[]
  revision: {
    evidence_id: string
    revision: number
    content: string
    content_hash: string
    event: 'created'
    saved_by: string
    saved_at: Date
  }
}

interface EntryContext {
  today: string
  windowStart: string
  windowDays: number
  now: number
}

function generateEntry(rng: Rng, owner: Person, slot: number, total: number, caps: Capability[], ctx: EntryContext) {
  const id = uuid(rng)
  const draft = rng() < 0.04
  const activityType: ActivityTypeCode | null = draft && rng() < 0.3 ? null : weighted(rng, ACTIVITY_MIX)
  const type = activityType ?? 'other'
  const topic = pick(rng, TOPICS)
  // Entries are written in roughly the order they happened, so one person's rows are spread over the table.
  const day = Math.min(
    ctx.windowDays,
    Math.max(0, Math.floor((slot / Math.max(1, total)) * ctx.windowDays) + int(rng, -5, 5)),
  )
  const startsOn = draft && rng() < 0.4 ? null : addDays(ctx.windowStart, day)
  let endsOn: string | null = null
  let minutes: number | null
  if (type === 'formal-educational') {
    minutes = 15 * int(rng, 4, 28)
    if (startsOn && rng() < 0.2) {
      const days = int(rng, 1, 4)
      endsOn = addDays(startsOn, days)
      minutes += 15 * 28 * days
    }
  } else if (type === 'work-based-learning') {
    minutes = 15 * int(rng, 2, 12)
    if (startsOn && rng() < 0.08) {
      const days = int(rng, 7, 56)
      endsOn = addDays(startsOn, days)
      minutes = 15 * int(rng, 40, 160)
    }
  } else if (type === 'professional-activity') minutes = 15 * int(rng, 2, 8)
  else if (type === 'self-directed') minutes = 15 * int(rng, 1, 8)
  else minutes = 15 * int(rng, 2, 16)
  if (endsOn && endsOn > ctx.today) endsOn = ctx.today
  if (endsOn && startsOn && endsOn <= startsOn) endsOn = null
  if (draft && rng() < 0.5) minutes = null

  const title = fillIn(rng, pick(rng, TITLES[type]), topic)
  const secondTopic = rng() < 0.35 ? ` and ${pick(rng, TOPICS)}` : ''
  const ending = pick(rng, DESCRIPTION_ENDINGS)
  const description = `${fillIn(rng, pick(rng, OPENINGS[type]), topic)} on ${topic}${secondTopic}, ${pick(rng, SETTINGS)}.${ending ? ` ${ending}` : ''}`
  const reflectionWhat =
    rng() < 0.6
      ? `${capitalise(pick(rng, PEOPLE_SEEN))} ${pick(rng, SITUATIONS)}; ${fillIn(rng, pick(rng, APPROACHES), topic)}.`
      : null
  const reflectionLearned = `I learned ${pick(rng, INSIGHTS)}, particularly for ${topic}.`
  const reflectionPractice = `I now ${fillIn(rng, pick(rng, CHANGES), topic)}.`
  const reflectionBenefit = pick(rng, BENEFITS)
  const unfinished = draft && rng() < 0.6

  const mappingCount = weighted(rng, [
    [0, 20],
    [1, 60],
    [2, 15],
    [3, 5],
  ] as const)
  const chosen = new Set<string>()
  for (let i = 0; i < mappingCount && caps.length > 0; i++) chosen.add(pick(rng, caps).id)
  const mappings = [...chosen].map((capabilityId) => ({ capabilityId, note: null }))

  const evidence = {
    id,
    owner_id: owner.id,
    status: draft ? ('draft' as const) : ('complete' as const),
    title,
    activity_type: activityType,
    starts_on: startsOn,
    ends_on: endsOn,
    minutes,
    description: unfinished && rng() < 0.5 ? null : description,
    reflection_what: reflectionWhat,
    reflection_learned: unfinished ? null : reflectionLearned,
    reflection_practice: unfinished ? null : reflectionPractice,
    reflection_benefit: unfinished ? null : reflectionBenefit,
  }
  // The same shape and hash as a first revision written by createEvidence (currentContent and hashContent in
  // app/models/evidence.server.ts): fields, mappings in capability id order, then attachments (none here).
  const content = {
    status: evidence.status,
    title: evidence.title,
    activityType: evidence.activity_type,
    startsOn: evidence.starts_on,
    endsOn: evidence.ends_on,
    minutes: evidence.minutes,
    description: evidence.description,
    reflectionWhat: evidence.reflection_what,
    reflectionLearned: evidence.reflection_learned,
    reflectionPractice: evidence.reflection_practice,
    reflectionBenefit: evidence.reflection_benefit,
    mappings: [...mappings].sort((a, b) => (a.capabilityId < b.capabilityId ? -1 : 1)),
    files: [],
  }
  const json = JSON.stringify(content)
  const hash = createHash('sha256').update(json).digest('hex')
  const activityDay = endsOn ?? startsOn ?? addDays(ctx.windowStart, day)
  const written = Date.parse(`${activityDay}T08:00:00Z`) + int(rng, 0, 10) * DAY_MS + int(rng, 0, 11 * 60) * 60_000
  const createdAt = new Date(Math.min(written, ctx.now - int(rng, 1, 600) * 60_000))

  const generated: Generated = {
    evidence: { ...evidence, content_hash: hash, created_at: createdAt, updated_at: createdAt },
    mappings: mappings.map((m) => ({ evidence_id: id, capability_id: m.capabilityId })),
    revision: {
      evidence_id: id,
      revision: 1,
      content: json,
      content_hash: hash,
      event: 'created',
      saved_by: owner.id,
      saved_at: createdAt,
    },
  }
  return generated
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

async function insertInBatches<T>(
  db: Kysely<DB> | Transaction<DB>,
  rows: T[],
  insert: (db: Kysely<DB> | Transaction<DB>, batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(db, rows.slice(i, i + BATCH))
}

function formatCount(n: number): string {
  return n.toLocaleString('en-GB')
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`
}

async function refuseIfGenerated(db: Kysely<DB>): Promise<void> {
  const marker = await db.selectFrom('team').select('name').where('code', '=', SCALE_MARKER_TEAM).executeTakeFirst()
  if (!marker) return
  throw new Error(
    marker.name.includes('incomplete')
      ? `An earlier run stopped part-way ("${marker.name}"). Start again on a fresh, empty database.`
      : `This database already holds generated scale data ("${marker.name}"). ` +
          'Running again would double it: use a fresh database to generate a different size or seed.',
  )
}

async function generate(database: AppDatabase, options: Options): Promise<void> {
  const { db } = database
  const started = performance.now()
  await migrateToLatest(db, (line) => console.log(`[db] ${line}`))
  await refuseIfGenerated(db)
  await syncJobRoles(db)
  const frameworks = await loadFrameworkData(db, FRAMEWORK_DATA)
  console.log(`Frameworks: ${frameworks.frameworks.map((f) => `${f.file} (${f.status})`).join(', ')}`)

  const rng = createRng(options.seed)
  const label = `${formatCount(options.people)} people, ${formatCount(options.entries)} entries, seed ${options.seed}`
  await db
    .insertInto('team')
    .values({ code: SCALE_MARKER_TEAM, name: `Scale test data (${label}) – incomplete` })
    .execute()

  const teams = planTeams(rng, Math.max(1, Math.ceil(options.people / TEAM_SIZE)))
  const people = planPeople(rng, options, teams.length)
  const windowDays = YEARS * 365
  const today = todayInLondon()
  const windowStart = addDays(today, -windowDays)

  let phase = performance.now()
  await db.transaction().execute(async (trx) => {
    await insertInBatches(trx, teams, (t, batch) => t.insertInto('team').values(batch).execute())
    await insertInBatches(trx, people, (t, batch) =>
      t
        .insertInto('app_user')
        .values(
          batch.map((p) => ({
            id: p.id,
            email: p.email,
            name: p.name,
            job_role_code: p.jobRole,
            team_id: teams[p.teamIndex].id,
            employee_number: `SD${p.number}`,
            created_at: `${addDays(windowStart, -int(rng, 30, 2000))}T09:00:00Z`,
          })),
        )
        .execute(),
    )
    const roles = people.flatMap((p) => p.roles.map((role) => ({ user_id: p.id, role })))
    await insertInBatches(trx, roles, (t, batch) => t.insertInto('user_role').values(batch).execute())
    const links = planSupervision(rng, people, windowStart)
    await insertInBatches(trx, links, (t, batch) => t.insertInto('supervision_link').values(batch).execute())
    console.log(
      `People: ${formatCount(people.length)} in ${formatCount(teams.length)} teams, ` +
        `${formatCount(people.filter((p) => p.roles.includes('supervisor')).length)} supervisors, ` +
        `${formatCount(links.length)} supervision links (${seconds(phase)})`,
    )
  })

  const allCaps = await db
    .selectFrom('capability as c')
    .innerJoin('framework_version as v', 'v.id', 'c.version_id')
    .innerJoin('framework as f', 'f.id', 'v.framework_id')
    .leftJoin('framework_level as l', 'l.id', 'c.level_id')
    .select(['c.id', 'f.code as framework', 'l.code as level'])
    .where(
      'v.id',
      'in',
      (await listCurrentVersions(db)).map((version) => version.id),
    )
    // By code, not id: ids are random per database, and the seed should choose the same capabilities everywhere.
    .orderBy('f.code')
    .orderBy('c.code')
    .execute()
  const capsByRole = new Map<string, Capability[]>()
  for (const person of people) {
    if (!capsByRole.has(person.jobRole)) capsByRole.set(person.jobRole, capabilitiesFor(allCaps, person.jobRole))
  }

  const owners = new Int32Array(options.entries)
  let slot = 0
  people.forEach((person, index) => {
    for (let i = 0; i < person.entries; i++) owners[slot++] = index
  })
  shuffle(rng, owners)

  const ctx: EntryContext = { today, windowStart, windowDays, now: Date.now() }
  phase = performance.now()
  let written = 0
  let mappingRows = 0
  let nextReport = 0.1
  for (let start = 0; start < options.entries; start += BATCH) {
    const batch: Generated[] = []
    for (let i = start; i < Math.min(options.entries, start + BATCH); i++) {
      const owner = people[owners[i]]
      batch.push(generateEntry(rng, owner, i, options.entries, capsByRole.get(owner.jobRole) ?? [], ctx))
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('evidence')
        .values(batch.map((g) => g.evidence))
        .execute()
      const mappings = batch.flatMap((g) => g.mappings)
      if (mappings.length > 0) await trx.insertInto('evidence_capability').values(mappings).execute()
      await trx
        .insertInto('evidence_revision')
        .values(batch.map((g) => g.revision))
        .execute()
      mappingRows += mappings.length
    })
    written += batch.length
    if (written / options.entries >= nextReport - 1e-9 || written === options.entries) {
      const elapsed = (performance.now() - phase) / 1000
      console.log(
        `Evidence: ${formatCount(written).padStart(9)} / ${formatCount(options.entries)} ` +
          `(${Math.round((written / options.entries) * 100)}%), ${formatCount(Math.round(written / elapsed))} entries/s, ` +
          `${elapsed.toFixed(1)} s`,
      )
      while (nextReport <= written / options.entries + 1e-9) nextReport += 0.1
    }
  }

  await generateWorkload(db, options.seed, today)

  phase = performance.now()
  // Fresh statistics and visibility maps: a live database has them from autovacuum, a bulk load does not yet.
  for (const table of [
    'app_user',
    'user_role',
    'supervision_link',
    'evidence',
    'evidence_capability',
    'evidence_revision',
    'supervision_session',
    'supervision_action',
    'hcpc_registration',
    'hcpc_registration_event',
    'signoff_request',
    'signoff_request_evidence',
    'signoff_event',
  ]) {
    await sql`vacuum analyze ${sql.table(table)}`.execute(db)
  }
  console.log(`Vacuum and analyse: ${seconds(phase)}`)

  await db
    .updateTable('team')
    .set({ name: `Scale test data (${label})` })
    .where('code', '=', SCALE_MARKER_TEAM)
    .execute()

  const busiest = people.reduce((top, p) => (p.entries > top.entries ? p : top), people[0])
  console.log(
    `\nDone in ${seconds(started)}: ${formatCount(people.length)} people, ${formatCount(written)} entries, ` +
      `${formatCount(mappingRows)} capability mappings, ${formatCount(written)} revisions.`,
  )
  console.log(`Busiest person: ${busiest.email} (${busiest.name}, ${formatCount(busiest.entries)} entries)`)
  if (busiest.entries < 10_000) {
    console.log('Note: fewer than 10,000 entries for the busiest person; use --entries 400000 to measure deep paging.')
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Supervision sessions, HCPC registrations and capability sign-off, written set-based from the rows above

const SESSION_NOTES = [
  'Talked through the caseload and waiting list; agreed priorities for the next month.',
  'Reflected on a complex discharge and what we would do differently.',
  'Reviewed CPD since last time and mapped two entries to the framework.',
  'Discussed wellbeing and workload; no concerns raised.',
  'Went through a safeguarding concern and the decisions made.',
  'Looked at progress towards the next career development level.',
] as const

const ACTION_TEXTS = [
  'Book the moving and handling refresher',
  'Write a reflection on the joint visit and map it to the framework',
  'Shadow the senior OT on a complex seating assessment',
  'Read the updated falls guidance and bring questions next time',
  'Ask for sign-off of the next level once the evidence is in',
  'Arrange a joint visit with the physiotherapist',
  'Update the equipment competency checklist',
  'Present a case at the team meeting',
] as const

const SIGNOFF_NOTES = [
  'These entries show how I now work at this level.',
  'Discussed with my supervisor, who suggested I ask now.',
  'My reflections show the change in my practice over the year.',
  '',
] as const

const DECISION_COMMENTS: Record<'approved' | 'returned', readonly string[]> = {
  approved: ['The evidence shows this level clearly.', 'Well reflected; agreed in supervision.', ''],
  returned: [
    'Please add an entry that shows you doing this without support.',
    'The reflections need to say what changed in your practice.',
  ],
}

function textArray(list: readonly string[]) {
  return sql`(array[${sql.join(list.map((t) => sql.lit(t)))}]::text[])`
}

/** One of `list`, chosen by a uniform number in [0, 1). */
function choose(list: readonly string[], roll: ReturnType<typeof sql>) {
  return sql`${textArray(list)}[1 + floor(${roll} * ${sql.lit(list.length)})::int]`
}

async function generateWorkload(db: Kysely<DB>, seed: number, today: string) {
  // Deterministic "random" numbers in [0, 1) from a hash of the row's keys, so that the same seed gives the same data.
  const rnd = (...parts: unknown[]) =>
    sql<number>`(('x' || substr(md5(concat_ws(':', ${sql.lit(String(seed))}, ${sql.join(
      parts.map((p) => (typeof p === 'string' ? sql.lit(p) : p)),
    )})), 1, 8))::bit(32)::bigint / 4294967296.0)`
  const idFrom = (...parts: unknown[]) =>
    sql<string>`md5(concat_ws(':', ${sql.lit(String(seed))}, ${sql.join(
      parts.map((p) => (typeof p === 'string' ? sql.lit(p) : p)),
    )}))::uuid`
  const day = sql`${sql.lit(today)}::date`
  const generated = sql`u.employee_number like 'SD%'`
  const counts: string[] = []

  const phase = performance.now()
  await db.transaction().execute(async (trx) => {
    // Each supervisee has met their supervisor 3–6 times in the last year at about the agreed frequency; some are
    // overdue because the last session was a while ago.
    const sessions = await sql`
      insert into supervision_session
        (id, supervisor_id, supervisee_id, held_on, kind, minutes, notes, next_on, recorded_by, created_at, updated_at)
      select ${idFrom('session', sql.ref('l.supervisor_id'), sql.ref('l.supervisee_id'), sql.ref('k'))},
        l.supervisor_id, l.supervisee_id, s.held_on,
        case when ${rnd('kind', sql.ref('l.supervisee_id'), sql.ref('k'))} < 0.6 then 'professional'
          when ${rnd('kind', sql.ref('l.supervisee_id'), sql.ref('k'))} < 0.85 then 'clinical'
          when ${rnd('kind', sql.ref('l.supervisee_id'), sql.ref('k'))} < 0.95 then 'managerial' else 'group' end,
        15 * (3 + floor(${rnd('minutes', sql.ref('l.supervisee_id'), sql.ref('k'))} * 4)::int),
        ${choose(SESSION_NOTES, rnd('notes', sql.ref('l.supervisee_id'), sql.ref('k')))},
        s.held_on + l.frequency_days, l.supervisor_id,
        (s.held_on + time '14:00') at time zone 'Europe/London',
        (s.held_on + time '14:00') at time zone 'Europe/London'
      from supervision_link l
      join app_user u on u.id = l.supervisee_id and ${generated}
      cross join lateral (
        select 3 + floor(${rnd('sessions', sql.ref('l.supervisee_id'))} * 4)::int as n,
          floor(${rnd('lag', sql.ref('l.supervisee_id'))} * 70)::int as lag
      ) p
      cross join lateral generate_series(0, p.n - 1) k
      cross join lateral (
        select ${day} - p.lag - k * l.frequency_days - floor(${rnd('jitter', sql.ref('l.supervisee_id'), sql.ref('k'))} * 7)::int
          as held_on
      ) s
      where s.held_on >= l.starts_on and s.held_on > ${day} - 365`.execute(trx)
    // 1–3 actions per session, mostly the supervisee's; most that are due have been done.
    const actions = await sql`
      insert into supervision_action (session_id, text, position, owner_id, due_on, done_at, done_by, created_at)
      select a.session_id, a.text, a.position, a.owner_id, a.due_on,
        case when a.done then a.done_on + time '10:00' at time zone 'Europe/London' end,
        case when a.done then a.owner_id end,
        a.created_at
      from (
        select s.id as session_id, k as position,
          ${choose(ACTION_TEXTS, rnd('action', sql.ref('s.id'), sql.ref('k')))} as text,
          case when ${rnd('owner', sql.ref('s.id'), sql.ref('k'))} < 0.85 then s.supervisee_id else s.supervisor_id end
            as owner_id,
          s.held_on + 14 + floor(${rnd('due', sql.ref('s.id'), sql.ref('k'))} * 28)::int as due_on,
          s.held_on + floor(${rnd('done-on', sql.ref('s.id'), sql.ref('k'))} * (${day} - s.held_on + 1))::int as done_on,
          (s.held_on + 14 + floor(${rnd('due', sql.ref('s.id'), sql.ref('k'))} * 28)::int < ${day}
            and ${rnd('done', sql.ref('s.id'), sql.ref('k'))} < 0.85)
            or ${rnd('done', sql.ref('s.id'), sql.ref('k'))} < 0.15 as done,
          s.created_at
        from supervision_session s
        join app_user u on u.id = s.supervisee_id and ${generated}
        cross join lateral generate_series(0, floor(${rnd('actions', sql.ref('s.id'))} * 3)::int) k
      ) a`.execute(trx)
    counts.push(
      `${formatCount(Number(sessions.numAffectedRows))} supervision sessions, ` +
        `${formatCount(Number(actions.numAffectedRows))} actions`,
    )
  })

  const profession = hcpcRules().professions.find((p) => p.code === 'OT')
  if (!profession) throw new Error('framework-data/hcpc-registration.json has no OT profession')
  const nextDeadline = latestPossibleExpiry(profession, today)
  const lastDeadline = `${Number(nextDeadline.slice(0, 4)) - profession.cycleYears}${nextDeadline.slice(4)}`
  await db.transaction().execute(async (trx) => {
    // Most registrations run to the next renewal deadline; some end within 90 days, some lapsed at the last
    // deadline or since, and a few people have not recorded theirs yet. Numbers are unique: OT7 + 5 digits.
    const registrations = await sql`
      insert into hcpc_registration (person_id, profession_code, number, first_registered_on, expires_on,
        last_checked_on, last_checked_by, recorded_by, recorded_on, updated_at)
      select p.id, ${profession.code}, ${profession.code} || (700000 + p.n)::text, p.first_on, p.expires_on,
        case when p.checked then p.recorded_on end, case when p.checked then p.checker end,
        p.id, p.recorded_on, p.recorded_on + time '12:00' at time zone 'Europe/London'
      from (
        select q.*, least(q.first_guess, q.expires_on - 400) as first_on,
          greatest(least(q.first_guess, q.expires_on - 400), ${day} - floor(${rnd('recorded', sql.ref('q.id'))} * 500)::int)
            as recorded_on,
          ${rnd('checked', sql.ref('q.id'))} < 0.6 as checked
        from (
          select u.id, row_number() over (order by u.employee_number)::int as n,
            ${day} - 200 - floor(${rnd('first', sql.ref('u.id'))} * 9000)::int as first_guess,
            case when ${rnd('expiry', sql.ref('u.id'))} < 0.06 then ${sql.lit(lastDeadline)}::date
              when ${rnd('expiry', sql.ref('u.id'))} < 0.10 then ${day} - 1 - floor(${rnd('lapsed', sql.ref('u.id'))} * 200)::int
              when ${rnd('expiry', sql.ref('u.id'))} < 0.22 then ${day} + 1 + floor(${rnd('soon', sql.ref('u.id'))} * 90)::int
              else ${sql.lit(nextDeadline)}::date end as expires_on,
            coalesce((select l.supervisor_id from supervision_link l where l.supervisee_id = u.id
              order by l.starts_on desc limit 1), u.id) as checker
          from app_user u
          join job_role j on j.code = u.job_role_code and j.hcpc_registered
          where ${generated} and ${rnd('recorded-at-all', sql.ref('u.id'))} >= 0.04
        ) q
      ) p`.execute(trx)
    await sql`
      insert into hcpc_registration_event
        (person_id, kind, profession_code, number, first_registered_on, expires_on, checked_on, actor_id, at)
      select r.person_id, e.kind, r.profession_code, r.number, r.first_registered_on, r.expires_on,
        case when e.kind = 'checked' then r.last_checked_on end,
        case when e.kind = 'checked' then r.last_checked_by else r.recorded_by end,
        case when e.kind = 'checked' then r.last_checked_on + time '15:00' else r.recorded_on + time '12:00' end
          at time zone 'Europe/London'
      from hcpc_registration r
      join app_user u on u.id = r.person_id and ${generated}
      cross join lateral (values ('recorded', 0), ('checked', 1)) e(kind, ord)
      where e.kind = 'recorded' or r.last_checked_on is not null
      order by r.person_id, e.ord`.execute(trx)
    counts.push(`${formatCount(Number(registrations.numAffectedRows))} HCPC registrations`)
  })

  const rcot = await getCurrentVersion(db, 'rcot-cdf')
  if (rcot) {
    const roleLevel = sql`case u.job_role_code ${sql.join(
      Object.entries(ROLE_LEVELS).map(([code, levels]) => sql`when ${sql.lit(code)} then ${sql.lit(levels.rcot)}`),
      sql` `,
    )} else 4 end`
    await db.transaction().execute(async (trx) => {
      // Each person's complete entries mapped to an RCOT pillar, and the pillars they have evidence for.
      await sql`
        create temporary table scale_eligible on commit drop as
        select distinct e.owner_id, c.domain_id, d.code as domain_code, e.id as evidence_id, e.revision, e.content_hash, e.created_at
        from evidence e
        join app_user u on u.id = e.owner_id and ${generated}
        join evidence_capability ec on ec.evidence_id = e.id
        join capability c on c.id = ec.capability_id and c.version_id = ${rcot.id}
        join framework_domain d on d.id = c.domain_id
        where e.status = 'complete' and e.withdrawn_at is null`.execute(trx)
      await sql`create index on scale_eligible (owner_id, domain_id)`.execute(trx)
      // 4–8 requests per person spread over their pillars, climbing one level at a time from two below the level
      // their role works at. Earlier levels in a pillar are approved; the latest is mostly approved, sometimes
      // waiting, now and then returned.
      await sql`
        create temporary table scale_request on commit drop as
        with pillars as (
          select x.owner_id, x.domain_id, x.domain_code,
            (row_number() over (partition by x.owner_id order by ${rnd('pillar', sql.ref('x.owner_id'), sql.ref('x.domain_code'))}) - 1)::int as p,
            (count(*) over (partition by x.owner_id))::int as np
          from (select distinct owner_id, domain_id, domain_code from scale_eligible) x
        ),
        people as (
          select pl.owner_id, max(pl.np) as np, 4 + floor(${rnd('requests', sql.ref('pl.owner_id'))} * 5)::int as n,
            greatest(1, ${roleLevel} - 2) as base, max(sl.supervisor_id::text)::uuid as supervisor_id
          from pillars pl
          join app_user u on u.id = pl.owner_id
          left join supervision_link sl on sl.supervisee_id = pl.owner_id and sl.ends_on is null
          group by pl.owner_id, u.job_role_code
        ),
        slots as (
          select pe.owner_id, pl.domain_id, pl.domain_code, pe.base + k / pe.np as level, k / pe.np as step,
            (pe.n - 1 - pl.p) / pe.np as last_step, pe.supervisor_id
          from people pe
          cross join lateral generate_series(0, pe.n - 1) k
          join pillars pl on pl.owner_id = pe.owner_id and pl.p = k % pe.np
          where pe.base + k / pe.np <= 9
        ),
        planned as (
          select s.*, ${idFrom('signoff', sql.ref('s.owner_id'), sql.ref('s.domain_code'), sql.ref('s.step'))} as id,
            case when s.step < s.last_step then 'approved'
              when ${rnd('status', sql.ref('s.owner_id'), sql.ref('s.domain_code'))} < 0.17 then 'pending'
              when ${rnd('status', sql.ref('s.owner_id'), sql.ref('s.domain_code'))} < 0.25 then 'returned'
              else 'approved' end as status,
            case when s.step = s.last_step
              then 20 + floor(${rnd('age', sql.ref('s.owner_id'), sql.ref('s.domain_code'))} * 180)::int
              else (s.last_step - s.step + 1) * 150 + floor(${rnd('age', sql.ref('s.owner_id'), sql.ref('s.domain_code'), sql.ref('s.step'))} * 60)::int
            end as age_days
          from slots s
        )
        select p.id, p.owner_id, p.domain_id, p.status, l.id as level_id,
          ${choose(SIGNOFF_NOTES, rnd('note', sql.ref('p.id')))} as note,
          ((${day} - case when p.status = 'pending' then 1 + floor(${rnd('pending', sql.ref('p.id'))} * 40)::int else p.age_days end)
            + time '09:00' + floor(${rnd('minute', sql.ref('p.id'))} * 480) * interval '1 minute') at time zone 'Europe/London'
            as requested_at,
          case when p.status <> 'pending' then coalesce(p.supervisor_id, (select r.user_id from user_role r
            where r.role = 'principal' and r.user_id <> p.owner_id order by r.user_id limit 1)) end as decided_by,
          2 + floor(${rnd('decision', sql.ref('p.id'))} * 17)::int as decision_days
        from planned p
        join framework_level l on l.version_id = ${rcot.id} and l.code = p.level::text`.execute(trx)
      const requests = await sql`
        insert into signoff_request
          (id, requester_id, version_id, domain_id, level_id, status, note, requested_at, decided_at, decided_by)
        select r.id, r.owner_id, ${rcot.id}, r.domain_id, r.level_id, r.status, r.note, r.requested_at,
          case when r.decided_by is not null then r.requested_at + r.decision_days * interval '1 day' end, r.decided_by
        from scale_request r
        where r.status = 'pending' or r.decided_by is not null`.execute(trx)
      // 1–3 entries per request, preferring ones written before the request was made.
      const cited = await sql`
        insert into signoff_request_evidence (request_id, evidence_id, revision, content_hash)
        select c.request_id, c.evidence_id, c.revision, c.content_hash
        from (
          select r.id as request_id, e.evidence_id, e.revision, e.content_hash,
            row_number() over (partition by r.id
              order by e.created_at > r.requested_at, ${rnd('cite', sql.ref('r.id'), sql.ref('e.evidence_id'))}) as rank,
            1 + floor(${rnd('cites', sql.ref('r.id'))} * 3)::int as wanted
          from signoff_request r
          join scale_request sr on sr.id = r.id
          join scale_eligible e on e.owner_id = r.requester_id and e.domain_id = r.domain_id
        ) c
        where c.rank <= c.wanted`.execute(trx)
      await sql`
        insert into signoff_event (request_id, kind, actor_id, at, comment)
        select r.id, 'requested', r.requester_id, r.requested_at, r.note
        from signoff_request r join scale_request sr on sr.id = r.id
        union all
        select r.id, r.status, r.decided_by, r.decided_at,
          case when r.status = 'approved' then ${choose(DECISION_COMMENTS.approved, rnd('comment', sql.ref('r.id')))}
            else ${choose(DECISION_COMMENTS.returned, rnd('comment', sql.ref('r.id')))} end
        from signoff_request r join scale_request sr on sr.id = r.id
        where r.status in ('approved', 'returned')`.execute(trx)
      const byStatus = await sql<{ status: string; n: number }>`
        select r.status, count(*)::int as n from signoff_request r join scale_request sr on sr.id = r.id
        group by r.status order by r.status`.execute(trx)
      counts.push(
        `${formatCount(Number(requests.numAffectedRows))} sign-off requests ` +
          `(${byStatus.rows.map((r) => `${formatCount(r.n)} ${r.status}`).join(', ')}) citing ` +
          `${formatCount(Number(cited.numAffectedRows))} entries`,
      )
    })
  } else {
    counts.push('no sign-off requests: the RCOT Career Development Framework has no published version')
  }
  console.log(`Supervision, registration and sign-off: ${counts.join('; ')} (${seconds(phase)})`)
}

/** Each team's staff are supervised by its senior OTs in turn; senior OTs by the principal OT of their group. */
function planSupervision(rng: Rng, people: Person[], windowStart: string) {
  const principals = people.filter((p) => p.jobRole === 'principal-ot')
  const seniorsByTeam = new Map<number, Person[]>()
  for (const p of people) {
    if (p.jobRole !== 'senior-ot') continue
    seniorsByTeam.set(p.teamIndex, [...(seniorsByTeam.get(p.teamIndex) ?? []), p])
  }
  const links: Insertable<DB['supervision_link']>[] = []
  const turn = new Map<number, number>()
  for (const person of people) {
    let supervisor: Person | undefined
    if (person.jobRole === 'principal-ot') continue
    if (SUPERVISING_ROLES.has(person.jobRole)) {
      supervisor = principals[Math.min(principals.length - 1, Math.floor(person.teamIndex / 10))]
    } else {
      const seniors = seniorsByTeam.get(person.teamIndex) ?? []
      const n = turn.get(person.teamIndex) ?? 0
      turn.set(person.teamIndex, n + 1)
      supervisor = seniors[n % Math.max(1, seniors.length)]
    }
    if (!supervisor || supervisor.id === person.id) continue
    links.push({
      supervisor_id: supervisor.id,
      supervisee_id: person.id,
      starts_on: addDays(windowStart, int(rng, 0, 700)),
      ends_on: null,
      frequency_days: pick(rng, [28, 28, 42]),
    })
  }
  return links
}

async function main(): Promise<void> {
  let options: Options
  try {
    options = readOptions(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
    return
  }
  const target = process.env.DATABASE_URL?.trim()
  if (target === 'pglite://memory') {
    console.error('DATABASE_URL=pglite://memory would be thrown away at exit: point it at PostgreSQL or a folder.')
    process.exitCode = 1
    return
  }
  let database: AppDatabase | undefined
  try {
    database = await createDatabase(target)
    console.log(`Writing to ${database.kind}: ${database.location}`)
    await generate(database, options)
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  } finally {
    await database?.close()
  }
}

await main()
