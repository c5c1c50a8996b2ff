import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import url from 'node:url'
import { parseArgs } from 'node:util'
import { createLucia } from '#app/auth/session.server'
import { type Env, parseEnv } from '#app/lib/env.server'
import { todayInLondon } from '#app/lib/dates'
import { type AppDatabase, createDatabase } from '#db/index'
import { loadDashboard } from '#app/models/workforce/dashboard.server'
import { formatRouteJavaScript, measureRouteJavaScript } from '#scripts/lib/route-js'
import { buildIfStale } from '#scripts/lib/build'
import { countMatches, describeDataset, pickPeople, pickReviewers } from '#scripts/lib/bench-dataset'
import { type ServerProcess, startServerProcess } from '#scripts/lib/server-process'

const ROOT = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
const TARGET_MEDIAN_MS = 100
const USAGE =
  'npm run bench -- [--duration SECONDS] [--amount REQUESTS] [--connections N] [--query WORD] [--js]\n' +
  '--js prints only the JavaScript each page ships, from the build, and needs no database.\n' +
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
}

interface AutocannonResult {
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  requests: { total: number; average: number }
  latency: { p50: number; p90: number; p99: number }
}

interface AutocannonRun extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void
}

const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => AutocannonRun

interface Options {
  duration: number
  amount: number | undefined
  connections: number
  query: string
  jsOnly: boolean
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      amount: { type: 'string' },
      connections: { type: 'string', default: '10' },
      query: { type: 'string', default: 'assessment' },
      js: { type: 'boolean', default: false },
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
    jsOnly: values.js,
  }
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

/** The value below which the given share of the sorted samples fall (nearest rank). */
function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]
}

function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`
}

/** Medians of one request at a time: the page as the server answers it, and the dashboard's queries alone. */
async function measureDashboardAlone(
  database: AppDatabase,
  baseUrl: string,
  headers: Record<string, string>,
  today: string,
): Promise<{ sqlMs: number; pageMs: number }> {
  const rounds = 15
  const sqlTimes: number[] = []
  const pageTimes: number[] = []
  for (let i = 0; i < rounds; i++) {
    const started = performance.now()
    await loadDashboard(database.db, new URLSearchParams(), today)
    sqlTimes.push(performance.now() - started)
    const fetched = performance.now()
    const response = await fetch(`${baseUrl}/workforce`, { headers })
    await response.arrayBuffer()
    pageTimes.push(performance.now() - fetched)
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      0.5,
    )
  return { sqlMs: median(sqlTimes), pageMs: median(pageTimes) }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2))
  if (options.jsOnly) {
    await buildIfStale(ROOT)
    for (const line of formatRouteJavaScript(measureRouteJavaScript(ROOT))) console.log(line)
    return
  }
  const env: Env = parseEnv({ ...process.env, NODE_ENV: 'production' })
  if (!env.DATABASE_URL || env.DATABASE_URL.startsWith('pglite://')) {
    throw new Error(
      'The bench measures a PostgreSQL database: the embedded one belongs to a single process, and the server ' +
        `runs in a process of its own so that its memory is measured alone.\n${USAGE}`,
    )
  }

  await buildIfStale(ROOT)
  const database = await createDatabase(env.DATABASE_URL)
  const lucia = createLucia(database.db, {
    idleMinutes: env.SESSION_IDLE_MINUTES,
    absoluteHours: env.SESSION_ABSOLUTE_HOURS,
    secureCookies: false,
  })
  const sessionIds: string[] = []
  let server: ServerProcess | undefined
  try {
    const today = todayInLondon()
    const dataset = await describeDataset(database)
    const people = await pickPeople(database)
    const yearAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10)
    const matches = await countMatches(database, people.busiest.id, options.query, yearAgo)
    const reviewers = await pickReviewers(database, today)
    const ids: Record<Exclude<Who, 'anonymous'>, string> = {
      busiest: people.busiest.id,
      average: people.average.id,
      supervisor: reviewers.supervisor.id,
      principal: reviewers.principal.id,
    }
    const teamCode = reviewers.supervisor.teamCode ?? ''
    server = await startServerProcess({
      DATABASE_URL: env.DATABASE_URL,
      SEED_DEMO_IF_EMPTY: 'false',
      TRUST_PROXY: 'false',
    })

    console.log('\nMachine')
    console.log(`  node ${process.version} on ${os.platform()} ${os.arch()}`)
    console.log(
      `  ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${formatCount(os.totalmem() / 2 ** 30)} GiB`,
    )
    console.log(`  database: ${database.kind} at ${database.location} (${dataset.version.split(' on ')[0]})`)
    const busy = await measureBusyShare(2_000)
    console.log(
      `  CPU busy before the runs: ${Math.round(busy * 100)}% over 2 s (load average ${os.loadavg()[0].toFixed(2)})`,
    )
    if (busy > 0.1) console.log('  warning: other work is using the CPUs, so these figures will be pessimistic')
    for (const line of formatRouteJavaScript(measureRouteJavaScript(ROOT))) console.log(line)
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
    console.log(
      `Load: ${options.connections} connections, ${load} per scenario, against ${server.url} ` +
        `(server PID ${server.child.pid}, in a process of its own)\n`,
    )

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
      const latencies: number[] = []
      const running = autocannon({
        url: server.url + scenario.path,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration }),
        headers: headers[scenario.who],
      })
      running.on('response', (_client, _status, _bytes, ms) => latencies.push(ms))
      const result = await running
      latencies.sort((a, b) => a - b)
      const failures = result.errors + result.timeouts
      const rate = result.requests.total / Math.max(result.duration, 0.001)
      if (scenario.name === FLOOR) floorRate = rate
      const p50 = percentile(latencies, 0.5)
      rows.push([
        label,
        formatCount(result.requests.total),
        rate.toFixed(1),
        floorRate > 0 ? `${(rate / floorRate).toFixed(3)}` : '–',
        formatMs(p50),
        formatMs(percentile(latencies, 0.95)),
        formatMs(percentile(latencies, 0.99)),
        `${failures}/${result.non2xx}`,
      ])
      if (p50 >= TARGET_MEDIAN_MS) slow.push(label)
      // Requests still in flight when autocannon stops must not overlap the next scenario or the shutdown.
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
    const alone = await measureDashboardAlone(database, server.url, headers.principal, today)
    const memory = server.memory()

    console.log('')
    printTable(['scenario', 'requests', 'req/s', `÷ ${FLOOR}`, 'p50', 'p95', 'p99', 'errors/non-2xx'], rows)
    console.log(
      `\nDashboard, one request at a time (median of 15): the page ${formatMs(alone.pageMs)}, ` +
        `its queries alone ${formatMs(alone.sqlMs)} (${(alone.pageMs / alone.sqlMs).toFixed(2)}× the queries)`,
    )
    console.log(`Server memory: ${memory.rssMb} MB resident at the end, ${memory.peakRssMb} MB at its peak`)
    console.log(
      slow.length === 0
        ? `Every median is under ${TARGET_MEDIAN_MS} ms.`
        : `Median at or over ${TARGET_MEDIAN_MS} ms: ${slow.join('; ')}.`,
    )
  } finally {
    for (const id of sessionIds) await lucia.invalidateSession(id)
    await server?.stop()
    await database.close()
  }
}

try {
  await main()
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
