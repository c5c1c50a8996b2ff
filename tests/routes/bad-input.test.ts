import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'
import * as manageFrameworks from '#app/routes/admin.frameworks'
import * as adminSupervision from '#app/routes/admin.supervision'
import * as adminUsers from '#app/routes/admin.users'
import * as apprenticeship from '#app/routes/apprenticeships.$id'
import * as apprenticeships from '#app/routes/apprenticeships._index'
import * as cpdProfile from '#app/routes/cpd-profile'
import * as evidenceCsv from '#app/routes/evidence[.csv]'
import * as evidenceDetail from '#app/routes/evidence.$id'
import * as evidenceEdit from '#app/routes/evidence.$id_.edit'
import * as evidenceLog from '#app/routes/evidence._index'
import * as evidenceNew from '#app/routes/evidence.new'
import * as frameworkVersion from '#app/routes/frameworks.$code.$version'
import * as login from '#app/routes/login'
import * as signoff from '#app/routes/signoffs.$id'
import * as signoffNew from '#app/routes/signoffs.new'
import * as supervision from '#app/routes/supervision.$personId'
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

// Bad input must be answered with a 4xx that says what is wrong, never with a 500. Each table below sends what a
// browser never would (or a person could paste) and says what the answer should be. Malformed ids, numbers too
// large and character references that name no character are in bad-input-ids.test.ts.

const database = await createTestDatabase()
const today = todayInLondon()
const world = await badInputWorld(database)
const { owner, supervisor, principal, admin, apprentice, candidate, apprenticeshipId, entryId } = world
const { capabilityId, pendingSignoffId, signoffAsk } = world

const UNSTORABLE = /contains a character that cannot be stored/

const formCases: FormCase[] = [
  {
    name: 'sign-in email',
    fn: login.action,
    path: '/login',
    user: null,
    fields: { email: 'olive\u0000@example.org', password: 'not their password', redirectTo: '/' },
    field: 'email',
  },
  {
    name: 'new entry title',
    fn: evidenceNew.action,
    path: '/evidence/new',
    user: owner,
    fields: { intent: 'draft', title: 'Seating\u0000 course', description: 'A day on seating.' },
    field: 'title',
    kept: 'description',
  },
  {
    name: 'new entry reflection, with a bell character',
    fn: evidenceNew.action,
    path: '/evidence/new',
    user: owner,
    fields: { intent: 'draft', title: 'Seating course', reflectionLearned: 'Ding\u0007' },
    field: 'reflectionLearned',
    kept: 'title',
  },
  {
    name: 'mapping note on a new entry',
    fn: evidenceNew.action,
    path: '/evidence/new',
    user: owner,
    fields: { intent: 'draft', title: 'Mapped', 'map.0.capability': capabilityId, 'map.0.note': 'why\u0000' },
    field: 'map.0.note',
    kept: 'title',
  },
  {
    name: 'edited entry title',
    fn: evidenceEdit.action,
    path: `/evidence/${entryId}/edit`,
    params: { id: entryId },
    user: owner,
    fields: { intent: 'draft', title: 'Entry\u0000', description: 'Kept', revision: '2' },
    field: 'title',
    kept: 'description',
  },
  {
    name: 'reason for withdrawing an entry',
    fn: evidenceDetail.action,
    path: `/evidence/${entryId}`,
    params: { id: entryId },
    user: owner,
    fields: { intent: 'withdraw', reason: 'Twice\u0000' },
    field: 'reason',
  },
  {
    name: 'CPD profile summary',
    fn: cpdProfile.action,
    path: '/cpd-profile',
    user: owner,
    fields: { periodFrom: '2025-01-01', periodTo: '2025-12-31', summary: 'I am\u0000 an OT.', statement: 'Kept' },
    field: 'summary',
    kept: 'statement',
  },
  {
    name: 'CPD profile explanation of a gap',
    fn: cpdProfile.action,
    path: '/cpd-profile',
    user: owner,
    fields: { periodFrom: '2025-01-01', periodTo: '2025-12-31', summary: 'Kept', 'gap.2025-03': 'Leave\u0000' },
    field: 'gap.2025-03',
    kept: 'summary',
  },
  {
    name: 'note on a sign-off request',
    fn: signoffNew.action,
    path: `/signoffs/new?version=${signoffAsk.versionId}&domain=${signoffAsk.domainId}`,
    user: owner,
    fields: { ...signoffAsk, note: 'Ready\u0000' },
    field: 'note',
  },
  {
    name: 'comment returning a sign-off',
    fn: signoff.action,
    path: `/signoffs/${pendingSignoffId}`,
    params: { id: pendingSignoffId },
    user: supervisor,
    fields: { intent: 'decide', decision: 'return', comment: 'Add\u0000 more' },
    field: 'comment',
  },
  {
    name: 'supervision notes',
    fn: supervision.action,
    path: `/supervision/${owner.id}`,
    params: { personId: owner.id },
    user: supervisor,
    fields: {
      intent: 'record-session',
      heldOn: addDays(today, -1),
      kind: 'clinical',
      minutes: '60',
      notes: 'Cases\u0000',
      'action.0.text': 'Read the policy',
    },
    field: 'notes',
    kept: 'action.0.text',
  },
  {
    name: 'off-the-job activity',
    fn: apprenticeship.action,
    path: `/apprenticeships/${apprenticeshipId}`,
    params: { id: apprenticeshipId },
    user: apprentice,
    fields: { intent: 'log-otj', otjDate: addDays(today, -1), otjHours: '2', otjActivity: 'Lecture\u0000' },
    field: 'otjActivity',
    kept: 'otjHours',
  },
  {
    name: 'training provider of a new apprenticeship',
    fn: apprenticeships.action,
    path: '/apprenticeships',
    user: supervisor,
    fields: {
      personId: candidate.id,
      standardCode: 'ST0517',
      provider: 'University\u0000',
      startsOn: addDays(today, -7),
      plannedEndOn: addDays(today, 1400),
      weeklyHours: '37.5',
      agedNineteenPlus: 'yes',
    },
    field: 'provider',
    kept: 'weeklyHours',
  },
]

