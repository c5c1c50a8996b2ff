import { describe, expect, it } from 'vitest'
import { todayInLondon } from '#app/lib/dates'
import { checkFrameworkDocument } from '#app/models/frameworks/document.schema'
import { importFrameworkDocument } from '#app/models/frameworks/import.server'
import * as manageFrameworks from '#app/routes/admin.frameworks'
import * as adminSupervision from '#app/routes/admin.supervision'
import * as adminUsers from '#app/routes/admin.users'
import * as apprenticeship from '#app/routes/apprenticeships.$id'
import * as evidenceDetail from '#app/routes/evidence.$id'
import * as evidenceEdit from '#app/routes/evidence.$id_.edit'
import * as evidenceFile from '#app/routes/evidence.$id_.files.$fileId'
import * as evidenceNew from '#app/routes/evidence.new'
import * as frameworkJson from '#app/routes/frameworks.$code.$version_.document[.json]'
import * as frameworkCsv from '#app/routes/frameworks.$code.$version_.moodle[.csv]'
import * as frameworkVersion from '#app/routes/frameworks.$code.$version'
import * as signoff from '#app/routes/signoffs.$id'
import * as signoffNew from '#app/routes/signoffs.new'
import * as supervision from '#app/routes/supervision.$personId'
import * as personRecord from '#app/routes/people.$id'
import {
  type FormCase,
  type RouteFunction,
  answer,
  badInputWorld,
  moodleCsv,
  multipart,
} from '#tests/support/bad-input'
import { contextFor, getRequest, postRequest } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

// Malformed ids, numbers no column can hold and character references that name no character: each must be
// answered as not found, or with a message, never with a 500. Control characters and lookalike choices are in
// bad-input.test.ts.

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const world = await badInputWorld(database)
const { owner, supervisor, admin, apprentice, apprenticeshipId, entryId, fileId } = world
const { pendingSignoffId, signoffAsk } = world

const MALFORMED_IDS = ['------------------------------------', '0000000000000000000000000000000000000', 'x']

describe('a malformed id in the address', () => {
  const cases = MALFORMED_IDS.flatMap(
    (bad): { name: string; fn: RouteFunction; path: string; params: Record<string, string> }[] => [
      { name: `an entry (${bad})`, fn: evidenceDetail.loader, path: `/evidence/${bad}`, params: { id: bad } },
      {
        name: `editing an entry (${bad})`,
        fn: evidenceEdit.loader,
        path: `/evidence/${bad}/edit`,
        params: { id: bad },
      },
      {
        name: `a file (${bad})`,
        fn: evidenceFile.loader,
        path: `/evidence/${entryId}/files/${bad}`,
        params: { id: entryId, fileId: bad },
      },
      { name: `a sign-off (${bad})`, fn: signoff.loader, path: `/signoffs/${bad}`, params: { id: bad } },
      {
        name: `an apprenticeship (${bad})`,
        fn: apprenticeship.loader,
        path: `/apprenticeships/${bad}`,
        params: { id: bad },
      },
      {
        name: `someone's supervision (${bad})`,
        fn: supervision.loader,
        path: `/supervision/${bad}`,
        params: { personId: bad },
      },
      { name: `someone's record (${bad})`, fn: personRecord.loader, path: `/people/${bad}`, params: { id: bad } },
      {
        name: `asking for sign-off (${bad})`,
        fn: signoffNew.loader,
        path: `/signoffs/new?version=${bad}&domain=${bad}`,
        params: {},
      },
    ],
  )

  it.each(cases)('is answered as not found: $name', async (c) => {
    const outcome = await answer(c.fn, getRequest(c.path), await contextFor(database, owner), c.params)
    expect(outcome.status, String(outcome.data)).toBe(404)
  })
})

describe('a malformed id in a form', () => {
  const [dashes, zeros] = MALFORMED_IDS

  it.each(MALFORMED_IDS)('removing a file %s is refused with a message', async (bad) => {
    const outcome = await answer(
      evidenceDetail.action,
      postRequest(`/evidence/${entryId}`, { intent: 'remove-file', fileId: bad }),
      await contextFor(database, owner),
      { id: entryId },
    )
    expect(outcome.status, String(outcome.data)).toBe(400)
    expect(outcome.data.fieldErrors.form).toMatch(/file/)
  })

  it('removing a file that is there still works', async () => {
    const outcome = await answer(
      evidenceDetail.action,
      postRequest(`/evidence/${entryId}`, { intent: 'remove-file', fileId, confirmed: 'yes' }),
      await contextFor(database, owner),
      { id: entryId },
    )
    expect(outcome.status).toBe(302)
  })

  const cases: FormCase[] = [
    {
      name: 'capability of a mapping',
      fn: evidenceNew.action,
      path: '/evidence/new',
      user: owner,
      fields: { intent: 'draft', title: 'Mapped', 'map.0.capability': dashes },
      field: 'map.0.capability',
    },
    {
      name: 'evidence of a sign-off request',
      fn: signoffNew.action,
      path: '/signoffs/new',
      user: owner,
      fields: { ...signoffAsk, evidence: zeros },
      field: 'evidence',
    },
    {
      name: 'level of a sign-off request',
      fn: signoffNew.action,
      path: '/signoffs/new',
      user: owner,
      fields: { ...signoffAsk, levelId: dashes },
      field: 'levelId',
    },
    {
      name: 'session of a sign-off decision',
      fn: signoff.action,
      path: `/signoffs/${pendingSignoffId}`,
      params: { id: pendingSignoffId },
      user: supervisor,
      fields: { intent: 'decide', decision: 'approve', sessionId: dashes },
      field: 'sessionId',
    },
    {
      name: 'link to end',
      fn: adminSupervision.action,
      path: '/admin/supervision',
      user: admin,
      fields: { intent: 'end-link', endLinkId: zeros, lastDay: today, confirmed: 'yes' },
      field: 'endLinkId',
    },
    {
      name: 'entry behind off-the-job hours',
      fn: apprenticeship.action,
      path: `/apprenticeships/${apprenticeshipId}`,
      params: { id: apprenticeshipId },
      user: apprentice,
      fields: { intent: 'log-otj', otjDate: today, otjHours: '1', otjActivity: 'Reading', otjEvidenceId: dashes },
      field: 'otjEvidenceId',
    },
  ]

  it.each(cases)('is named beside the field: $name', async (c) => {
    const outcome = await answer(c.fn, postRequest(c.path, c.fields), await contextFor(database, c.user), c.params)
    expect(outcome.status, String(outcome.data)).toBe(400)
    expect(outcome.data.fieldErrors[c.field]).toBeTruthy()
  })
})

