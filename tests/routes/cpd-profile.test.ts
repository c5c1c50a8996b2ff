import { describe, expect, it } from 'vitest'
import { createEvidence } from '#app/models/evidence/evidence.server'
import * as profile from '#app/routes/cpd-profile'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

const entry = (
  ownerId: string,
  title: string,
  startsOn: string,
  activityType: 'self-directed' | 'formal-educational',
) =>
  createEvidence(db, {
    ownerId,
    evidence: {
      ...EMPTY_EVIDENCE,
      status: 'complete',
      title,
      startsOn,
      minutes: 60,
      activityType,
      description: 'd',
      reflectionLearned: 'l',
      reflectionPractice: 'p',
      reflectionBenefit: 'b',
    },
  })

describe('the CPD profile', () => {
  it('lists the person’s dated entries in the period, flags gaps and reports readiness', async () => {
    const person = await makeUser(db)
    await entry(person.id, 'Course', '2025-01-10', 'formal-educational')
    await entry(person.id, 'Reading', '2025-06-10', 'self-directed')
    const context = await contextFor(database, person)
    const saved = await run(
      profile.action,
      postRequest('/cpd-profile', {
        periodFrom: '2025-01-01',
        periodTo: '2025-08-31',
        summary: 'I am an OT.',
        statement: '',
      }),
      context,
    )
    expect(saved.status).toBe(302)
    const page = await run(profile.loader, getRequest('/cpd-profile'), context)
    expect(page.data.activities.map((a: { title: string }) => a.title)).toEqual(['Course', 'Reading'])
    expect(page.data.gaps).toEqual([{ from: '2025-02', to: '2025-05', months: 4 }])
    const standard1 = page.data.readiness.find((c: { standard: number }) => c.standard === 1)
    expect(standard1.problems).toEqual(['1 gap of 3 or more months not explained'])
  })

  it('keeps an explanation of a gap and only the person’s own chosen entries', async () => {
    const person = await makeUser(db)
    const other = await makeUser(db)
    const mine = await entry(person.id, 'Mine', '2025-01-10', 'formal-educational')
    const theirs = await entry(other.id, 'Theirs', '2025-01-10', 'formal-educational')
    const context = await contextFor(database, person)
    const form = new URLSearchParams({
      periodFrom: '2025-01-01',
      periodTo: '2025-06-30',
      summary: '',
      statement: '',
      'gap.2025-02': 'Parental leave',
    })
    form.append('chosen', mine)
    form.append('chosen', theirs)
    const request = new Request('http://portal.test/cpd-profile', {
      method: 'POST',
      body: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://portal.test' },
    })
    await run(profile.action, request, context)
    const page = await run(profile.loader, getRequest('/cpd-profile'), context)
    expect(page.data.profile.chosenEvidenceIds).toEqual([mine])
    expect(page.data.profile.gapExplanations).toEqual({ '2025-02': 'Parental leave' })
    expect(page.data.readiness[0].problems).toEqual([])
  })

  it('refuses a period that ends before it starts, keeping the written text', async () => {
    const person = await makeUser(db)
    const outcome = await run(
      profile.action,
      postRequest('/cpd-profile', {
        periodFrom: '2025-06-01',
        periodTo: '2025-01-01',
        summary: 'Kept text',
        statement: '',
      }),
      await contextFor(database, person),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors).toEqual({ periodTo: 'The end of the period must be after its start' })
    expect(outcome.data.profile.summary).toBe('Kept text')
  })
})

describe('the period a new profile covers', () => {
  it('is the time since the last HCPC renewal for a registered OT, and the last two years otherwise', async () => {
    const { makeRegistration } = await import('#tests/support/builders')
    const { todayInLondon } = await import('#app/lib/dates')
    const today = todayInLondon()
    const registered = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot' })
    await makeRegistration(db, registered, { firstRegisteredOn: '2015-09-01', expiresOn: '2027-10-31' })
    const theirs = await run(profile.loader, getRequest('/cpd-profile'), await contextFor(database, registered))
    // OTs renew by 31 October of odd years: the current cycle began on 1 November of the last odd year passed.
    const year = Number(today.slice(0, 4))
    const lastOdd = year % 2 === 1 && today > `${year}-10-31` ? year : year % 2 === 1 ? year - 2 : year - 1
    expect(theirs.data.profile.periodFrom).toBe(`${lastOdd}-11-01`)
    expect(theirs.data.profile.periodTo).toBe(today)

    const apprentice = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot-apprentice' })
    const own = await run(profile.loader, getRequest('/cpd-profile'), await contextFor(database, apprentice))
    expect(own.data.profile.periodFrom).toBe(`${year - 2}-${today.slice(5, 7)}-01`)
  })
})
