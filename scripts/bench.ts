import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import url from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { createLucia } from '#app/auth/session.server'
import { type Env, parseEnv } from '#app/lib/env.server'
import { todayInLondon } from '#app/lib/dates'
import { buildIfStale } from '#scripts/lib/build'
import type { RunningServer } from './server'

const ROOT = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
const TARGET_MEDIAN_MS = 100
const USAGE =
  'npm run bench -- [--duration SECONDS] [--amount REQUESTS] [--connections N] [--query WORD]\n' +
  'DATABASE_URL must point at a database filled by `npm run data:generate`.'

type Who = 'anonymous' | 'busiest' | 'average' | 'supervisor' | 'principal'
const SIGNED_IN: readonly Exclude<Who, 'anonymous'>[] = ['busiest', 'average', 'supervisor', 'principal']
/** The trivial page every other figure is read against: the machine is shared, so absolute figures drift. */
const FLOOR = 'sign-in page'

interface Scenario {
  name: string
  who: Who
  path: string
}

function scenarios(word: string, yearAgo: string, teamCode: string, personId: string): Scenario[] {
  const q = encodeURIComponent(word)
  const team = encodeURIComponent(teamCode)
  return [
    { name: FLOOR, who: 'anonymous', path: '/login' },
    { name: 'log page 1', who: 'busiest', path: '/evidence' },
    { name: 'log page 1', who: 'average', path: '/evidence' },
    { name: 'log page 300', who: 'busiest', path: '/evidence?page=300' },
    { name: `search "${word}"`, who: 'busiest', path: `/evidence?q=${q}` },
    {
      name: `search "${word}", formal, from ${yearAgo}`,
      who: 'busiest',
      path: `/evidence?q=${q}&type=formal-educational&from=${yearAgo}`,
    },
    { name: 'CPD profile', who: 'average', path: '/cpd-profile' },
    { name: 'capability profile', who: 'average', path: '/capabilities' },
    { name: 'sign-off inbox', who: 'supervisor', path: '/signoffs' },
    { name: 'sign-off inbox, everyone', who: 'principal', path: '/signoffs' },
    { name: 'supervision overview', who: 'supervisor', path: '/supervision' },
    { name: 'supervision overview, everyone', who: 'principal', path: '/supervision' },
    { name: 'registrations, everyone', who: 'principal', path: '/workforce/registrations' },
    { name: 'capability matrix, everyone', who: 'principal', path: '/workforce/capability?framework=rcot-cdf' },
    {
      name: `capability matrix, team ${teamCode}`,
      who: 'principal',
      path: `/workforce/capability?framework=rcot-cdf&team=${team}`,
    },
    { name: 'workforce dashboard, everyone', who: 'principal', path: '/workforce' },
    { name: `workforce dashboard, team ${teamCode}`, who: 'principal', path: `/workforce?team=${team}` },
    { name: 'a person’s record', who: 'principal', path: `/people/${personId}` },
  ]
}

// autocannon ships no type declarations; this is the part of its API the bench uses.
interface AutocannonOptions {
  url: string
  connections: number
  duration?: number
  amount?: number
  headers: Record<string, string>
  workers?: number
}

interface AutocannonResult {
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  requests: { total: number; average: number }
  latency: { p50: number; p90: number; p99: number }
}

const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>

