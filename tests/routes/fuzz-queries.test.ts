import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeRedirectPath } from '#app/lib/http.server'
import {
  FUZZ_SEED,
  announceSeed,
  anyId,
  expectSafe,
  fieldCases,
  fillPath,
  fuzz,
  fuzzTimeout,
  fuzzRuns,
  nastyValue,
  queryString,
} from '#tests/support/fuzz'
import { type FuzzWorld, type Persona, buildFuzzWorld } from '#tests/support/fuzz-world'
import { parseEnv } from '#app/lib/env.server'
import { type TestProvider, startTestProvider } from '#tests/support/oidc-provider'
import { TEST_ORIGIN, testEnv } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

// Property-based tests of every loader that reads the address: its query parameters (a valid query with a few
// hostile changes, written as a browser would or by hand with bytes that are not UTF-8) and its route params (the
// ids of the world's records, their own or another person's, and made-up or malformed ones), as the person the page
// is for or someone it is not for. The answer must never be a server error, a stack trace or a redirect off the site.

const RUNS = 40
const routesDir = path.resolve(__dirname, '../../app/routes')

interface LoaderRule {
  personas: Persona[]
  path: string
  query?: (w: FuzzWorld) => Record<string, string>
  params?: (w: FuzzWorld) => fc.Arbitrary<Record<string, string>>
  /** Runs with single sign-on set up against the test provider, the one site it may redirect to. */
  sso?: boolean
}

const logFilters = (w: FuzzWorld) => ({
  q: 'seating',
  type: 'formal-educational',
  from: '2025-01-01',
  to: w.today,
  status: 'active',
  framework: 'rcot-cdf',
  capability: '5PP',
  files: 'yes',
  page: '2',
})
const matrixFilters = { framework: 'rcot-cdf', team: 'FZA', role: 'ot', gaps: '1', sort: 'gaps', dir: 'desc' }
const id = (w: FuzzWorld, key: string, own: string[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...own) }, anyId(w.ids)).map((value) => ({ [key]: value }))
const frameworkParams = (w: FuzzWorld) =>
  fc.record({
    code: fc.oneof({ weight: 3, arbitrary: fc.constant('rcot-cdf') }, nastyValue(w.ids)),
    version: fc.oneof({ weight: 3, arbitrary: fc.constant(String(w.frameworkVersion)) }, nastyValue(w.ids)),
  })

