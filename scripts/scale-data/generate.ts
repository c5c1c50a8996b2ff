import path from 'node:path'
import url from 'node:url'
import { type Kysely, type Transaction, sql } from 'kysely'
import { addDays, todayInLondon } from '#app/lib/dates'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { syncJobRoles } from '#app/models/people/job-roles.server'
import { type AppDatabase } from '#db/index'
import { migrateToLatest } from '#db/migrate'
import type { DB } from '#db/schema'
import { listCurrentVersions } from '#app/models/frameworks/frameworks.server'
import { type Capability, type Options, TEAM_SIZE, capabilitiesFor, planPeople, planTeams } from './plan'
import { createRng, int, shuffle } from './random'
import { type EntryContext, type Generated, YEARS, generateEntry } from './entries'
import { generateWorkload, planSupervision } from './workload'
import { formatCount, seconds } from './report'
import { createInFlight, insertJson, jsonRows } from './bulk'
import { generateApprenticeships } from './apprenticeships'

const ROOT = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '../..')
const FRAMEWORK_DATA = path.join(ROOT, 'framework-data')

export const SCALE_MARKER_TEAM = 'scale-data'
const BATCH = 2_000
/** Entries per statement when writing evidence: one JSON parameter each. */
const ENTRY_BATCH = 5_000
const EVIDENCE_COLUMNS = [
  'id',
  'owner_id',
  'status',
  'title',
  'activity_type',
  'starts_on',
  'ends_on',
  'minutes',
  'description',
  'reflection_what',
  'reflection_learned',
  'reflection_practice',
  'reflection_benefit',
  'content_hash',
  'created_at',
  'updated_at',
] as const
const MAPPING_COLUMNS = ['evidence_id', 'capability_id'] as const
const REVISION_COLUMNS = [
  'evidence_id',
  'revision',
  'content',
  'content_hash',
  'event',
  'saved_by',
  'saved_at',
] as const

// ---------------------------------------------------------------------------------------------------------------
// Writing

async function insertInBatches<T>(
  db: Kysely<DB> | Transaction<DB>,
  rows: T[],
  insert: (db: Kysely<DB> | Transaction<DB>, batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(db, rows.slice(i, i + BATCH))
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

/** Fills an empty database with generated people, entries and the work around them; refuses a filled one. */
export async function generate(database: AppDatabase, options: Options): Promise<void> {
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
  // The monthly CPD totals are worked out once after the load rather than per batch (see migration 0013), and the
  // search index is built once at the end: adding to it row by row costs more than the rows themselves.
  await sql`alter table evidence disable trigger evidence_cpd_total_on_insert`.execute(db)
  await sql`drop index if exists evidence_search_idx`.execute(db)
  try {
    await writeEntries()
  } finally {
    await sql`alter table evidence enable trigger evidence_cpd_total_on_insert`.execute(db)
    phase = performance.now()
    await sql`create index if not exists evidence_search_idx on evidence using gin (search)`.execute(db)
    console.log(`Search index: ${seconds(phase)}`)
  }
  phase = performance.now()
  await sql`select refresh_cpd_totals()`.execute(db)
  console.log(`CPD totals: ${seconds(phase)}`)

  async function writeEntries() {
    // Two batches in flight: the database stores one while the next is made here.
    const inFlight = createInFlight(database.kind === 'postgres' ? 2 : 1)
    for (let start = 0; start < options.entries; start += ENTRY_BATCH) {
      const batch: Generated[] = []
      for (let i = start; i < Math.min(options.entries, start + ENTRY_BATCH); i++) {
        const owner = people[owners[i]]
        batch.push(generateEntry(rng, owner, i, options.entries, capsByRole.get(owner.jobRole) ?? [], ctx))
      }
      const mappings = batch.flatMap((g) => g.mappings)
      const evidence = jsonRows(batch.map((g) => g.evidence))
      const mapped = jsonRows(mappings)
      const revisions = jsonRows(
        batch.map((g) => g.revision),
        'content',
      )
      await inFlight.add(() =>
        db.transaction().execute(async (trx) => {
          await insertJson(trx, 'evidence', EVIDENCE_COLUMNS, evidence)
          if (mappings.length > 0) await insertJson(trx, 'evidence_capability', MAPPING_COLUMNS, mapped)
          await insertJson(trx, 'evidence_revision', REVISION_COLUMNS, revisions)
          mappingRows += mappings.length
          written += batch.length
          report()
        }),
      )
    }
    await inFlight.drain()
  }

  function report() {
    if (written / options.entries < nextReport - 1e-9 && written !== options.entries) return
    const elapsed = (performance.now() - phase) / 1000
    console.log(
      `Evidence: ${formatCount(written).padStart(10)} / ${formatCount(options.entries)} ` +
        `(${Math.round((written / options.entries) * 100)}%), ${formatCount(Math.round(written / elapsed))} entries/s, ` +
        `${elapsed.toFixed(1)} s`,
    )
    while (nextReport <= written / options.entries + 1e-9) nextReport += 0.1
  }

  await generateWorkload(db, options.seed, today)
  await generateApprenticeships(db, options.seed, today)

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
    'apprenticeship',
    'otj_log',
    'apprenticeship_review',
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