interface Options {
  duration: number
  amount: number | undefined
  connections: number
  query: string
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      amount: { type: 'string' },
      connections: { type: 'string', default: '10' },
      query: { type: 'string', default: 'assessment' },
    },
  })
  const positive = (name: string, value: string): number => {
    const parsed = Number(value)
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number.\n${USAGE}`)
    return parsed
  }
  return {
    duration: positive('duration', values.duration),
    amount: values.amount === undefined ? undefined : Math.round(positive('amount', values.amount)),
    connections: Math.round(positive('connections', values.connections)),
    query: values.query.trim() || 'assessment',
  }
}

interface Person {
  id: string
  email: string
  entries: number
}

interface Reviewer {
  id: string
  email: string
  supervisees: number
  teamCode: string | null
}

/**
 * The supervisor who supervises the most people today (not a principal OT, who sees everyone), and a principal
 * OT. Generated data has both; a database without a principal OT cannot measure the workforce pages.
 */
async function pickReviewers(
  server: RunningServer,
  today: string,
): Promise<{ supervisor: Reviewer; principal: Reviewer }> {
  const { rows } = await sql<Reviewer & { rank: string }>`
    with current_links as (
      select l.supervisor_id as id, count(*)::int as supervisees
      from supervision_link l
      where l.starts_on <= ${today} and (l.ends_on is null or l.ends_on >= ${today})
      group by l.supervisor_id
    )
    (select 'supervisor' as rank, u.id, u.email, coalesce(c.supervisees, 0) as supervisees, t.code as "teamCode"
      from user_role r join app_user u on u.id = r.user_id and u.active
      left join team t on t.id = u.team_id
      left join current_links c on c.id = u.id
      where r.role = 'supervisor'
        and not exists (select 1 from user_role p where p.user_id = u.id and p.role = 'principal')
      order by coalesce(c.supervisees, 0) desc, u.id limit 1)
    union all
    (select 'principal' as rank, u.id, u.email, coalesce(c.supervisees, 0) as supervisees, t.code as "teamCode"
      from user_role r join app_user u on u.id = r.user_id and u.active
      left join team t on t.id = u.team_id
      left join current_links c on c.id = u.id
      where r.role = 'principal'
      order by u.id limit 1)
  `.execute(server.database.db)
  const supervisor = rows.find((row) => row.rank === 'supervisor')
  const principal = rows.find((row) => row.rank === 'principal')
  if (!supervisor || !principal) {
    throw new Error(
      'The database needs a supervisor and a principal OT to measure the review and workforce pages: ' +
        'fill it with `npm run data:generate`.',
    )
  }
  return { supervisor, principal }
}

async function pickPeople(server: RunningServer): Promise<Record<'busiest' | 'average', Person>> {
  const { rows } = await sql<Person & { rank: string }>`
    with counts as (
      select e.owner_id as id, count(*)::int as entries
      from evidence e
      join app_user u on u.id = e.owner_id and u.active
      join user_role r on r.user_id = e.owner_id and r.role = 'staff'
      where e.withdrawn_at is null
      group by e.owner_id
    ),
    average as (select avg(entries) as value from counts)
    (select 'busiest' as rank, c.id, u.email, c.entries from counts c join app_user u on u.id = c.id
      order by c.entries desc, c.id limit 1)
    union all
    (select 'average' as rank, c.id, u.email, c.entries from counts c join app_user u on u.id = c.id, average a
      order by abs(c.entries - a.value), c.id limit 1)
  `.execute(server.database.db)
  const busiest = rows.find((row) => row.rank === 'busiest')
  const average = rows.find((row) => row.rank === 'average')
  if (!busiest || !average) {
    throw new Error('The database has no evidence to measure: fill it first with `npm run data:generate`.')
  }
  return { busiest, average }
}

async function describeDataset(server: RunningServer) {
  const db = server.database.db
  const { rows } = await sql<{
    people: number
    evidence: number
    requests: number
    pending: number
    registrations: number
    sessions: number
    version: string
  }>`
    select (select count(*)::int from app_user) as people, (select count(*)::int from evidence) as evidence,
      (select count(*)::int from signoff_request) as requests,
      (select count(*)::int from signoff_request where status = 'pending') as pending,
      (select count(*)::int from hcpc_registration) as registrations,
      (select count(*)::int from supervision_session) as sessions,
      version() as version
  `.execute(db)
  return rows[0]
}

async function countMatches(server: RunningServer, ownerId: string, word: string, yearAgo: string) {
  const { rows } = await sql<{ plain: number; filtered: number }>`
    select count(*)::int as plain,
      (count(*) filter (where activity_type = 'formal-educational' and coalesce(ends_on, starts_on) >= ${yearAgo}))::int
        as filtered
    from evidence
    where owner_id = ${ownerId} and withdrawn_at is null and search @@ websearch_to_tsquery('english', ${word})
  `.execute(server.database.db)
  return rows[0]
}

/** One request, which must be the page itself: a redirect to /login means the bench is not signed in. */
async function warmUp(baseUrl: string, scenario: Scenario, headers: Record<string, string>): Promise<void> {
  const response = await fetch(baseUrl + scenario.path, { headers, redirect: 'manual' })
  await response.arrayBuffer()
  const location = response.headers.get('location') ?? ''
  if (response.status >= 300 && response.status < 400 && location.includes('/login')) {
    throw new Error(`${scenario.path} (${scenario.who}) redirected to ${location}: the session cookie was refused.`)
  }
  if (response.status !== 200) {
    throw new Error(
      `${scenario.path} (${scenario.who}) answered ${response.status}${location ? ` → ${location}` : ''}.`,
    )
  }
}

/** How busy the CPUs are before the runs: other work on the machine makes every figure pessimistic. */
async function measureBusyShare(ms: number): Promise<number> {
  const sum = () =>
    os.cpus().reduce(
      (acc, cpu) => {
        const t = cpu.times
        return { idle: acc.idle + t.idle, total: acc.total + t.user + t.nice + t.sys + t.idle + t.irq }
      },
      { idle: 0, total: 0 },
    )
  const before = sum()
  await new Promise((resolve) => setTimeout(resolve, ms))
  const after = sum()
  const total = after.total - before.total
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-GB')
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`)
  for (const row of rows) console.log(line(row))
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2))
  // React picks its production or development build from NODE_ENV when the server build first loads it.
  process.env.NODE_ENV = 'production'
  const env: Env = parseEnv({
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    COOKIE_SECURE: 'false',
    TRUST_PROXY: 'false',
    SEED_DEMO_IF_EMPTY: 'false',
  })
  if (env.DATABASE_URL === 'pglite://memory') throw new Error(`An in-memory database has nothing to measure.\n${USAGE}`)

  buildIfStale(ROOT)
  const { startServer } = await import('./server')
  const server = await startServer({ env, seedIfEmpty: false, log: (line) => console.log(`  ${line}`) })
  const lucia = createLucia(server.database.db, {
    idleMinutes: env.SESSION_IDLE_MINUTES,
    absoluteHours: env.SESSION_ABSOLUTE_HOURS,
    secureCookies: false,
  })
  const sessionIds: string[] = []
  try {
    const dataset = await describeDataset(server)
    const people = await pickPeople(server)
    const yearAgo = new Date(Date.parse(`${todayInLondon()}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10)
    const matches = await countMatches(server, people.busiest.id, options.query, yearAgo)
    const reviewers = await pickReviewers(server, todayInLondon())
    const ids: Record<Exclude<Who, 'anonymous'>, string> = {
      busiest: people.busiest.id,
      average: people.average.id,
      supervisor: reviewers.supervisor.id,
      principal: reviewers.principal.id,
    }
    const teamCode = reviewers.supervisor.teamCode ?? ''

    console.log('\nMachine')
    console.log(`  node ${process.version} on ${os.platform()} ${os.arch()}`)
    console.log(
      `  ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${formatCount(os.totalmem() / 2 ** 30)} GiB`,
    )
    console.log(
      `  database: ${server.database.kind} at ${server.database.location} (${dataset.version.split(' on ')[0]})`,
    )
    const busy = await measureBusyShare(2_000)
    console.log(
      `  CPU busy before the runs: ${Math.round(busy * 100)}% over 2 s (load average ${os.loadavg()[0].toFixed(2)})`,
    )
    if (busy > 0.1) console.log('  warning: other work is using the CPUs, so these figures will be pessimistic')
    console.log('Dataset')
    console.log(`  ${formatCount(dataset.people)} people, ${formatCount(dataset.evidence)} evidence rows`)
    console.log(`  busiest person: ${people.busiest.email}, ${formatCount(people.busiest.entries)} entries`)
    console.log(`  average person: ${people.average.email}, ${formatCount(people.average.entries)} entries`)
    console.log(
      `  supervisor: ${reviewers.supervisor.email}, ${formatCount(reviewers.supervisor.supervisees)} current supervisees`,
    )
    console.log(
      `  principal OT: ${reviewers.principal.email}; team filter: ${teamCode || '(none)'}; ` +
        `${formatCount(dataset.requests)} sign-off requests (${formatCount(dataset.pending)} waiting), ` +
        `${formatCount(dataset.registrations)} HCPC registrations, ${formatCount(dataset.sessions)} supervision sessions`,
    )
    console.log(
      `  "${options.query}" matches ${formatCount(matches.plain)} of the busiest person's entries, ` +
        `${formatCount(matches.filtered)} with the type and date filter`,
    )
    if (people.busiest.entries < 300 * 25) {
      console.log('  note: the busiest person has fewer than 300 pages, so page 300 is an empty page')
    }
    const load = options.amount ? `${formatCount(options.amount)} requests` : `${options.duration} s`
    console.log(`Load: ${options.connections} connections, ${load} per scenario, against ${server.url}\n`)

    // What a browser sends; compression is part of what each page costs.
    const compression = { 'accept-encoding': 'gzip, deflate, br' }
    const headers: Record<Who, Record<string, string>> = {
      anonymous: compression,
      busiest: {},
      average: {},
      supervisor: {},
      principal: {},
    }
    for (const who of SIGNED_IN) {
      const session = await lucia.createSession(ids[who], {})
      sessionIds.push(session.id)
      const cookie = lucia.createSessionCookie(session.id)
      headers[who] = { cookie: `${cookie.name}=${cookie.value}`, ...compression }
    }

    const list = scenarios(options.query, yearAgo, teamCode, people.average.id)
    for (const scenario of list) await warmUp(server.url, scenario, headers[scenario.who])

    const rows: string[][] = []
    const slow: string[] = []
    let floorRate = 0
    for (const scenario of list) {
      const label = `${scenario.name} (${scenario.who})`
      process.stdout.write(`  running ${label}…\n`)
      const result = await autocannon({
        url: server.url + scenario.path,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration }),
        headers: headers[scenario.who],
        // The load generator runs on its own thread so that it does not queue behind the server it measures.
        workers: 1,
      })
      const failures = result.errors + result.timeouts
      const rate = result.requests.total / Math.max(result.duration, 0.001)
      if (scenario.name === FLOOR) floorRate = rate
      rows.push([
        label,
        formatCount(result.requests.total),
        rate.toFixed(1),
        floorRate > 0 ? `${(rate / floorRate).toFixed(3)}` : '–',
        `${result.latency.p50} ms`,
        `${result.latency.p90} ms`,
        `${result.latency.p99} ms`,
        `${failures}/${result.non2xx}`,
      ])
      if (result.latency.p50 >= TARGET_MEDIAN_MS) slow.push(label)
      // Requests still in flight when autocannon stops must not overlap the next scenario or the shutdown.
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }

    console.log('')
    printTable(['scenario', 'requests', 'req/s', `÷ ${FLOOR}`, 'median', 'p90', 'p99', 'errors/non-2xx'], rows)
    console.log(
      slow.length === 0
        ? `\nEvery median is under ${TARGET_MEDIAN_MS} ms.`
        : `\nMedian at or over ${TARGET_MEDIAN_MS} ms: ${slow.join('; ')}.`,
    )
  } finally {
    for (const id of sessionIds) await lucia.invalidateSession(id)
    await server.close()
  }
}

try {
  await main()
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