describe('a page number far beyond the list', () => {
  it('shows an empty page of people', async () => {
    const outcome = await answer(
      adminUsers.loader,
      getRequest('/admin/users?page=99999999999999999999'),
      await contextFor(database, admin),
    )
    expect(outcome.status, String(outcome.data)).toBe(200)
    expect(outcome.data.people).toEqual([])
  })
})

describe('a framework address', () => {
  const cases = [
    { version: '2147483648', code: 'rcot-cdf' },
    { version: '99999999999999999999', code: 'rcot-cdf' },
    { version: '1e3', code: 'rcot-cdf' },
    { version: '1', code: 'rcot\u0000cdf' },
    { version: '1', code: 'x'.repeat(500) },
  ]
  const loaders = [
    { name: 'page', fn: frameworkVersion.loader, suffix: '' },
    { name: 'JSON download', fn: frameworkJson.loader, suffix: '/document.json' },
    { name: 'Moodle download', fn: frameworkCsv.loader, suffix: '/moodle.csv' },
  ]

  it.each(loaders.flatMap((l) => cases.map((c) => ({ ...l, ...c, label: JSON.stringify(c.code.slice(0, 12)) }))))(
    'that cannot exist is not found: $name of $label version $version',
    async (c) => {
      const outcome = await answer(
        c.fn,
        getRequest(`/frameworks/${encodeURIComponent(c.code)}/${c.version}${c.suffix}`),
        await contextFor(database, owner),
        { code: c.code, version: c.version },
      )
      expect(outcome.status, String(outcome.data)).toBe(404)
    },
  )

  it('with the largest version number there can be is still looked up', async () => {
    const outcome = await answer(
      frameworkVersion.loader,
      getRequest('/frameworks/rcot-cdf/2147483647'),
      await contextFor(database, owner),
      { code: 'rcot-cdf', version: '2147483647' },
    )
    expect(outcome.status).toBe(404)
  })
})

describe('a character reference that is not a character', () => {
  it.each(['&#x110000;', '&#1114112;', '&#xD800;', '&#0;', '&#99999999999999999999;', '&#x7;'])(
    'stops a Moodle import of %s with the line it is on',
    async (reference) => {
      const outcome = await answer(
        manageFrameworks.action,
        multipart(
          '/admin/frameworks',
          { versionLabel: 'v1' },
          { name: 'refs.csv', content: moodleCsv('REFS-FW', `<p>Level ${reference} here</p>`) },
        ),
        await contextFor(database, admin),
      )
      expect(outcome.status, String(outcome.data)).toBe(400)
      expect(outcome.data.problems).toEqual([
        { line: 4, message: expect.stringContaining(`character reference '${reference}'`) },
      ])
    },
  )

  it('is still accepted when it is a real character, including the Windows ones HTML maps', async () => {
    const outcome = await answer(
      manageFrameworks.action,
      multipart(
        '/admin/frameworks',
        { versionLabel: 'v1' },
        { name: 'refs.csv', content: moodleCsv('REFS-OK', '<p>&#x1F600; &#233; &#150; &#10;</p>') },
      ),
      await contextFor(database, admin),
    )
    expect(outcome.status, String(outcome.data)).toBe(200)
  })

  it('already stored does not break the framework page, which shows a replacement character', async () => {
    const checked = checkFrameworkDocument({
      source: 'Test.',
      framework: { code: 'legacy-refs', name: 'Legacy' },
      version: { label: 'v1' },
      domains: [{ code: 'D', name: 'Domain', descriptionFormat: 1 }],
      capabilities: [{ code: 'C', domain: 'D', statement: 'A capability', descriptionFormat: 1 }],
    })
    if (!checked.ok) throw new Error(checked.problems.join('; '))
    // As a version imported before the importer refused such references holds them.
    const legacy = {
      ...checked.document,
      framework: { ...checked.document.framework, description: '<p>About &#x110000;</p>' },
      domains: checked.document.domains.map((d) => ({ ...d, description: '<p>Domain &#xD800;</p>' })),
      capabilities: checked.document.capabilities.map((c) => ({ ...c, description: 'Bad &#99999999999999999999;' })),
    }
    await importFrameworkDocument(db, legacy, { origin: 'json' })
    const outcome = await answer(
      frameworkVersion.loader,
      getRequest('/frameworks/legacy-refs/1'),
      await contextFor(database, admin),
      { code: 'legacy-refs', version: '1' },
    )
    expect(outcome.status, String(outcome.data)).toBe(200)
    expect(outcome.data.header.frameworkDescription).toBe('About \uFFFD')
    expect(JSON.stringify(outcome.data.view)).toContain('Bad \uFFFD')
    expect(JSON.stringify(outcome.data.view)).toContain('Domain \uFFFD')
  })
})