describe('a control character in a text field', () => {
  it.each(formCases)('is named beside the field, keeping the rest: $name', async (c) => {
    const outcome = await answer(c.fn, postRequest(c.path, c.fields), await contextFor(database, c.user), c.params)
    expect(outcome.status, String(outcome.data)).toBe(400)
    const values = outcome.data.values ?? outcome.data.profile ?? {}
    expect(outcome.data.fieldErrors[c.field]).toMatch(UNSTORABLE)
    if (c.kept) {
      const kept = c.fields[c.kept]
      expect(JSON.stringify(values)).toContain(kept)
    }
  })

  it('is named beside the version name of a Moodle upload', async () => {
    const outcome = await answer(
      manageFrameworks.action,
      multipart(
        '/admin/frameworks',
        { versionLabel: '2026\u0000' },
        { name: 'f.csv', content: moodleCsv('NUL-FW', '') },
      ),
      await contextFor(database, admin),
    )
    expect(outcome.status, String(outcome.data)).toBe(400)
    expect(outcome.data.fieldErrors.versionLabel).toMatch(UNSTORABLE)
  })

  it('is taken out of an uploaded file’s name', async () => {
    const outcome = await answer(
      manageFrameworks.action,
      multipart(
        '/admin/frameworks',
        { versionLabel: 'v1' },
        { name: 'frame\u0000work.csv', content: moodleCsv('NUL-NAME', '') },
      ),
      await contextFor(database, admin),
    )
    expect(outcome.status, String(outcome.data)).toBe(200)
    expect(outcome.data.preview.fileName).toBe('framework.csv')
  })

  it('leaves tabs and line breaks alone', async () => {
    const outcome = await answer(
      evidenceNew.action,
      postRequest('/evidence/new', { intent: 'draft', title: 'Tabbed', description: 'One\tTwo\r\nThree' }),
      await contextFor(database, owner),
    )
    expect(outcome.status).toBe(302)
  })
})

describe('a control character in a search', () => {
  const cases: {
    name: string
    fn: RouteFunction
    path: string
    user: { id: string }
    params?: Record<string, string>
  }[] = [
    { name: 'the CPD log', fn: evidenceLog.loader, path: '/evidence?q=seat%00ing', user: owner },
    { name: 'the CPD log download', fn: evidenceCsv.loader, path: '/evidence.csv?q=seat%00ing', user: owner },
    { name: 'people', fn: adminUsers.loader, path: '/admin/users?q=ol%00ive', user: admin },
    { name: 'supervision links', fn: adminSupervision.loader, path: '/admin/supervision?q=sam%00', user: admin },
    {
      name: 'a framework',
      fn: frameworkVersion.loader,
      path: '/frameworks/rcot-cdf/1?q=lead%00',
      user: owner,
      params: { code: 'rcot-cdf', version: '1' },
    },
  ]

  it.each(cases)('is ignored: $name', async (c) => {
    const outcome = await answer(c.fn, getRequest(c.path), await contextFor(database, c.user), c.params)
    expect(outcome.status, String(outcome.data)).toBe(200)
  })

  it('searches for the rest of the text', async () => {
    const outcome = await answer(
      evidenceLog.loader,
      getRequest('/evidence?q=Ent%00ry'),
      await contextFor(database, owner),
    )
    expect(outcome.data.filters.query).toBe('Entry')
    expect(outcome.data.log.items.map((i: { title: string }) => i.title)).toEqual(['Entry'])
  })
})

const OBJECT_KEYS = ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty']

describe('a choice named like a property every object has', () => {
  it.each(OBJECT_KEYS)('is an unknown apprenticeship action: %s', async (intent) => {
    const outcome = await answer(
      apprenticeship.action,
      postRequest(`/apprenticeships/${apprenticeshipId}`, { intent }),
      await contextFor(database, principal),
      { id: apprenticeshipId },
    )
    expect(outcome.status, String(outcome.data)).toBe(400)
    expect(outcome.data.fieldErrors.form).toBe('Unknown action')
  })

  it.each(OBJECT_KEYS)('is not an activity type of an entry: %s', async (activityType) => {
    const outcome = await answer(
      evidenceNew.action,
      postRequest('/evidence/new', { intent: 'draft', title: 'Typed', activityType }),
      await contextFor(database, owner),
    )
    expect(outcome.status, String(outcome.data)).toBe(400)
    expect(outcome.data.fieldErrors.activityType).toBe('Choose one of the activity types')
  })

  it.each(OBJECT_KEYS)('is not an activity type to filter the log by: %s', async (type) => {
    const outcome = await answer(
      evidenceLog.loader,
      getRequest(`/evidence?type=${type}`),
      await contextFor(database, owner),
    )
    expect(outcome.status).toBe(200)
    expect(outcome.data.filters.activityType).toBeNull()
  })
})
