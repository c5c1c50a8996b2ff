import { describe, expect, it } from 'vitest'
import { can } from '#app/auth/policy'
import { addDays, formatUkDate, todayInLondon } from '#app/lib/dates'
import { takeFlash } from '#app/lib/flash.server'
import { getSelfMappings, recordSelfMapping } from '#app/models/capabilities/self-mapping.server'
import { getPersonSubject } from '#app/models/people/users.server'
import * as capabilities from '#app/routes/capabilities'
import * as record from '#app/routes/people.$id'
import { makeSupervision, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run, testEnv } from '#tests/support/routes'
import { rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const pp = await rcotDomain(db, 'PP')

const ot = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', name: 'Olivia Mapper' })
const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Senior' })
const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Priya Principal' })
const stranger = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Stan Stranger' })
const colleague = await makeUser(db, { roles: ['staff'], name: 'Colin Colleague' })
const administrator = await makeUser(db, { roles: ['admin'] })
const supervisee = await makeUser(db, { roles: ['staff'], name: 'Sid Supervisee' })
await makeSupervision(db, supervisor, ot, { startsOn: '2025-01-06' })
await makeSupervision(db, supervisor, supervisee, { startsOn: '2025-01-06' })

const fields = (overrides: Record<string, string> = {}) => ({
  versionId: pp.versionId,
  domainId: pp.domainId,
  levelId: pp.levels['6']!,
  mappedOn: addDays(today, -2),
  rationale: 'I run the seating clinic and review others’ complex cases.',
  ...overrides,
})
const post = async (user: { id: string }, overrides: Record<string, string> = {}) =>
  run(capabilities.action, postRequest('/capabilities', fields(overrides)), await contextFor(database, user))
const mappingsOf = (personId: string) => getSelfMappings(db, { personId, versionIds: [pp.versionId] })

describe('recording a self-mapping on /capabilities', () => {
  it('saves it and confirms what was saved', async () => {
    const person = await makeUser(db, { roles: ['staff'] })
    const outcome = await post(person)
    expect(outcome.status).toBe(302)
    expect(outcome.location).toBe(`/capabilities?mapped=${pp.domainId}#self-map-${pp.domainId}`)
    const cookie = outcome.headers.get('Set-Cookie')!.split(';')[0]!
    const { flash } = await takeFlash(testEnv, new Request('http://portal.test/', { headers: { Cookie: cookie } }))
    expect(flash?.message).toBe(
      `Self-mapping saved: Professional Practice at Level 6, dated ${formatUkDate(addDays(today, -2))}.`,
    )
    const page = await run(
      capabilities.loader,
      getRequest(`/capabilities?mapped=${pp.domainId}`),
      await contextFor(database, person),
    )
    expect(page.data.openDomainId).toBe(pp.domainId)
    expect(page.data.selfMappings[pp.domainId].current).toMatchObject({ levelName: 'Level 6' })
    expect(page.data.today).toBe(today)
  })

  it('keeps every mapping as history, newest current', async () => {
    const person = await makeUser(db, { roles: ['staff'] })
    await post(person, { levelId: pp.levels['5']!, mappedOn: addDays(today, -60) })
    await post(person, { levelId: pp.levels['6']!, mappedOn: today })
    const page = await run(capabilities.loader, getRequest('/capabilities'), await contextFor(database, person))
    const mapping = page.data.selfMappings[pp.domainId]
    expect(mapping.current.levelName).toBe('Level 6')
    expect(mapping.history.map((m: { levelName: string }) => m.levelName)).toEqual(['Level 6', 'Level 5'])
  })

  it('records a form sent twice with one token once, and refuses a form without a token', async () => {
    const person = await makeUser(db, { roles: ['staff'] })
    const context = await contextFor(database, person)
    const page = await run(capabilities.loader, getRequest('/capabilities'), context)
    const once = { ...fields({ levelId: pp.levels['4']! }), formToken: page.data.formToken }
    const first = await run(capabilities.action, postRequest('/capabilities', once), context)
    const again = await run(capabilities.action, postRequest('/capabilities', once), context)
    expect(again.location).toBe(first.location)
    expect((await mappingsOf(person.id))[pp.domainId]!.history).toHaveLength(1)

    const bare = await run(
      capabilities.action,
      postRequest('/capabilities', fields({ rationale: 'Kept when refused' }), {}, { formToken: null }),
      context,
    )
    expect(bare.status).toBe(400)
    expect(bare.data.fieldErrors.formToken).toMatch(/could not be matched/)
    expect(bare.data.values.rationale).toBe('Kept when refused')
    expect((await mappingsOf(person.id))[pp.domainId]!.history).toHaveLength(1)
  })

  it('answers bad input beside the fields and keeps what was typed', async () => {
    const person = await makeUser(db, { roles: ['staff'] })
    const outcome = await post(person, { mappedOn: addDays(today, 1), rationale: '  ', levelId: '' })
    expect(outcome.status).toBe(400)
    expect(outcome.data.domainId).toBe(pp.domainId)
    expect(outcome.data.fieldErrors).toMatchObject({
      mappedOn: 'The date cannot be in the future',
      rationale: 'Say briefly why you map yourself at this level',
      levelId: 'Choose the level you map yourself at',
    })
    expect(outcome.data.values.mappedOn).toBe(addDays(today, 1))
    expect(await mappingsOf(person.id)).toEqual({})
  })

  it('answers a level from another framework beside the level, keeping the rationale', async () => {
    const person = await makeUser(db, { roles: ['staff'] })
    const other = await db
      .selectFrom('framework_level')
      .select('id')
      .where('version_id', '<>', pp.versionId)
      .executeTakeFirstOrThrow()
    const outcome = await post(person, { levelId: other.id })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.levelId).toMatch(/level/)
    expect(outcome.data.values.rationale).toBe(fields().rationale)
  })

  it('records for the signed-in person only: a supervisor cannot record for their supervisee', async () => {
    const outcome = await run(
      capabilities.action,
      postRequest('/capabilities', { ...fields(), personId: supervisee.id }),
      await contextFor(database, supervisor),
    )
    expect(outcome.status).toBe(302)
    expect(await mappingsOf(supervisee.id)).toEqual({})
    expect((await mappingsOf(supervisor.id))[pp.domainId]).toBeDefined()
    const subject = (await getPersonSubject(db, supervisee.id))!
    expect(can(supervisor, 'self-mapping.record', subject)).toBe(false)
    expect(can(principal, 'self-mapping.record', subject)).toBe(false)
    expect(can(supervisee, 'self-mapping.record', subject)).toBe(true)
  })

  it('is refused to an administrator and sends someone signed out to sign in', async () => {
    expect((await post(administrator)).status).toBe(403)
    const outcome = await run(
      capabilities.action,
      postRequest('/capabilities', fields()),
      await contextFor(database, null),
    )
    expect(outcome.status).toBe(302)
    expect(outcome.location).toMatch(/^\/login/)
  })
})

await recordSelfMapping(db, {
  personId: ot.id,
  form: { ...fields(), levelId: pp.levels['5']!, rationale: 'Shared view for supervision' },
})

describe('reading a self-mapping on /people/:id', () => {
  const open = async (viewer: { id: string }) =>
    run(record.loader, getRequest(`/people/${ot.id}`), await contextFor(database, viewer), { id: ot.id })

  it('shows the person, their supervisor today and the principal OT the self-mapping', async () => {
    for (const viewer of [ot, supervisor, principal]) {
      const outcome = await open(viewer)
      expect(outcome.status).toBe(200)
      expect(outcome.data.selfMappings[pp.domainId].current).toMatchObject({
        levelName: 'Level 5',
        rationale: 'Shared view for supervision',
      })
    }
  })

  it('is not found for a stranger, a colleague or an administrator', async () => {
    for (const viewer of [stranger, colleague, administrator]) {
      expect((await open(viewer)).status).toBe(404)
    }
    const subject = (await getPersonSubject(db, ot.id))!
    expect(can(stranger, 'self-mapping.read', subject)).toBe(false)
    expect(can(administrator, 'self-mapping.read', subject)).toBe(false)
  })
})
