import { randomUUID } from 'node:crypto'
import { type Answer, multipart, send } from './http-client'
import type { BuiltUser } from './builders'
import type { LoadWorld } from './load-world'

/** Every write the simulated people were told succeeded, as they would remember it. */
export interface Ledger {
  signIns: { userId: string }[]
  evidence: { id: string; ownerId: string; title: string }[]
  files: { evidenceId: string; ownerId: string; name: string; removed?: boolean }[]
  edits: { evidenceId: string; ownerId: string }[]
  withdrawals: { evidenceId: string; ownerId: string }[]
  requests: { id: string; requesterId: string; domainId: string; levelIndex: number }[]
  decisions: { requestId: string; actorId: string; decision: 'approve' | 'return' }[]
  sessions: { supervisorId: string; superviseeId: string; notes: string }[]
}

export interface LoadStats {
  requests: number
  /** Requests sent to each server address. */
  byAddress: Record<string, number>
  latenciesMs: number[]
  /** Answers of 500 and above, and requests that got no answer at all. */
  errors: string[]
  /** Answers other than the one the step expects (a 400 or 409 where a save was meant). */
  unexpected: string[]
}

export function emptyLedger(): Ledger {
  return { signIns: [], evidence: [], files: [], edits: [], withdrawals: [], requests: [], decisions: [], sessions: [] }
}

const FORM = 'application/x-www-form-urlencoded'
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)

/** One simulated person's browser: a cookie, and the two server addresses taken in turn, request by request. */
class Browser {
  private turn: number
  private cookie = ''

  constructor(
    private readonly addresses: string[],
    private readonly stats: LoadStats,
    start: number,
  ) {
    this.turn = start
  }

  private async request(label: string, options: { method?: string; path: string; body?: Buffer; type?: string }) {
    const base = this.addresses[this.turn++ % this.addresses.length]
    const headers: Record<string, string> = { Origin: base }
    if (this.cookie) headers.Cookie = this.cookie
    if (options.type) headers['Content-Type'] = options.type
    const started = performance.now()
    this.stats.requests += 1
    this.stats.byAddress[base] = (this.stats.byAddress[base] ?? 0) + 1
    let answer: Answer
    try {
      answer = await send(base, {
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        body: options.body ? [options.body] : undefined,
      })
    } catch (error) {
      this.stats.errors.push(`${label} at ${base}: no answer (${(error as Error).message})`)
      return null
    } finally {
      this.stats.latenciesMs.push(performance.now() - started)
    }
    if (answer.status >= 500)
      this.stats.errors.push(`${label} at ${base}: ${answer.status} ${answer.body.slice(0, 300)}`)
    return answer
  }

  async page(path: string): Promise<boolean> {
    return (await this.read(path)) !== null
  }

  /** The page's HTML, or null when it did not answer 200. */
  async read(path: string): Promise<string | null> {
    const answer = await this.request(`GET ${path}`, { path })
    if (answer && answer.status !== 200) this.stats.unexpected.push(`GET ${path}: ${answer.status}`)
    return answer?.status === 200 ? answer.body : null
  }

  /** A form post that should save and redirect; the new page's address when it did. */
  async save(label: string, path: string, fields: Record<string, string | string[]>): Promise<string | null> {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) params.append(name, one)
    }
    return this.expectRedirect(
      label,
      await this.request(label, { method: 'POST', path, body: Buffer.from(params.toString()), type: FORM }),
    )
  }

  async upload(label: string, path: string, name: string, content: Buffer): Promise<string | null> {
    const body = multipart({}, { name, content })
    return this.expectRedirect(
      label,
      await this.request(label, { method: 'POST', path, body: body.body, type: body.contentType }),
    )
  }

  async signIn(email: string, password: string): Promise<boolean> {
    const body = Buffer.from(new URLSearchParams({ email, password }).toString())
    const answer = await this.request('sign in', { method: 'POST', path: '/login', body, type: FORM })
    const cookie = answer?.status === 302 ? String(answer.headers['set-cookie']?.[0] ?? '').split(';')[0] : ''
    if (!cookie) {
      if (answer) this.stats.unexpected.push(`sign in: ${answer.status} ${answer.body.slice(0, 200)}`)
      return false
    }
    this.cookie = cookie
    return true
  }

  private expectRedirect(label: string, answer: Answer | null): string | null {
    if (!answer) return null
    if (answer.status === 302 && answer.headers.location) return answer.headers.location
    if (answer.status < 500) this.stats.unexpected.push(`${label}: ${answer.status} ${answer.body.slice(0, 300)}`)
    return null
  }
}

