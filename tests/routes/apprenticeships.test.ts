import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'

import { changeApprenticeshipStatus, saveGatewayChecklist } from '#app/models/apprenticeship/programme.server'
import * as detail from '#app/routes/apprenticeships.$id'
import * as list from '#app/routes/apprenticeships._index'
import { makeApprenticeship, makeSupervision, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const yesterday = addDays(today, -1)

const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Prue Principal' })
const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sol Supervisor' })
const otherSupervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Oli Other' })
const apprentice = await makeUser(db, { name: 'Ava Apprentice', jobRoleCode: 'ascw' })
const colleague = await makeUser(db, { name: 'Cole Colleague' })
const admin = await makeUser(db, { roles: ['admin'] })
await makeSupervision(db, supervisor, apprentice)
await makeSupervision(db, otherSupervisor, colleague)
const startsOn = addDays(today, -200)
const apprenticeshipId = await makeApprenticeship(db, apprentice, principal, {
  startsOn,
  plannedEndOn: addDays(startsOn, 1460),
})
const path = `/apprenticeships/${apprenticeshipId}`
const params = { id: apprenticeshipId }

const postAs = async (user: { id: string }, fields: Record<string, string>) =>
  run(detail.action, postRequest(path, fields), await contextFor(database, user), params)

describe('the apprenticeships list', () => {
  it('sends someone signed out to sign in, and refuses staff and administrators', async () => {
    expect((await run(list.loader, getRequest('/apprenticeships'), await contextFor(database, null))).location).toMatch(
      /^\/login/,
    )
    expect(
      (await run(list.loader, getRequest('/apprenticeships'), await contextFor(database, apprentice))).status,
    ).toBe(403)
    expect((await run(list.loader, getRequest('/apprenticeships'), await contextFor(database, admin))).status).toBe(403)
  })

  it('shows a supervisor their own apprentices with progress, and another supervisor none', async () => {
    const mine = await run(list.loader, getRequest('/apprenticeships'), await contextFor(database, supervisor))
    expect(mine.data.apprenticeships).toEqual([
      expect.objectContaining({
        id: apprenticeshipId,
        personName: 'Ava Apprentice',
        pace: 'behind',
        status: 'on-programme',
      }),
    ])
    const theirs = await run(list.loader, getRequest('/apprenticeships'), await contextFor(database, otherSupervisor))
    expect(theirs.data.apprenticeships).toEqual([])
    expect(theirs.data.candidates.map((c: { id: string }) => c.id)).toEqual([colleague.id])
  })

  it('filters by stage', async () => {
    const context = await contextFor(database, principal)
    const onBreak = await run(list.loader, getRequest('/apprenticeships?stage=break-in-learning'), context)
    expect(onBreak.data.apprenticeships).toEqual([])
    const open = await run(list.loader, getRequest('/apprenticeships?stage=nonsense'), context)
    expect(open.data.stage).toBe('open')
    expect(open.data.apprenticeships.map((a: { id: string }) => a.id)).toContain(apprenticeshipId)
  })
})

describe('starting an apprenticeship', () => {
  const fields = (personId: string) => ({
    personId,
    standardCode: 'ST0517',
    provider: 'Example University',
    startsOn: addDays(today, -30),
    plannedEndOn: addDays(today, 1400),
    weeklyHours: '37.5',
    agedNineteenPlus: 'yes',
  })

  it('explains bad input beside each field and keeps what was typed', async () => {
    const outcome = await run(
      list.action,
      postRequest('/apprenticeships', {
        ...fields(colleague.id),
        weeklyHours: 'lots',
        plannedEndOn: addDays(today, -60),
      }),
      await contextFor(database, otherSupervisor),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors).toEqual({
      weeklyHours: 'Enter hours as a number, like 1.5 (for an hour and a half)',
      plannedEndOn: 'The planned end date must be after the start date',
    })
    expect(outcome.data.values.provider).toBe('Example University')
  })

  it('refuses a person the supervisor does not supervise as if they did not exist', async () => {
    const outcome = await run(
      list.action,
      postRequest('/apprenticeships', fields(apprentice.id)),
      await contextFor(database, otherSupervisor),
    )
    expect(outcome.status).toBe(404)
  })

  it('refuses a second apprenticeship beside the person field', async () => {
    const outcome = await run(
      list.action,
      postRequest('/apprenticeships', fields(apprentice.id)),
      await contextFor(database, supervisor),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.personId).toBe('Ava Apprentice already has an apprenticeship in progress')
    expect(outcome.data.values.weeklyHours).toBe('37.5')
  })

  it('starts one for a supervisee and opens its page with a confirmation', async () => {
    const outcome = await run(
      list.action,
      postRequest('/apprenticeships', fields(colleague.id)),
      await contextFor(database, otherSupervisor),
    )
    expect(outcome.status).toBe(302)
    expect(outcome.location).toMatch(/^\/apprenticeships\/[0-9a-f-]{36}$/)
    expect(outcome.headers.get('Set-Cookie')).toMatch(/^otp_flash=/)
  })
})

describe('an apprenticeship page', () => {
  it('shows the apprentice their own progress, with logging but not managing', async () => {
    const outcome = await run(detail.loader, getRequest(path), await contextFor(database, apprentice), params)
    expect(outcome.status).toBe(200)
    expect(outcome.data).toMatchObject({ isSelf: true, canLog: true, canManage: false, canList: false })
    expect(outcome.data.progress.placement).toMatchObject({ requiredMinutes: 60_000, loggedMinutes: 0 })
    expect(outcome.data.progress.review.state).toBe('overdue')
    expect(outcome.data.progress.series.length).toBeGreaterThan(5)
  })

  it('lets the supervisor manage it, and hides it from other staff and administrators', async () => {
    const mine = await run(detail.loader, getRequest(path), await contextFor(database, supervisor), params)
    expect(mine.data).toMatchObject({ canLog: true, canManage: true, canList: true })
    for (const user of [colleague, otherSupervisor, admin]) {
      expect((await run(detail.loader, getRequest(path), await contextFor(database, user), params)).status).toBe(404)
    }
    const unknown = { id: '00000000-0000-4000-8000-000000000000' }
    expect(
      (await run(detail.loader, getRequest('/apprenticeships/x'), await contextFor(database, principal), unknown))
        .status,
    ).toBe(404)
  })

  it('logs the apprentice’s off-the-job hours and confirms it', async () => {
    const outcome = await postAs(apprentice, {
      intent: 'log-otj',
      otjDate: yesterday,
      otjHours: '6',
      otjActivity: 'University teaching day',
    })
    expect(outcome.status).toBe(302)
    expect(outcome.location).toBe(`${path}#otj-title`)
    expect(outcome.headers.get('Set-Cookie')).toMatch(/^otp_flash=/)
  })

  it('refuses hours logged in the future beside the date, keeping the rest', async () => {
    const outcome = await postAs(apprentice, {
      intent: 'log-otj',
      otjDate: addDays(today, 1),
      otjHours: '3',
      otjActivity: 'Reading week',
    })
    expect(outcome.status).toBe(400)
    expect(outcome.data).toMatchObject({
      intent: 'log-otj',
      fieldErrors: { otjDate: 'The date cannot be in the future' },
      values: { otjHours: '3', otjActivity: 'Reading week' },
    })
  })

  it('answers 500 off-the-job hours in a day beside the hours, keeping the rest and logging nothing', async () => {
    const before = await db
      .selectFrom('otj_log')
      .select('id')
      .where('apprenticeship_id', '=', apprenticeshipId)
      .execute()
    const outcome = await postAs(apprentice, {
      intent: 'log-otj',
      otjDate: yesterday,
      otjHours: '500',
      otjActivity: 'Whole placement block',
    })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors).toEqual({ otjHours: expect.stringMatching(/at most 24 hours/) })
    expect(outcome.data.values).toMatchObject({ otjHours: '500', otjActivity: 'Whole placement block' })
    const after = await db
      .selectFrom('otj_log')
      .select('id')
      .where('apprenticeship_id', '=', apprenticeshipId)
      .execute()
    expect(after).toHaveLength(before.length)
    const fullDay = { intent: 'log-otj', otjDate: addDays(today, -2), otjHours: '24', otjActivity: 'Residential' }
    expect((await postAs(apprentice, fullDay)).status).toBe(302)
  })

  it('refuses a review dated before the start', async () => {
    const outcome = await postAs(supervisor, {
      intent: 'record-review',
      reviewHeldOn: addDays(startsOn, -1),
      reviewNextOn: addDays(startsOn, 60),
      reviewProvider: 'Dr Tutor',
      reviewNotes: '',
      reviewThreeWay: 'on',
    })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.reviewHeldOn).toMatch(/^The review cannot be before the apprenticeship started/)
  })

  it('asks that the review was three-way', async () => {
    const outcome = await postAs(supervisor, {
      intent: 'record-review',
      reviewHeldOn: yesterday,
      reviewNextOn: addDays(yesterday, 84),
      reviewProvider: 'Dr Tutor',
      reviewNotes: 'Good progress.',
    })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.reviewThreeWay).toMatch(/all took part/)
  })

  it('does not let the apprentice manage their own apprenticeship', async () => {
    const outcome = await postAs(apprentice, {
      intent: 'record-review',
      reviewHeldOn: yesterday,
      reviewNextOn: addDays(yesterday, 84),
      reviewProvider: 'Dr Tutor',
      reviewThreeWay: 'on',
    })
    expect(outcome.status).toBe(403)
    expect((await postAs(apprentice, { intent: 'complete', completedOn: yesterday, result: 'Pass' })).status).toBe(403)
  })

  it('answers other people’s attempts as if it did not exist, and an unknown intent as bad input', async () => {
    expect(
      (await postAs(colleague, { intent: 'log-otj', otjDate: yesterday, otjHours: '1', otjActivity: 'x' })).status,
    ).toBe(404)
    expect((await postAs(supervisor, { intent: 'delete-everything' })).status).toBe(400)
  })

  it('refuses hours on a day during a break in learning', async () => {
    await changeApprenticeshipStatus(db, {
      apprenticeshipId,
      status: 'break-in-learning',
      effectiveOn: today,
      note: '',
      actorId: supervisor.id,
    })
    const outcome = await postAs(apprentice, { intent: 'log-otj', otjDate: today, otjHours: '2', otjActivity: 'Study' })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.otjDate).toMatch(/break in learning/)
    await postAs(supervisor, { intent: 'change-status', newStatus: 'on-programme', statusOn: today, statusNote: '' })
  })

  it('records the result, making the apprentice an occupational therapist', async () => {
    await saveGatewayChecklist(db, {
      apprenticeshipId,
      done: { ksbs: true, modules: true, pad: true, englishMaths: true },
      englishMathsInPlan: false,
      actorId: supervisor.id,
    })
    const gateway = await postAs(supervisor, {
      intent: 'change-status',
      newStatus: 'gateway',
      statusOn: today,
      statusNote: '',
    })
    expect(gateway.status).toBe(302)
    const done = await postAs(principal, { intent: 'complete', completedOn: today, result: 'BSc (Hons), 2:1' })
    expect(done.status).toBe(302)
    const person = await db
      .selectFrom('app_user')
      .select('job_role_code')
      .where('id', '=', apprentice.id)
      .executeTakeFirst()
    expect(person?.job_role_code).toBe('ot')
    const page = await run(detail.loader, getRequest(path), await contextFor(database, apprentice), params)
    expect(page.data).toMatchObject({ canLog: false, record: { status: 'completed', result: 'BSc (Hons), 2:1' } })
  })
})