const RULES: Record<string, LoaderRule> = {
  'login.tsx': { personas: ['anonymous', 'staff'], path: '/login', query: () => ({ redirectTo: '/evidence?q=a' }) },
  'evidence._index.tsx': { personas: ['staff', 'admin', 'anonymous'], path: '/evidence', query: logFilters },
  'evidence[.csv].tsx': { personas: ['staff', 'admin'], path: '/evidence.csv', query: logFilters },
  'frameworks.$code.$version.tsx': {
    personas: ['staff', 'admin', 'anonymous'],
    path: '/frameworks/$code/$version',
    query: () => ({ q: 'practice' }),
    params: frameworkParams,
  },
  'frameworks.$code.$version_.document[.json].tsx': {
    personas: ['staff', 'admin'],
    path: '/frameworks/$code/$version/document.json',
    params: frameworkParams,
  },
  'frameworks.$code.$version_.moodle[.csv].tsx': {
    personas: ['staff', 'admin'],
    path: '/frameworks/$code/$version/moodle.csv',
    params: frameworkParams,
  },
  'signoffs.new.tsx': {
    personas: ['staff', 'stranger', 'admin'],
    path: '/signoffs/new',
    query: (w) => ({ version: w.records.versionId, domain: w.records.domainId }),
  },
  'capabilities.tsx': {
    personas: ['staff', 'admin', 'anonymous'],
    path: '/capabilities',
    query: (w) => ({ mapped: w.records.domainId }),
  },
  'signoffs._index.tsx': {
    personas: ['supervisor', 'staff', 'admin'],
    path: '/signoffs',
    query: () => ({ page: '2' }),
  },
  'supervision._index.tsx': {
    personas: ['supervisor', 'principal', 'staff'],
    path: '/supervision',
    query: () => ({ page: '2', team: 'north' }),
  },
  'supervision[.csv].tsx': {
    personas: ['supervisor', 'principal', 'staff'],
    path: '/supervision.csv',
    query: () => ({ team: 'north' }),
  },
  'apprenticeships._index.tsx': {
    personas: ['principal', 'supervisor', 'staff'],
    path: '/apprenticeships',
    query: () => ({ stage: 'on-programme' }),
  },
  'workforce._index.tsx': {
    personas: ['principal', 'staff'],
    path: '/workforce',
    query: (w) => ({ framework: 'rcot-cdf', team: 'FZA', role: 'ot', from: '2025-01-01', to: w.today }),
  },
  'workforce[.csv].tsx': {
    personas: ['principal', 'staff'],
    path: '/workforce.csv',
    query: (w) => ({ section: 'cpd', framework: 'rcot-cdf', team: 'FZA', from: '2025-01-01', to: w.today }),
  },
  'workforce.capability.tsx': {
    personas: ['principal', 'staff'],
    path: '/workforce/capability',
    query: () => ({ ...matrixFilters, page: '1' }),
  },
  'workforce.capability[.csv].tsx': {
    personas: ['principal', 'staff'],
    path: '/workforce/capability.csv',
    query: () => matrixFilters,
  },
  'workforce.registrations.tsx': {
    personas: ['principal', 'supervisor', 'staff'],
    path: '/workforce/registrations',
    query: () => ({ status: 'needs-action', page: '1' }),
  },
  'workforce.registrations[.csv].tsx': {
    personas: ['principal', 'supervisor', 'staff'],
    path: '/workforce/registrations.csv',
    query: () => ({ status: 'check-due' }),
  },
  'admin.users.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/users',
    query: () => ({ q: 'Fuzz', supervisor: 'none', page: '1' }),
  },
  'admin.supervision.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/supervision',
    query: (w) => ({ q: 'Fuzz', link: w.records.links[0] }),
  },
  'admin.users_.$id.tsx': {
    personas: ['admin', 'principal', 'staff'],
    path: '/admin/users/$id',
    params: (w) => id(w, 'id', [w.people.staff.id, w.people.admin.id]),
  },
  'admin.teams.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/teams',
    query: (w) => ({ rename: w.people.staff.id }),
  },
  'reset-password.$token.tsx': {
    personas: ['anonymous', 'staff'],
    path: '/reset-password/$token',
    params: (w) =>
      fc
        .oneof(
          nastyValue(w.ids),
          fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789-_'), minLength: 43, maxLength: 43 }),
        )
        .map((token) => ({ token })),
  },
  'admin.frameworks.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/frameworks',
    query: (w) => ({ confirm: w.records.versions[0] }),
  },
  'evidence.$id.tsx': {
    personas: ['staff', 'supervisor', 'stranger', 'admin'],
    path: '/evidence/$id',
    params: (w) => id(w, 'id', [...w.records.drafts, w.records.complete]),
  },
  'evidence.$id_.edit.tsx': {
    personas: ['staff', 'supervisor', 'stranger'],
    path: '/evidence/$id/edit',
    params: (w) => id(w, 'id', [...w.records.drafts, w.records.complete]),
  },
  'evidence.$id_.files.$fileId.tsx': {
    personas: ['staff', 'supervisor', 'stranger'],
    path: '/evidence/$id/files/$fileId',
    params: (w) =>
      fc.record({
        id: fc.oneof({ weight: 3, arbitrary: fc.constant(w.records.drafts[0]) }, anyId(w.ids)),
        fileId: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(w.records.file, w.records.strangerFile) },
          anyId(w.ids),
        ),
      }),
  },
  'signoffs.$id.tsx': {
    personas: ['staff', 'supervisor', 'stranger', 'admin'],
    path: '/signoffs/$id',
    params: (w) => id(w, 'id', [w.records.signoff]),
  },
  'supervision.$personId.tsx': {
    personas: ['supervisor', 'staff', 'stranger', 'admin'],
    path: '/supervision/$personId',
    params: (w) => id(w, 'personId', [w.people.staff.id, 'me']),
  },
  'people.$id.tsx': {
    personas: ['supervisor', 'staff', 'stranger', 'admin'],
    path: '/people/$id',
    params: (w) => id(w, 'id', [w.people.staff.id, w.people.stranger.id]),
  },
  'apprenticeships.$id.tsx': {
    personas: ['principal', 'supervisor', 'stranger', 'admin'],
    path: '/apprenticeships/$id',
    params: (w) => id(w, 'id', [w.records.apprenticeship]),
  },
  'admin.users_.$id_.data[.zip].tsx': {
    personas: ['admin', 'staff'],
    path: '/admin/users/$id/data.zip',
    params: (w) => id(w, 'id', [w.people.staff.id, w.people.stranger.id]),
  },
  'admin.outbox_.$id.tsx': {
    personas: ['admin', 'staff'],
    path: '/admin/outbox/$id',
    params: (w) => id(w, 'id', w.records.messages.length > 0 ? w.records.messages : [w.records.session]),
  },
  'login_.sso.tsx': {
    personas: ['anonymous', 'staff'],
    path: '/login/sso',
    query: () => ({ redirectTo: '/evidence?q=a' }),
    sso: true,
  },
  'login_.sso_.callback.tsx': {
    personas: ['anonymous', 'staff'],
    path: '/login/sso/callback',
    query: () => ({ code: 'an-authorisation-code', state: 'a-state-this-browser-never-started', iss: 'x' }),
    sso: true,
  },
  'calendar.$token.tsx': {
    personas: ['anonymous', 'staff'],
    path: '/calendar/$token',
    params: (w) =>
      fc
        .oneof(
          { weight: 2, arbitrary: fc.constant(w.calendarToken) },
          nastyValue(w.ids),
          fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789-_'), minLength: 43, maxLength: 43 }),
        )
        .chain((token) => fc.constantFrom(`${token}.ics`, token, `${token}.ICS`, `${token}.ics.ics`))
        .map((token) => ({ token })),
  },
}