export interface LoadRun {
  world: LoadWorld
  addresses: string[]
  until: number
  ledger: Ledger
  stats: LoadStats
  /** Pause between one person's steps, as a person reads the page they landed on. */
  thinkMs: () => number
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const idFrom = (location: string, prefix: string) => new RegExp(`^${prefix}/([0-9a-f-]{36})`).exec(location)?.[1]

/**
 * A draft's whole life, as a person tidies their log: start it, edit it, attach a file, take the file off again
 * (confirmed, as the page asks) and withdraw the entry (confirmed). Each step that answers with a save is noted.
 */
async function draftToWithdrawal(run: LoadRun, browser: Browser, person: BuiltUser, label: string): Promise<void> {
  const title = `Load draft ${label}`
  const location = await browser.save('start draft', '/evidence/new', {
    formToken: randomUUID(),
    intent: 'draft',
    title,
  })
  const evidenceId = location && idFrom(location, '/evidence')
  if (!evidenceId) return
  const entry = { id: evidenceId, ownerId: person.id, title }
  run.ledger.evidence.push(entry)
  await pause(run.thinkMs())
  const edited = `${title} (edited)`
  const saved = await browser.save('edit draft', `/evidence/${evidenceId}/edit`, {
    intent: 'draft',
    revision: '1',
    title: edited,
    description: 'Notes from a moving and handling update.',
  })
  if (!saved) return
  entry.title = edited
  run.ledger.edits.push({ evidenceId, ownerId: person.id })
  const name = `draft-${label}.txt`
  if (!(await browser.upload('attach to draft', `/evidence/${evidenceId}`, name, Buffer.from(`${title}\n`)))) return
  const file = { evidenceId, ownerId: person.id, name, removed: false }
  run.ledger.files.push(file)
  await pause(run.thinkMs())
  const page = await browser.read(`/evidence/${evidenceId}`)
  const fileId = page && new RegExp(`/evidence/${evidenceId}/files/([0-9a-f-]{36})`).exec(page)?.[1]
  if (!fileId) return
  const removed = await browser.save('remove file', `/evidence/${evidenceId}`, {
    intent: 'remove-file',
    fileId,
    confirmed: 'yes',
  })
  if (!removed) return
  file.removed = true
  await pause(run.thinkMs())
  const withdrawn = await browser.save('withdraw draft', `/evidence/${evidenceId}`, {
    intent: 'withdraw',
    reason: 'Logged twice',
    confirmed: 'yes',
  })
  if (withdrawn) run.ledger.withdrawals.push({ evidenceId, ownerId: person.id })
}

/**
 * An OT's day: log a complete CPD entry, attach notes to it, and ask for sign-off when nothing is waiting; every
 * fourth round (from the first for a quarter of them) also takes a draft from start to withdrawal.
 */
export async function staffMember(run: LoadRun, person: BuiltUser, index: number): Promise<void> {
  const browser = new Browser(run.addresses, run.stats, index)
  if (!(await browser.signIn(person.email, person.password!))) return
  run.ledger.signIns.push({ userId: person.id })
  for (let round = 1; Date.now() < run.until; round++) {
    const domain = run.world.domains[round % run.world.domains.length]
    if ((round + index) % 4 === 1) await draftToWithdrawal(run, browser, person, `${index}.${round}`)
    const title = `Load entry ${index}.${round}`
    const location = await browser.save('create evidence', '/evidence/new', {
      formToken: randomUUID(),
      intent: 'complete',
      title,
      activityType: 'work-based-learning',
      startsOn: yesterday(),
      hours: '2',
      description: 'Assessed a person for a bath lift with the community team.',
      reflectionWhat: 'A home visit.',
      reflectionLearned: 'Transfers change with the time of day.',
      reflectionPractice: 'I now visit in the morning as well.',
      reflectionBenefit: 'Safer bathing at home.',
      'map.0.capability': domain.capabilityId,
      'map.0.note': 'Shows this pillar',
    })
    const evidenceId = location && idFrom(location, '/evidence')
    if (!evidenceId) continue
    run.ledger.evidence.push({ id: evidenceId, ownerId: person.id, title })
    await pause(run.thinkMs())

    const name = `notes-${index}-${round}.txt`
    if (await browser.upload('attach file', `/evidence/${evidenceId}`, name, Buffer.from(`${title}\n`.repeat(200)))) {
      run.ledger.files.push({ evidenceId, ownerId: person.id, name })
    }
    await pause(run.thinkMs())

    // One request at a time per pillar, at the level above the highest signed off so far.
    const mine = run.ledger.requests.filter((r) => r.requesterId === person.id && r.domainId === domain.id)
    const decided = new Map(run.ledger.decisions.map((d) => [d.requestId, d.decision]))
    if (mine.some((r) => !decided.has(r.id))) continue
    const approved = mine.filter((r) => decided.get(r.id) === 'approve').map((r) => r.levelIndex)
    const levelIndex = approved.length ? Math.max(...approved) + 1 : 0
    if (levelIndex >= run.world.levels.length) continue
    const asked = await browser.save('ask for sign-off', '/signoffs/new', {
      formToken: randomUUID(),
      versionId: run.world.versionId,
      domainId: domain.id,
      levelId: run.world.levels[levelIndex],
      note: `Ready for review (${title})`,
      evidence: evidenceId,
    })
    const requestId = asked && idFrom(asked, '/signoffs')
    if (requestId) run.ledger.requests.push({ id: requestId, requesterId: person.id, domainId: domain.id, levelIndex })
    await pause(run.thinkMs())
    if (round % 3 === 0) await browser.page('/')
  }
}

/** A senior OT's day: decide what their supervisees asked for, and record a supervision session now and then. */
export async function supervisor(run: LoadRun, person: BuiltUser, index: number): Promise<void> {
  const browser = new Browser(run.addresses, run.stats, index)
  if (!(await browser.signIn(person.email, person.password!))) return
  run.ledger.signIns.push({ userId: person.id })
  const supervisees = run.world.staff.filter((s) => s.supervisor.id === person.id).map((s) => s.person)
  for (let round = 1; Date.now() < run.until; round++) {
    const decided = new Set(run.ledger.decisions.map((d) => d.requestId))
    const waiting = run.ledger.requests.filter(
      (r) => !decided.has(r.id) && supervisees.some((s) => s.id === r.requesterId),
    )
    for (const request of waiting.slice(0, 3)) {
      if (Date.now() >= run.until) break
      await browser.page(`/signoffs/${request.id}`)
      const decision = (round + request.levelIndex) % 3 === 0 ? 'return' : 'approve'
      const done = await browser.save(`${decision} sign-off`, `/signoffs/${request.id}`, {
        intent: 'decide',
        decision,
        comment: decision === 'return' ? 'Add an entry from a second setting.' : 'Well evidenced.',
        sessionId: '',
      })
      if (done) run.ledger.decisions.push({ requestId: request.id, actorId: person.id, decision })
      await pause(run.thinkMs())
    }
    if (round % 2 === 0 && supervisees.length > 0) {
      const supervisee = supervisees[round % supervisees.length]
      const notes = `Load session ${index}.${round}: caseload review`
      const recorded = await browser.save('record session', `/supervision/${supervisee.id}`, {
        formToken: randomUUID(),
        intent: 'record-session',
        heldOn: yesterday(),
        kind: 'clinical',
        minutes: '60',
        notes,
      })
      if (recorded) run.ledger.sessions.push({ supervisorId: person.id, superviseeId: supervisee.id, notes })
    }
    await pause(run.thinkMs())
    if (waiting.length === 0) await browser.page('/signoffs')
  }
}

/** Latency percentile in ms (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
