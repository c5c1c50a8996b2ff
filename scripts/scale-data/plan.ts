import { parseArgs } from 'node:util'
import type { Role } from '#app/auth/policy'
import type { ActivityTypeCode } from '#app/models/evidence/evidence.schema'
import { type Rng, gaussian, pick, shuffle, uuid, weighted } from './random'
import { FIRST_NAMES, LAST_NAMES, PLACES } from './words'

export const TEAM_SIZE = 20

const USAGE = 'npm run data:generate -- --people 2000 --entries 400000 [--seed 42]'

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
export const ROLE_LEVELS: Record<string, { rcot: number; scc: string | null }> = {
  ascw: { rcot: 2, scc: null },
  'ot-apprentice': { rcot: 3, scc: null },
  'ot-assistant-practitioner': { rcot: 4, scc: null },
  ot: { rcot: 5, scc: 'practitioner' },
  'senior-ot': { rcot: 6, scc: 'experienced-practitioner' },
  'advanced-primary-care-ot': { rcot: 7, scc: 'senior-practitioner' },
  'principal-ot': { rcot: 8, scc: 'strategic' },
}

export const SUPERVISING_ROLES = new Set(['senior-ot', 'advanced-primary-care-ot', 'principal-ot'])

export const ACTIVITY_MIX: readonly (readonly [ActivityTypeCode, number])[] = [
  ['work-based-learning', 35],
  ['professional-activity', 20],
  ['formal-educational', 20],
  ['self-directed', 20],
  ['other', 5],
]

// ---------------------------------------------------------------------------------------------------------------
// The plan: who exists and how many entries each person has

export interface Options {
  people: number
  entries: number
  seed: number
}

export interface Person {
  id: string
  number: string
  name: string
  email: string
  jobRole: string
  teamIndex: number
  roles: Role[]
  entries: number
}

export interface Capability {
  id: string
  framework: string
  level: string | null
}

export function readOptions(argv: string[]): Options {
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

export function planTeams(rng: Rng, count: number): { id: string; code: string; name: string }[] {
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
export function planPeople(rng: Rng, options: Options, teamCount: number): Person[] {
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

export function capabilitiesFor(all: Capability[], jobRole: string): Capability[] {
  const levels = ROLE_LEVELS[jobRole]
  if (!levels) return all
  const fitting = all.filter(
    (c) =>
      (c.framework === 'rcot-cdf' && (c.level === String(levels.rcot) || c.level === String(levels.rcot - 1))) ||
      (c.framework === 'scc' && levels.scc !== null && c.level === levels.scc),
  )
  return fitting.length > 0 ? fitting : all
}