const database = await createTestDatabase()
let world: FuzzWorld
let provider: TestProvider
let ssoEnv: typeof testEnv
beforeAll(async () => {
  announceSeed('fuzz-queries')
  world = await buildFuzzWorld(database)
  provider = await startTestProvider({ redirectUri: `${TEST_ORIGIN}/login/sso/callback` })
  ssoEnv = parseEnv({ NODE_ENV: 'test', FLASH_SECRET: testEnv.FLASH_SECRET, ...provider.env })
}, 120_000)
afterAll(() => provider.close())

describe('every loader that reads the address, with hostile input', () => {
  it('has a rule for every loader that reads query parameters or takes route params', () => {
    const files = fs.readdirSync(routesDir).filter((file) => /\.tsx?$/.test(file))
    const reading = files.filter((file) => {
      const source = fs.readFileSync(path.join(routesDir, file), 'utf8')
      const loader = /export async function loader/.test(source)
      return loader && (/searchParams|readPageNumber\(url\)/.test(source) || (/\$/.test(file) && file !== '$.tsx'))
    })
    expect(reading.sort()).toEqual(Object.keys(RULES).sort())
  })

  for (const [file, rule] of Object.entries(RULES)) {
    it(
      `${file}: never a server error, a stack trace or a redirect off the site`,
      async () => {
        const module = await import(path.join(routesDir, file))
        const base = rule.query?.(world) ?? {}
        const cases = fc.record({
          persona: fc.oneof({ weight: 4, arbitrary: fc.constant(rule.personas[0]) }, fc.constantFrom(...rule.personas)),
          params: rule.params?.(world) ?? fc.constant({}),
          query: fieldCases(base, { known: ['page', 'q'], realIds: world.ids }),
        })
        await fuzz(
          file,
          cases,
          ({ persona, params, query }) => {
            const search = queryString(query)
            const request = new Request(`${TEST_ORIGIN}${fillPath(rule.path, params)}${search ? `?${search}` : ''}`)
            const context = world.contexts[persona]
            if (!rule.sso) return expectSafe(module.loader, request, context, params)
            return expectSafe(module.loader, request, { ...context, env: ssoEnv }, params, {
              mayRedirectTo: `${provider.issuer}/auth?`,
            })
          },
          RUNS,
        )
      },
      fuzzTimeout(RUNS),
    )
  }
})

describe('return addresses (?redirectTo=, back=), as safeRedirectPath reads them', () => {
  it('are always a path on this site that a header can carry, and a safe path is kept as it is (property)', () => {
    const attacks = fc.constantFrom(
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/.//evil.example',
      '/%2F%2Fevil',
    )
    const input = fc.oneof(fc.webPath(), fc.webUrl(), nastyValue([]), attacks, fc.string({ unit: 'binary' }))
    fc.assert(
      fc.property(input, (to) => {
        const path = safeRedirectPath(to)
        expect(path).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/)
        expect(new URL(path, 'https://portal.example').origin).toBe('https://portal.example')
        expect(safeRedirectPath(path)).toBe(path)
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(30) * 30 },
    )
    const plain = fc
      .array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { maxLength: 4 })
      .map((parts) => `/${parts.join('/')}`)
    fc.assert(
      fc.property(plain, (to) => {
        expect(safeRedirectPath(to)).toBe(to)
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(30) * 10 },
    )
  })
})
