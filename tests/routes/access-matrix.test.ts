import fs from 'node:fs'
import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../app/auth/policy'
import { attachEvidenceFile } from '../../app/models/evidence-files.server'
import { createEvidence } from '../../app/models/evidence.server'
import { EMPTY_EVIDENCE, type BuiltUser, makeSupervision, makeUser } from '../support/builders'
import { type Outcome, contextFor, getRequest, postRequest, run } from '../support/routes'
import { createTestDatabase } from '../support/test-db'

type Persona = 'anonymous' | 'staff' | 'supervisor' | 'principal' | 'admin'
/** 'login': sent to sign in; 'ok': let in (2xx, or 400 for an empty form); 'to:/path': redirected; or a status. */
type Expectation = 'login' | 'ok' | `to:${string}` | 403 | 404

interface RouteRule {
  path: string
  params?: Record<string, string>
  loader?: Record<Persona, Expectation>
  action?: Record<Persona, Expectation>
}

const signedIn = (expectation: Expectation): Record<Persona, Expectation> => ({
  anonymous: 'login',
  staff: expectation,
  supervisor: expectation,
  principal: expectation,
  admin: expectation,
})
const everyone = (expectation: Expectation): Record<Persona, Expectation> => ({
  anonymous: expectation,
  staff: expectation,
  supervisor: expectation,
  principal: expectation,
  admin: expectation,
})
const only = (persona: Persona): Record<Persona, Expectation> => ({
  anonymous: 'login',
  staff: 403,
  supervisor: 403,
  principal: 403,
  admin: 403,
  [persona]: 'ok',
})

const RCOT_V1 = { code: 'rcot-cdf', version: '1' }

/** Every route file and who may use it. A route file missing here fails the test. */
const RULES: Record<string, RouteRule> = {
  '_index.tsx': { path: '/', loader: signedIn('ok') },
  'login.tsx': {
    path: '/login',
    loader: { ...everyone('to:/'), anonymous: 'ok' },
    action: everyone('ok'),
  },
  'logout.tsx': { path: '/logout', loader: signedIn('to:/'), action: signedIn('to:/login') },
  'account.tsx': { path: '/account', loader: signedIn('ok'), action: signedIn('ok') },
  'admin.users.tsx': { path: '/admin/users', loader: only('admin') },
  'healthz.tsx': { path: '/healthz', loader: everyone('ok') },
  'frameworks._index.tsx': { path: '/frameworks', loader: signedIn('ok') },
  'frameworks.$code.$version.tsx': { path: '/frameworks/rcot-cdf/1', params: RCOT_V1, loader: signedIn('ok') },
  'frameworks.$code.$version_.moodle[.csv].tsx': {
    path: '/frameworks/rcot-cdf/1/moodle.csv',
    params: RCOT_V1,
    loader: signedIn('ok'),
  },
  'frameworks.$code.$version_.document[.json].tsx': {
    path: '/frameworks/rcot-cdf/1/document.json',
    params: RCOT_V1,
    loader: signedIn('ok'),
  },
  'admin.frameworks.tsx': { path: '/admin/frameworks', loader: only('admin'), action: only('admin') },
  'evidence._index.tsx': { path: '/evidence', loader: { ...signedIn('ok'), admin: 403 } },
  'cpd-profile.tsx': {
    path: '/cpd-profile',
    loader: { ...signedIn('ok'), admin: 403 },
    action: { ...signedIn('ok'), admin: 403 },
  },
  'evidence[.csv].tsx': { path: '/evidence.csv', loader: { ...signedIn('ok'), admin: 403 } },
  'evidence.new.tsx': {
    path: '/evidence/new',
    loader: { ...signedIn('ok'), admin: 403 },
    action: { ...signedIn('ok'), admin: 403 },
  },
  'evidence.$id.tsx': {
    path: '/evidence/$staffEvidence',
    params: { id: '$staffEvidence' },
    loader: { ...signedIn('ok'), admin: 404 },
    action: { anonymous: 'login', staff: 'ok', supervisor: 403, principal: 403, admin: 404 },
  },
  'evidence.$id_.files.$fileId.tsx': {
    path: '/evidence/$staffEvidence/files/$staffFile',
    params: { id: '$staffEvidence', fileId: '$staffFile' },
    loader: { ...signedIn('ok'), admin: 404 },
  },
  'evidence.$id_.edit.tsx': {
    path: '/evidence/$staffEvidence/edit',
    params: { id: '$staffEvidence' },
    loader: { anonymous: 'login', staff: 'ok', supervisor: 403, principal: 403, admin: 404 },
    action: { anonymous: 'login', staff: 'ok', supervisor: 403, principal: 403, admin: 404 },
  },
  '$.tsx': { path: '/no-such-page', params: { '*': 'no-such-page' }, loader: everyone(404) },
}

