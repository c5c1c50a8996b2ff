import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { type AppDatabase, createDatabase } from '#db/index'
import { type ServerProcess, startServerProcess } from '#scripts/lib/server-process'
import { type Cluster, clusterPort, createCluster, findPostgresBinaries } from '#tests/support/pg-cluster'
import {
  type Ledger,
  type LoadRun,
  type LoadStats,
  emptyLedger,
  percentile,
  staffMember,
  supervisor,
} from '#tests/support/load-people'
import { type LoadWorld, seedLoadWorld } from '#tests/support/load-world'
import { buildOnce, root } from '#tests/support/server'

// Two servers on one PostgreSQL, 50 people taking the two addresses in turn for LOAD_SECONDS (120 by default):
// nothing fails, every save they were told of is there and nothing else is, and the audit trail holds each of
// them once. Then the reminders job, started twice at once, sends each waiting message once.

const postgresBinaries = findPostgresBinaries()
// It runs on CI's PostgreSQL pass, or when asked for by LOAD_SECONDS; the PGlite pass has no need of it twice.
const wanted = Boolean(process.env.TEST_DATABASE_URL || process.env.LOAD_SECONDS)
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS || 120)
const SUPERVISORS = 10
const PER_SUPERVISOR = 4
const skipReason = !postgresBinaries
  ? ' (skipped: no PostgreSQL server binaries; apt-get install postgresql)'
  : !wanted
    ? ' (skipped: runs on the PostgreSQL pass, with TEST_DATABASE_URL set, or with LOAD_SECONDS set)'
    : ''

beforeAll(buildOnce, 180_000)

type Counts = Record<string, number>
const decided = (decision: 'approve' | 'return') => (decision === 'approve' ? 'approved' : 'returned')
const sorted = (lines: string[]) => [...lines].sort()
const tally = (keys: string[]): Counts =>
  keys.reduce<Counts>((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {})

/** What the ledger says the audit trail must hold: one row per save, by action, actor and subject. */
function expectedAudit(ledger: Ledger): string[] {
  return [
    ...ledger.signIns.map((s) => `user.signed_in ${s.userId} ${s.userId}`),
    ...ledger.evidence.map((e) => `evidence.created ${e.ownerId} ${e.id}`),
    ...ledger.files.map((f) => `evidence.file-added ${f.ownerId} ${f.evidenceId}`),
    ...ledger.files.filter((f) => f.removed).map((f) => `evidence.file-removed ${f.ownerId} ${f.evidenceId}`),
    ...ledger.edits.map((e) => `evidence.edited ${e.ownerId} ${e.evidenceId}`),
    ...ledger.withdrawals.map((w) => `evidence.withdrawn ${w.ownerId} ${w.evidenceId}`),
    ...ledger.requests.map((r) => `signoff.requested ${r.requesterId} ${r.id}`),
    ...ledger.decisions.map((d) => `signoff.${decided(d.decision)} ${d.actorId} ${d.requestId}`),
    ...ledger.sessions.map((s) => `supervision_session.recorded ${s.supervisorId} ${s.superviseeId}`),
  ]
}

function runReminders(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'build', 'scripts', 'reminders.js')], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        NOTIFY_API_KEY: '',
        FLASH_SECRET: 'server-process-flash-secret-0123456789abcdef',
        // Small batches, so that the two runs take turns claiming.
        REMINDER_BATCH_SIZE: '3',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, output }))
  })
}

