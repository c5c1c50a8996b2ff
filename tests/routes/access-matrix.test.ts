import fs from 'node:fs'
import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '#app/auth/policy'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { requestSignoff } from '#app/models/signoffs/request.server'
import { EMPTY_EVIDENCE, type BuiltUser, makeApprenticeship, makeSupervision, makeUser } from '#tests/support/builders'
import { type Outcome, contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

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
  // Public: single sign-on starts and ends here. The matrix's server has it switched off, so both are 404 for
  // everyone; tests/routes/sso.test.ts covers them switched on, against a real OpenID provider.
  'login_.sso.tsx': { path: '/login/sso', loader: everyone(404) },
  'login_.sso_.callback.tsx': { path: '/login/sso/callback?code=x&state=y', loader: everyone(404) },
  'logout.tsx': { path: '/logout', loader: signedIn('to:/'), action: signedIn('to:/login') },
  'account.tsx': { path: '/account', loader: signedIn('ok'), action: signedIn('ok') },
  // Everything held about a person: their own for everyone signed in, anyone's for an administrator.
  'account_.data.tsx': { path: '/account/data', loader: signedIn('ok') },
  'account_.data[.zip].tsx': { path: '/account/data.zip', loader: signedIn('ok') },
  'admin.users_.$id_.data[.zip].tsx': {
    path: '/admin/users/$supervisee/data.zip',
    params: { id: '$supervisee' },
    loader: only('admin'),
  },
  'admin.users.tsx': { path: '/admin/users', loader: only('admin') },
  'admin.users_.new.tsx': { path: '/admin/users/new', loader: only('admin'), action: only('admin') },
  'admin.users_.$id.tsx': {
    path: '/admin/users/$supervisee',
    params: { id: '$supervisee' },
    loader: only('admin'),
    action: only('admin'),
  },
  'admin.teams.tsx': { path: '/admin/teams', loader: only('admin'), action: only('admin') },
  'admin.import.tsx': { path: '/admin/import', loader: only('admin'), action: only('admin') },
  // No session needed: the one-time token in the address is the credential. An unknown one is 404 for everyone
  // (tests/routes/password-reset.test.ts covers real, used and expired tokens).
  'reset-password.$token.tsx': {
    path: '/reset-password/not-a-real-token',
    params: { token: 'not-a-real-token' },
    loader: everyone(404),
    action: everyone(404),
  },
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
  'cpd-profile[.pdf].tsx': { path: '/cpd-profile.pdf', loader: { ...signedIn('ok'), admin: 403 } },
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
  'capabilities.tsx': {
    path: '/capabilities',
    loader: { ...signedIn('ok'), admin: 403 },
    action: { ...signedIn('ok'), admin: 403 },
  },
  'workforce._index.tsx': { path: '/workforce', loader: only('principal') },
  'workforce[.csv].tsx': { path: '/workforce.csv', loader: only('principal') },
  'workforce.capability.tsx': { path: '/workforce/capability', loader: only('principal') },
  'workforce.capability[.csv].tsx': { path: '/workforce/capability.csv', loader: only('principal') },
  'signoffs._index.tsx': { path: '/signoffs', loader: { ...signedIn('ok'), admin: 403 } },
  'signoffs.new.tsx': {
    path: '/signoffs/new?version=$rcotVersion&domain=$ppDomain',
    loader: { ...signedIn('ok'), admin: 403 },
    action: { ...signedIn('ok'), admin: 403 },
  },
  'signoffs.$id.tsx': {
    path: '/signoffs/$staffSignoff',
    params: { id: '$staffSignoff' },
    loader: { ...signedIn('ok'), admin: 404 },
    action: { ...signedIn('ok'), admin: 404 },
  },
  'supervision._index.tsx': {
    path: '/supervision',
    loader: { anonymous: 'login', staff: 403, supervisor: 'ok', principal: 'ok', admin: 403 },
  },
  'supervision[.csv].tsx': {
    path: '/supervision.csv',
    loader: { anonymous: 'login', staff: 403, supervisor: 'ok', principal: 'ok', admin: 403 },
  },
  'supervision.$personId.tsx': {
    path: '/supervision/$supervisee',
    params: { personId: '$supervisee' },
    loader: { ...signedIn('ok'), admin: 404 },
    action: { ...signedIn('ok'), admin: 404 },
  },
  // A person's whole record: themselves, their supervisor today and the principal OT; not an administrator.
  'people.$id.tsx': {
    path: '/people/$supervisee',
    params: { id: '$supervisee' },
    loader: { ...signedIn('ok'), admin: 404 },
  },
  'admin.supervision.tsx': { path: '/admin/supervision', loader: only('admin'), action: only('admin') },
  '$.tsx': { path: '/no-such-page', params: { '*': 'no-such-page' }, loader: everyone(404) },
  'apprenticeships._index.tsx': {
    path: '/apprenticeships',
    loader: { ...signedIn('ok'), staff: 403, admin: 403 },
    action: { ...signedIn('ok'), staff: 403, admin: 403 },
  },
  'apprenticeships.$id.tsx': {
    path: '/apprenticeships/$staffApprenticeship',
    params: { id: '$staffApprenticeship' },
    loader: { ...signedIn('ok'), admin: 404 },
    action: { ...signedIn('ok'), admin: 404 },
  },
  'registration.tsx': {
    path: '/registration',
    loader: { ...signedIn('ok'), admin: 403 },
    action: { ...signedIn('ok'), admin: 403 },
  },
  'workforce.registrations.tsx': {
    path: '/workforce/registrations',
    loader: { ...signedIn('ok'), staff: 403 },
    action: { ...signedIn('ok'), staff: 403 },
  },
  'workforce.registrations[.csv].tsx': {
    path: '/workforce/registrations.csv',
    loader: { ...signedIn('ok'), staff: 403 },
  },
  'admin.outbox.tsx': { path: '/admin/outbox', loader: only('admin'), action: only('admin') },
  'admin.outbox_.$id.tsx': {
    path: '/admin/outbox/$message',
    params: { id: '$message' },
    loader: only('admin'),
    action: only('admin'),
  },
  // No session: a calendar app fetches the feed, and the secret token in the URL is the credential. An unknown
  // token is 404 for everyone, signed in or not (tests/routes/registration.test.ts covers a real token).
  'calendar.$token.tsx': {
    path: '/calendar/not-a-real-token.ics',
    params: { token: 'not-a-real-token.ics' },
    loader: everyone(404),
  },
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
  fixtures.$supervisee = people.staff.id
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
  const pillar = await rcotDomain(database.db, 'PP')
  fixtures.$rcotVersion = pillar.versionId
  fixtures.$ppDomain = pillar.domainId
  fixtures.$staffSignoff = await requestSignoff(database.db, {
    requesterId: people.staff.id,
    versionId: pillar.versionId,
    domainId: pillar.domainId,
    levelId: pillar.levels['5']!,
    note: '',
    evidenceIds: [await completeEvidence(database.db, people.staff.id, ['5PP'])],
  })
  // The request queued an email to the supervisor.
  fixtures.$message = (
    await database.db.selectFrom('outbox_message').select('id').orderBy('created_at').executeTakeFirstOrThrow()
  ).id
  // A support-worker standard, so the staff member's job role stays as it is for the other rules.
  fixtures.$staffApprenticeship = await makeApprenticeship(database.db, people.staff, people.principal, {
    standardCode: 'ST0216',
    plannedEndOn: '2026-01-05',
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