const routesDir = path.resolve(__dirname, '../../app/routes')

function routeFiles(): string[] {
  return fs
    .readdirSync(routesDir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? `${entry.name}/route.tsx` : entry.name))
    .filter((name) => /\.tsx?$/.test(name))
    .sort()
}

function matches(outcome: Outcome, expectation: Expectation): boolean {
  if (expectation === 'login') return outcome.status === 302 && Boolean(outcome.location?.startsWith('/login'))
  if (expectation === 'ok') return outcome.status < 300 || outcome.status === 400
  if (typeof expectation === 'string') return outcome.status === 302 && outcome.location === expectation.slice(3)
  return outcome.status === expectation
}

const database = await createTestDatabase()
const contexts = {} as Record<Persona, AppLoadContext>
/** Records the rules point at ('$name' in a path or param), made in beforeAll. */
const fixtures: Record<string, string> = {}
const fill = (text: string) => text.replace(/\$[a-zA-Z]+/g, (name) => fixtures[name] ?? name)

beforeAll(async () => {
  const people: Record<Exclude<Persona, 'anonymous'>, BuiltUser> = {
    staff: await makeUser(database.db, { roles: ['staff'] }),
    supervisor: await makeUser(database.db, { roles: ['staff', 'supervisor'] }),
    principal: await makeUser(database.db, { roles: ['staff', 'supervisor', 'principal'] as Role[] }),
    admin: await makeUser(database.db, { roles: ['admin'] }),
  }
  await makeSupervision(database.db, people.supervisor, people.staff)
  fixtures.$staffEvidence = await createEvidence(database.db, {
    ownerId: people.staff.id,
    evidence: { ...EMPTY_EVIDENCE, title: 'Matrix test entry' },
  })
  fixtures.$staffFile = await attachEvidenceFile(database.db, {
    evidenceId: fixtures.$staffEvidence,
    actorId: people.staff.id,
    fileName: 'notes.txt',
    bytes: new TextEncoder().encode('Notes from the course.'),
  })
  contexts.anonymous = await contextFor(database, null)
  for (const persona of Object.keys(people) as (keyof typeof people)[]) {
    contexts[persona] = await contextFor(database, people[persona])
  }
})

describe('the route permission matrix', () => {
  it('has a rule for every route file', () => {
    expect(routeFiles().filter((file) => !(file in RULES))).toEqual([])
    expect(Object.keys(RULES).filter((file) => !routeFiles().includes(file))).toEqual([])
  })

  for (const [file, rule] of Object.entries(RULES)) {
    for (const kind of ['loader', 'action'] as const) {
      const table = rule[kind]
      if (!table) continue
      for (const [persona, expectation] of Object.entries(table) as [Persona, Expectation][]) {
        it(`${kind} of ${file}: ${persona} → ${expectation}`, async () => {
          const module = await import(path.join(routesDir, file))
          const url = fill(rule.path)
          const request = kind === 'loader' ? getRequest(url) : postRequest(url, {})
          const params = Object.fromEntries(Object.entries(rule.params ?? {}).map(([k, v]) => [k, fill(v)]))
          const outcome = await run(module[kind], request, contexts[persona], params)
          expect(matches(outcome, expectation), `got ${outcome.status} ${outcome.location ?? ''}`).toBe(true)
        })
      }
    }
  }

  it('declares a table for each exported loader and action', async () => {
    for (const file of routeFiles()) {
      const module = await import(path.join(routesDir, file))
      for (const kind of ['loader', 'action'] as const) {
        if (module[kind]) expect(RULES[file]?.[kind], `${kind} of ${file} has no rule`).toBeDefined()
      }
    }
  })
})
