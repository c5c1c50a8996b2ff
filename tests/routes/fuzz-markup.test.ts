import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from '#app/lib/csv'
import { makeSupervision, makeUser } from '#tests/support/builders'
import { FUZZ_SEED, MARKUP, announceSeed, fuzzRuns, fuzzTimeout, nastyValue } from '#tests/support/fuzz'
import { type FuzzSite, type Page, startFuzzSite } from '#tests/support/fuzz-http'
import type { Persona } from '#tests/support/fuzz-world'
import { contextFor } from '#tests/support/routes'
import { buildOnce } from '#tests/support/server'
import { completeEvidence } from '#tests/support/signoffs'

// Through the real server, as a browser sees it: text saved with markup in it comes back escaped on every page that
// shows it (and in the form that echoes a refused post), and searches in the address are escaped where the page
// repeats them. Each field gets a payload naming it, so that a field shown raw, or not at all, is named.

beforeAll(buildOnce, 180_000)

let site: FuzzSite
beforeAll(async () => {
  announceSeed('fuzz-markup')
  site = await startFuzzSite()
}, 120_000)
afterAll(() => site?.server.close())

const post = (address: string, who: string, fields: Record<string, string> | FormData) =>
  site.post(address, who, fields)
const get = (address: string, who: string) => site.get(address, who)

/** A payload that names its field, so that each field's escaping is checked on its own. */
const payload = (field: string) => `<script>alert("${field}")</script>"><img src=x onerror=alert('${field}')>`
/** React's escaping of text and attribute values. */
const escaped = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')

/** Every payload shows, escaped, and none raw. */
function expectEscaped(page: Page, fields: string[]) {
  const raw = [...fields.map(payload), ...MARKUP.slice(0, 3)].filter((text) => page.html.includes(text))
  const missing = fields.filter((field) => !page.html.includes(escaped(payload(field))))
  const title = /<title>([^<]*)<\/title>/.exec(page.html)?.[1]
  if (raw.length > 0) throw new Error(`unescaped on "${title}" (${page.status}): ${raw.join(', ')}`)
  if (missing.length > 0) throw new Error(`not shown on "${title}" (${page.status}): ${missing.join(', ')}`)
}