describe.skipIf(skipReason !== '')(
  `two servers on one PostgreSQL under ${SUPERVISORS * (PER_SUPERVISOR + 1)} people for ${LOAD_SECONDS} s${skipReason}`,
  () => {
    let cluster: Cluster
    const servers: ServerProcess[] = []
    let database: AppDatabase
    let world: LoadWorld
    let auditBefore = 0

    beforeAll(async () => {
      cluster = createCluster(await clusterPort())
      // Delivery is left to the reminders job, so that the messages the run queues are still waiting after it.
      const env = { DATABASE_URL: `${cluster.url}?pool_max=8`, OUTBOX_DELIVERY_SECONDS: '0' }
      // The first migrates the empty database; the second then finds it up to date.
      servers.push(await startServerProcess(env))
      servers.push(await startServerProcess(env))
      database = await createDatabase(cluster.url)
      await loadFrameworkData(database.db, path.join(root, 'framework-data'))
      world = await seedLoadWorld(database.db, { supervisors: SUPERVISORS, perSupervisor: PER_SUPERVISOR })
      expect(world.domains.length).toBeGreaterThan(0)
      const last = await database.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
      auditBefore = Number(last?.id ?? 0)
    }, 150_000)

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()))
      await database?.close()
      cluster?.destroy()
    })

    const ledger = emptyLedger()
    const stats: LoadStats = { requests: 0, byAddress: {}, latenciesMs: [], errors: [], unexpected: [] }

    it(
      'answers every request, loses no save and audits each save once',
      async () => {
        const started = Date.now()
        const run: LoadRun = {
          world,
          addresses: servers.map((s) => s.url),
          until: started + LOAD_SECONDS * 1000,
          ledger,
          stats,
          thinkMs: () => 100 + Math.floor(Math.random() * 300),
        }
        // People arrive over the first ten seconds rather than in the same instant: a password check is slow on purpose,
        // and a server refuses sign-ins as busy (503) once too many are waiting for one.
        const arrive = (i: number) => new Promise((resolve) => setTimeout(resolve, i * 200))
        const people = [
          ...world.supervisors.map((p, i) => ({ p, i, act: supervisor })),
          ...world.staff.map((s, i) => ({ p: s.person, i: i + SUPERVISORS, act: staffMember })),
        ]
        await Promise.all(people.map(({ p, i, act }) => arrive(i).then(() => act(run, p, i))))
        const seconds = (Date.now() - started) / 1000

        const db = database.db
        const [evidence, files, requests, events, sessions, audit] = await Promise.all([
          db.selectFrom('evidence').select(['id', 'owner_id', 'title', 'withdrawn_at']).execute(),
          db.selectFrom('evidence_file').select(['evidence_id', 'file_name', 'uploaded_by', 'removed_at']).execute(),
          db.selectFrom('signoff_request').select(['id', 'requester_id', 'status']).execute(),
          db.selectFrom('signoff_event').select(['request_id', 'kind', 'actor_id']).execute(),
          db.selectFrom('supervision_session').select(['supervisor_id', 'supervisee_id', 'notes']).execute(),
          db
            .selectFrom('audit_event')
            .select(['action', 'actor_id', 'subject_id'])
            .where('id', '>', auditBefore)
            .execute(),
        ])
        const decisionOf = new Map(ledger.decisions.map((d) => [d.requestId, d]))
        const expected = sorted(expectedAudit(ledger))
        const found = sorted(audit.map((a) => `${a.action} ${a.actor_id} ${a.subject_id}`))
        const lost =
          ledger.evidence.filter((e) => !evidence.some((row) => row.id === e.id && row.title === e.title)).length +
          ledger.files.filter(
            (f) =>
              !files.some(
                (row) =>
                  row.evidence_id === f.evidenceId && row.file_name === f.name && !!row.removed_at === !!f.removed,
              ),
          ).length +
          ledger.withdrawals.filter((w) => !evidence.some((row) => row.id === w.evidenceId && row.withdrawn_at))
            .length +
          ledger.requests.filter((r) => !requests.some((row) => row.id === r.id)).length +
          ledger.decisions.filter(
            (d) => !events.some((row) => row.request_id === d.requestId && row.kind === decided(d.decision)),
          ).length +
          ledger.sessions.filter((s) => !sessions.some((row) => row.notes === s.notes)).length
        console.log(
          `load: ${stats.requests} requests in ${seconds.toFixed(0)} s (${(stats.requests / seconds).toFixed(1)}/s) ` +
            `on 2 servers (${Object.values(stats.byAddress).join(' + ')}), ${people.length} people; errors ${stats.errors.length}, unexpected ${stats.unexpected.length}, ` +
            `lost writes ${lost}; saves: ${ledger.evidence.length} entries, ${ledger.edits.length} edits, ` +
            `${ledger.withdrawals.length} withdrawals, ${ledger.files.length} files ` +
            `(${ledger.files.filter((f) => f.removed).length} removed again), ` +
            `${ledger.requests.length} requests, ${ledger.decisions.length} decisions, ${ledger.sessions.length} sessions; ` +
            `audit events expected ${expected.length}, found ${found.length}; ` +
            `latency p50 ${percentile(stats.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(stats.latenciesMs, 99).toFixed(0)} ms`,
        )

        expect(stats.errors.slice(0, 20), servers.map((s) => s.output().slice(-2000)).join('\n---\n')).toEqual([])
        expect(stats.unexpected.slice(0, 20)).toEqual([])
        expect(servers.every((s) => s.alive())).toBe(true)
        // Both addresses took their share: each person's requests alternate between them.
        for (const server of servers) expect(stats.byAddress[server.url]).toBeGreaterThan(stats.requests / 3)
        expect(ledger.evidence.length).toBeGreaterThan(0)
        expect(ledger.decisions.length).toBeGreaterThan(0)
        expect(ledger.sessions.length).toBeGreaterThan(0)
        expect(ledger.withdrawals.length).toBeGreaterThan(0)

        // Nothing lost, nothing extra: the tables hold exactly what the people were told was saved.
        const withdrawn = new Set(ledger.withdrawals.map((w) => w.evidenceId))
        expect(
          sorted(evidence.map((e) => `${e.id} ${e.owner_id} ${e.title} ${e.withdrawn_at ? 'withdrawn' : ''}`)),
        ).toEqual(
          sorted(
            ledger.evidence.map((e) => `${e.id} ${e.ownerId} ${e.title} ${withdrawn.has(e.id) ? 'withdrawn' : ''}`),
          ),
        )
        expect(
          sorted(files.map((f) => `${f.evidence_id} ${f.uploaded_by} ${f.file_name} ${f.removed_at ? 'removed' : ''}`)),
        ).toEqual(
          sorted(ledger.files.map((f) => `${f.evidenceId} ${f.ownerId} ${f.name} ${f.removed ? 'removed' : ''}`)),
        )
        expect(sorted(requests.map((r) => `${r.id} ${r.requester_id} ${r.status}`))).toEqual(
          sorted(
            ledger.requests.map((r) => {
              const decision = decisionOf.get(r.id)?.decision
              return `${r.id} ${r.requesterId} ${decision ? decided(decision) : 'pending'}`
            }),
          ),
        )
        expect(sorted(events.map((e) => `${e.request_id} ${e.kind} ${e.actor_id}`))).toEqual(
          sorted([
            ...ledger.requests.map((r) => `${r.id} requested ${r.requesterId}`),
            ...ledger.decisions.map((d) => `${d.requestId} ${decided(d.decision)} ${d.actorId}`),
          ]),
        )
        expect(sorted(sessions.map((s) => `${s.supervisor_id} ${s.supervisee_id} ${s.notes}`))).toEqual(
          sorted(ledger.sessions.map((s) => `${s.supervisorId} ${s.superviseeId} ${s.notes}`)),
        )
        expect(lost).toBe(0)
        // The audit trail, event for event.
        expect(tally(found.map((line) => line.split(' ')[0]))).toEqual(
          tally(expected.map((line) => line.split(' ')[0])),
        )
        expect(found).toEqual(expected)
      },
      60_000 + LOAD_SECONDS * 1000,
    )

    it('sends each waiting message once when the reminders job runs on both machines at once', async () => {
      const db = database.db
      const waiting = await db.selectFrom('outbox_message').select('id').where('status', '=', 'pending').execute()
      expect(waiting.length).toBeGreaterThan(0)
      const runs = await Promise.all([runReminders(cluster.url), runReminders(cluster.url)])
      for (const run of runs) expect(run.code, run.output.slice(-2000)).toBe(0)

      const delivered = runs.flatMap((run, index) =>
        run.output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { message: string; id?: string })
          .filter((entry) => entry.message.startsWith('outbox message'))
          .map((entry) => ({ ...entry, run: index })),
      )
      const rows = await db.selectFrom('outbox_message').select(['id', 'status', 'attempts']).execute()
      const ids = delivered.map((d) => d.id!)
      expect(delivered.every((d) => d.message.startsWith('outbox message logged'))).toBe(true)
      expect(new Set(ids).size).toBe(ids.length)
      expect(sorted(ids)).toEqual(sorted(rows.map((r) => r.id)))
      expect(rows.every((r) => r.status === 'logged' && r.attempts === 1)).toBe(true)
      for (const message of waiting) expect(ids).toContain(message.id)
      console.log(
        `reminders on two machines at once: ${rows.length} messages, logged once each ` +
          `(${delivered.filter((d) => d.run === 0).length} by one run, ${delivered.filter((d) => d.run === 1).length} by the other)`,
      )
    }, 60_000)
  },
)
