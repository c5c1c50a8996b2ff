import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE_NAME } from '#app/auth/session.server'
import {
  FUZZ_SEED,
  announceSeed,
  fieldCases,
  fillPath,
  formRequest,
  fuzz,
  fuzzTimeout,
  fuzzRuns,
  nastyValue,
  percent,
} from '#tests/support/fuzz'
import { ACTION_RULES, withFresh } from '#tests/support/fuzz-forms'
import { type FuzzSite, startFuzzSite } from '#tests/support/fuzz-http'
import type { Persona } from '#tests/support/fuzz-world'
import { buildOnce } from '#tests/support/server'

// Through the real server: what it reads before any route (the Cookie header, the body's content type), and the
// pages a browser loads after a hostile post, rendered as HTML, which the route tests cannot see.

beforeAll(buildOnce, 180_000)

let site: FuzzSite
beforeAll(async () => {
  announceSeed('fuzz-server')
  site = await startFuzzSite()
}, 120_000)
afterAll(() => site?.server.close())

describe('what the server reads before any route', () => {
  const TYPES = [
    ...[null, '', 'application/json', 'text/plain', 'text/plain;charset=UTF-8', 'application/xml', 'text/html'],
    ...['application/octet-stream', 'multipart/form-data', 'multipart/mixed; boundary=x', 'x', 'form-data'],
    ...['application/x-www-form-urlencoded; charset=utf-16', 'APPLICATION/X-WWW-FORM-URLENCODED'],
    // With a boundary the server passes it on, and the action's readForm refuses what it cannot parse.
    'multipart/form-data; boundary=fuzz',
  ]

  it(
    'a hostile session or message cookie is a signed-out visit, not a server error (property)',
    async () => {
      const value = fc.oneof(
        nastyValue(site.world.ids),
        fc.constantFrom('%00', '%ED%A0%80', '%', '"', 'a;b', '=', '%0D%0A'),
      )
      const cases = fc.record({
        address: fc.constantFrom('/', '/evidence', '/login', `/evidence/${site.world.records.drafts[0]}`, '/healthz'),
        session: fc.option(value),
        flash: fc.option(value),
        real: fc.boolean(),
      })
      await fc.assert(
        fc.asyncProperty(cases, async ({ address, session, flash, real }) => {
          const parts = [real ? site.cookies.staff : '']
          if (session !== null) parts.push(`${SESSION_COOKIE_NAME}=${session}`)
          if (flash !== null) parts.push(`otp_flash=${flash}`)
          // Printable ASCII, with anything else percent-encoded (fetch refuses other header values).
          const header = parts
            .filter(Boolean)
            .join('; ')
            .replace(/[^\x20-\x7e]/gu, percent)
          await site.request(address, header)
        }),
        { seed: FUZZ_SEED, numRuns: fuzzRuns(40) },
      )
    },
    fuzzTimeout(40),
  )

  it(
    'pages after a hostile post render as HTML without a server error or markup from the input (property)',
    async () => {
      const world = site.world
      // Signing in and out, and password checks, are fuzzed through the routes; here they would end the sessions.
      const files = Object.keys(ACTION_RULES).filter(
        (file) => !['login.tsx', 'logout.tsx', 'account.tsx'].includes(file),
      )
      const cases = fc.constantFrom(...files).chain((file) => {
        const rule = ACTION_RULES[file]
        return fc.record({
          file: fc.constant(file),
          persona: fc.oneof({ weight: 4, arbitrary: fc.constant(rule.personas[0]) }, fc.constantFrom(...rule.personas)),
          params: rule.params?.(world) ?? fc.constant<Record<string, string>>({}),
          form: fieldCases(rule.base(world), { known: rule.known, intents: rule.intents, realIds: world.ids }),
        })
      })
      await fuzz(
        'pages after a post',
        cases,
        async ({ file, persona, params, form }) => {
          const rule = ACTION_RULES[file]
          const made = (await rule.fresh?.(world)) ?? { ids: {} }
          const { ids, sent } = withFresh(made.ids, params, form)
          const owner = made.owner ? site.cookieFor(made.owner) : ''
          const cookie = persona === 'owner' ? owner : site.cookies[persona]
          const address = fillPath(rule.path, ids)
          const built = formRequest(address, sent)
          const headers = { 'Content-Type': built.headers.get('Content-Type') ?? '' }
          const body = new Uint8Array(await built.arrayBuffer())
          const page = await site.request(address, cookie, { method: 'POST', headers, body })
          for (const shown of page.posted ? (rule.shows ?? []) : []) {
            await site.request(shown === '@calendar' ? await world.fresh.calendar() : shown, cookie)
          }
          return page
        },
        40,
      )
    },
    fuzzTimeout(40),
  )

  // Last: a form-typed post may sign the person out or change what the other tests aim at.
  it(
    'a post that is not a form, to any action, is refused without a server error (property)',
    async () => {
      const r = site.world.records
      const addresses = [
        ...['/login', '/logout', '/account', '/evidence/new', '/cpd-profile', '/registration', '/signoffs/new'],
        ...[`/evidence/${r.drafts[0]}`, `/evidence/${r.drafts[0]}/edit`, `/signoffs/${r.signoff}`],
        ...[`/supervision/${site.world.people.staff.id}`, '/apprenticeships', `/apprenticeships/${r.apprenticeship}`],
        ...['/workforce/registrations', '/admin/supervision', '/admin/outbox', '/admin/frameworks'],
        ...['/admin/users/new', `/admin/users/${site.world.people.staff.id}`, '/admin/teams', '/reset-password/x'],
      ]
      const cases = fc.record({
        address: fc.constantFrom(...addresses),
        // Remix's client posts to the page's .data address.
        data: fc.boolean(),
        persona: fc.constantFrom<Persona>('staff', 'supervisor', 'principal', 'admin', 'anonymous'),
        type: fc.constantFrom(...TYPES),
        body: fc.oneof(fc.json(), nastyValue(site.world.ids), fc.uint8Array({ maxLength: 200 })),
      })
      await fc.assert(
        fc.asyncProperty(cases, async ({ address, data, persona, type, body }) => {
          const init = {
            method: 'POST',
            headers: type === null ? {} : ({ 'Content-Type': type } as Record<string, string>),
            // Bytes, so that fetch adds no content type of its own.
            body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
          }
          const page = await site.request(`${address}${data ? '.data' : ''}`, site.cookies[persona], init, false)
          const essence = (type ?? '').split(';')[0].trim().toLowerCase()
          // With a boundary the server passes it on and the route answers it as it answers any form it cannot read:
          // refused (400), or the person refused or sent on (302, or 202 for a .data request), never a server error.
          if (essence === 'multipart/form-data' && /boundary=/i.test(type ?? '')) expect(page.status).toBeLessThan(500)
          else if (essence === 'multipart/form-data') expect(page.status).toBe(400)
          else if (essence !== 'application/x-www-form-urlencoded') expect(page.status).toBe(415)
        }),
        { seed: FUZZ_SEED, numRuns: fuzzRuns(40) },
      )
    },
    fuzzTimeout(40),
  )
})