describe('stored markup is shown escaped', () => {
  it('in a CPD entry: its page, the log, the edit form, and the form that refuses a post', async () => {
    const texts = ['title', 'description', 'reflectionWhat', 'reflectionLearned', 'reflectionPractice']
    const fields = Object.fromEntries(texts.map((field) => [field, payload(field)]))
    const saved = await post('/evidence/new', 'staff', {
      intent: 'draft',
      ...fields,
      reflectionBenefit: payload('benefit'),
      'map.0.capability': site.world.records.capability,
      'map.0.note': payload('note'),
    })
    expectEscaped(saved, [...texts, 'benefit', 'note'])
    const id = /\/evidence\/([0-9a-f-]{36})/.exec(saved.html)![1]
    expectEscaped(await get('/evidence', 'staff'), ['title'])
    expectEscaped(await get(`/people/${site.world.people.staff.id}`, 'supervisor'), ['title'])
    expectEscaped(await get(`/evidence/${id}/edit`, 'staff'), [...texts, 'benefit', 'note'])
    expectEscaped(await post('/evidence/new', 'staff', { intent: 'draft', ...fields, hours: 'x' }), texts)
    const withdrawn = await post(`/evidence/${id}`, 'staff', { intent: 'withdraw', reason: payload('reason') })
    expectEscaped(withdrawn, ['title', 'reason'])
  })

  it('in a file name, in the message after the upload and in the list of files', async () => {
    const id = site.world.records.drafts[2]
    const body = new FormData()
    body.append('file', new File(['Notes.'], `${payload('file')}.txt`, { type: 'text/plain' }))
    expectEscaped(await post(`/evidence/${id}`, 'staff', body), ['file'])
  })

  it('in a person and a team: the person’s page, the list of people, the teams page and a refused form', async () => {
    expectEscaped(await post('/admin/teams', 'admin', { intent: 'create', name: payload('team') }), ['team'])
    const person = { name: payload('name'), email: 'markup.person@example.test', 'role.staff': 'on' }
    const refused = await post('/admin/users/new', 'admin', {
      ...person,
      leavesOn: '2020-01-01',
      startsOn: '2021-01-01',
    })
    expect(refused.status).toBe(400)
    expectEscaped(refused, ['name'])
    const saved = await post('/admin/users/new', 'admin', person)
    expectEscaped(saved, ['name'])
    expectEscaped(await get('/admin/users?q=markup.person', 'admin'), ['name'])
  })

  it('in a CPD profile', async () => {
    const profile = {
      periodFrom: '2024-12-01',
      periodTo: site.world.today,
      summary: payload('summary'),
      statement: payload('statement'),
      // The gap runs from the start of the period to the month before the person's one dated entry.
      'gap.2024-12': payload('gap'),
    }
    expectEscaped(await post('/cpd-profile', 'staff', profile), ['summary', 'statement', 'gap'])
  })

  it('in a supervision session and its actions', async () => {
    const session = {
      intent: 'record-session',
      heldOn: site.world.yesterday,
      kind: 'clinical',
      minutes: '60',
      notes: payload('notes'),
      'action.0.text': payload('action'),
      'action.0.owner': 'supervisee',
    }
    expectEscaped(await post(`/supervision/${site.world.people.staff.id}`, 'supervisor', session), ['notes', 'action'])
  })

  it('in a sign-off request and the decision on it', async () => {
    const requester = await makeUser(site.world.db, { teamCode: 'FZA' })
    await makeSupervision(site.world.db, site.world.people.supervisor, requester)
    const evidence = await completeEvidence(site.world.db, requester.id, ['5PP'])
    const cookie = site.cookieFor(await contextFor(site.server.database, requester))
    const asked = await post('/signoffs/new', cookie, {
      versionId: site.world.records.versionId,
      domainId: site.world.records.domainId,
      levelId: site.world.records.levelId,
      note: payload('request'),
      evidence,
    })
    expectEscaped(asked, ['request'])
    const id = /\/signoffs\/([0-9a-f-]{36})/.exec(asked.html)![1]
    const decided = await post(`/signoffs/${id}`, 'supervisor', {
      intent: 'decide',
      decision: 'return',
      comment: payload('comment'),
    })
    expectEscaped(decided, ['request', 'comment'])
  })

  it('in an apprenticeship: its provider, training, placements, reviews and status changes', async () => {
    const person = await makeUser(site.world.db, { jobRoleCode: 'ascw', teamCode: 'FZA' })
    await makeSupervision(site.world.db, site.world.people.supervisor, person)
    const started = await post('/apprenticeships', 'principal', {
      personId: person.id,
      // The OT degree, whose page lists practice placements.
      standardCode: 'ST0517',
      provider: payload('provider'),
      startsOn: '2025-01-06',
      plannedEndOn: '2029-01-05',
      weeklyHours: '37.5',
      agedNineteenPlus: 'yes',
    })
    const address = /\/apprenticeships\/[0-9a-f-]{36}/.exec(started.html)![0]
    // Hours are logged by the apprentice's supervisor; reviews and status changes are the principal's.
    const forms: [Persona, Record<string, string>][] = [
      ['supervisor', { intent: 'log-otj', otjDate: site.world.yesterday, otjHours: '6', otjActivity: payload('otj') }],
      ['supervisor', { intent: 'log-placement', placementSetting: payload('placement') }],
      ['principal', { intent: 'record-review', reviewProvider: payload('reviewer'), reviewNotes: payload('review') }],
      ['principal', { intent: 'change-status', newStatus: 'break-in-learning', statusNote: payload('status') }],
    ]
    const dates = { placementFrom: '2025-02-03', placementTo: '2025-02-07', placementHours: '30' }
    const review = { reviewHeldOn: '2025-03-03', reviewNextOn: '2025-05-26', reviewThreeWay: 'on' }
    let page = started
    for (const [persona, form] of forms) {
      page = await post(address, persona, { ...dates, ...review, statusOn: site.world.today, ...form })
      expect(page.status, JSON.stringify(form)).toBe(200)
    }
    expectEscaped(page, ['provider', 'otj', 'placement', 'reviewer', 'review', 'status'])
  })

  it('in a framework imported from Moodle: the preview, the framework page and the list of versions', async () => {
    const parsed = parseCsv(site.world.moodleCsv)
    if (!parsed.ok) throw new Error('the exported Moodle file does not read back')
    const rows = parsed.records.map((record) => [...record.fields])
    rows[1][1] = 'fuzz-markup'
    rows[1][2] = payload('framework')
    const capability = rows.findIndex((row, i) => i > 2 && row[0] && !rows.some((other) => other[0] === row[1]))
    rows[capability][2] = payload('capability')
    const body = new FormData()
    body.append('versionLabel', payload('label'))
    body.append('file', new File([toCsv(rows)], 'markup.csv', { type: 'text/csv' }))
    const preview = await post('/admin/frameworks', 'admin', body)
    expectEscaped(preview, ['label', 'framework'])
    const uploadId = /name="uploadId" value="([0-9a-f-]{36})"/.exec(preview.html)![1]
    const imported = await post('/admin/frameworks', 'admin', { intent: 'import', uploadId })
    expectEscaped(imported, ['label', 'framework', 'capability'])
    expectEscaped(await get('/admin/frameworks', 'admin'), ['label', 'framework'])
  })

  it(
    'for any text a title may hold (property)',
    async () => {
      const text = fc.string({ unit: fc.constantFrom(...'<>"\'&/=;: abcx'), minLength: 1, maxLength: 60 })
      const title = fc.oneof(text, nastyValue(site.world.ids)).filter((t) => t.length <= 150)
      let saved = 0
      await fc.assert(
        fc.asyncProperty(title, async (title) => {
          // Marks around the title find every place the page shows it (its heading, the page title, the data).
          const mark = `Zq${(saved += 1)}qZ`
          const page = await post('/evidence/new', 'staff', { intent: 'draft', title: `${mark}${title}${mark}` })
          if (!page.posted) return
          const shown = [...page.html.matchAll(new RegExp(`${mark}([\\s\\S]*?)${mark}`, 'g'))].map((m) => m[1])
          expect(shown.length).toBeGreaterThan(0)
          for (const piece of shown) expect(piece).not.toContain('<')
          if (!/[^\t\n\r\x20-\x7e]/.test(title)) expect(shown).toContain(escaped(title))
        }),
        { seed: FUZZ_SEED, numRuns: fuzzRuns(15) },
      )
    },
    fuzzTimeout(15),
  )
})

describe('the address is escaped where a page repeats it', () => {
  it.each([
    ['/evidence?q=', 'staff'],
    ['/admin/users?q=', 'admin'],
    ['/admin/supervision?q=', 'admin'],
    ['/admin/teams?rename=', 'admin'],
    ['/frameworks/rcot-cdf/1?q=', 'staff'],
    ['/login?redirectTo=/', 'anonymous'],
  ] as const)('%s', async (address, persona) => {
    const page = await get(`${address}${encodeURIComponent(payload('q'))}`, persona)
    expect(page.html).not.toContain(payload('q'))
    if (address.includes('q=')) expect(page.html).toContain(escaped(payload('q')))
  })
})
