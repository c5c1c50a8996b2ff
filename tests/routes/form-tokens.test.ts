import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { todayInLondon } from '#app/lib/dates'
import { FORM_TOKEN_FIELD, newFormToken } from '#app/lib/form-token'
import { FormTokenTakenError, purgeFormSubmissions, submitOnce } from '#app/models/shared/form-submission.server'
import { type BuiltUser, makeUser } from '#tests/support/builders'
import { type CreateForm, type Fields, type Prepared, createForms } from '#tests/support/create-forms'
import { type Outcome, contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const FORMS = createForms(db, today)

async function post(
  form: CreateForm,
  prepared: Prepared,
  fields: Fields,
  options: { formToken?: string | null; as?: BuiltUser } = {},
): Promise<Outcome> {
  return run(
    form.action,
    postRequest(prepared.path, fields, {}, { formToken: options.formToken }),
    await contextFor(database, options.as ?? prepared.user),
    prepared.params,
  )
}

describe.each(FORMS)('the form for $name', (form) => {
  it('gives every render of the page a new token', async () => {
    const prepared = await form.prepare()
    const context = await contextFor(database, prepared.user)
    const first = await run(form.loader, getRequest(prepared.path), context, prepared.params)
    const second = await run(form.loader, getRequest(prepared.path), context, prepared.params)
    expect(first.data.formToken).toMatch(/^[0-9a-f-]{36}$/)
    expect(second.data.formToken).not.toBe(first.data.formToken)
  })

  it('makes one record when the same form is sent twice, and answers the second like the first', async () => {
    const prepared = await form.prepare()
    const before = await prepared.count()
    const token = newFormToken()
    const first = await post(form, prepared, prepared.fields(0), { formToken: token })
    expect(first.status).toBe(302)
    const again = await post(form, prepared, prepared.fields(0), { formToken: token })
    expect(again.status).toBe(302)
    expect(again.location).toBe(first.location)
    expect(await prepared.count()).toBe(before + 1)
  })

  it('makes a second record from a new render of the form', async () => {
    const prepared = await form.prepare()
    const before = await prepared.count()
    expect((await post(form, prepared, prepared.fields(0), { formToken: newFormToken() })).status).toBe(302)
    expect((await post(form, prepared, prepared.fields(1), { formToken: newFormToken() })).status).toBe(302)
    expect(await prepared.count()).toBe(before + 2)
  })

  it('makes one record when two copies of the form arrive at once', async () => {
    const prepared = await form.prepare()
    const before = await prepared.count()
    const token = newFormToken()
    const answers = await Promise.all([
      post(form, prepared, prepared.fields(0), { formToken: token }),
      post(form, prepared, prepared.fields(0), { formToken: token }),
    ])
    expect(answers.map((a) => a.status)).toEqual([302, 302])
    expect(answers[1].location).toBe(answers[0].location)
    expect(await prepared.count()).toBe(before + 1)
  })

  it.each([
    ['missing', null],
    ['malformed', 'not-a-token'],
  ])('answers a %s token with a message beside it, keeping what was typed and saving nothing', async (_, value) => {
    const prepared = await form.prepare()
    const before = await prepared.count()
    const outcome = await post(form, prepared, prepared.fields(0), { formToken: value })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors[FORM_TOKEN_FIELD]).toMatch(/nothing was saved/)
    if (prepared.kept) expect(outcome.data.values[prepared.kept[0]]).toBe(prepared.kept[1])
    expect(await prepared.count()).toBe(before)
  })
})

describe('a token someone else used', () => {
  it('does not replay their entry for another person, and saves nothing', async () => {
    const form = FORMS.find((f) => f.name === 'a CPD entry')!
    const mine = await form.prepare()
    const theirs = await form.prepare()
    const token = newFormToken()
    const first = await post(form, mine, mine.fields(0), { formToken: token })
    expect(first.status).toBe(302)
    const replayed = await post(form, theirs, theirs.fields(0), { formToken: token })
    expect(replayed.status).toBe(409)
    expect(replayed.data.fieldErrors[FORM_TOKEN_FIELD]).toMatch(/already sent/)
    expect(JSON.stringify(replayed.data)).not.toContain(first.location!.split('/').pop())
    expect(replayed.data.values.title).toBe('Seating study day 1')
    expect(await theirs.count()).toBe(0)
    expect(await mine.count()).toBe(1)
  })

  it('is refused on another form of the same person', async () => {
    const supervisionForm = FORMS[0]
    const prepared = await supervisionForm.prepare()
    const token = newFormToken()
    expect((await post(supervisionForm, prepared, prepared.fields(0), { formToken: token })).status).toBe(302)
    const evidence = await post(
      FORMS[1],
      { ...prepared, path: '/evidence/new', params: {} },
      { intent: 'draft', title: 'x' },
      {
        formToken: token,
      },
    )
    expect(evidence.status).toBe(409)
  })
})

describe('submitOnce', () => {
  it('keeps nothing of a create that failed, so the same token can be sent again', async () => {
    const user = await makeUser(db)
    const token = newFormToken()
    const key = { token, userId: user.id, kind: 'test' }
    await expect(
      submitOnce(db, key, async () => {
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await submitOnce(db, key, async () => ({ id: 'made' }))).toEqual({ result: { id: 'made' }, replayed: false })
    expect(await submitOnce(db, key, async () => ({ id: 'again' }))).toEqual({ result: { id: 'made' }, replayed: true })
  })

  it('makes the second of two overlapping submissions wait for the first and answer with its result', async () => {
    const user = await makeUser(db)
    const key = { token: newFormToken(), userId: user.id, kind: 'test' }
    let made = 0
    const slow = submitOnce(db, key, async () => {
      made += 1
      await new Promise((resolve) => setTimeout(resolve, 300))
      return { id: 'first' }
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const second = submitOnce(db, key, async () => {
      made += 1
      return { id: 'second' }
    })
    expect(await Promise.all([slow, second])).toEqual([
      { result: { id: 'first' }, replayed: false },
      { result: { id: 'first' }, replayed: true },
    ])
    expect(made).toBe(1)
  })

  it('refuses a token claimed by another person', async () => {
    const [one, two] = [await makeUser(db), await makeUser(db)]
    const token = newFormToken()
    await submitOnce(db, { token, userId: one.id, kind: 'test' }, async () => 'first')
    await expect(submitOnce(db, { token, userId: two.id, kind: 'test' }, async () => 'second')).rejects.toBeInstanceOf(
      FormTokenTakenError,
    )
  })

  it('purges tokens older than the given time and keeps newer ones', async () => {
    const user = await makeUser(db)
    const old = newFormToken()
    const recent = newFormToken()
    await submitOnce(db, { token: old, userId: user.id, kind: 'test' }, async () => 1)
    await submitOnce(db, { token: recent, userId: user.id, kind: 'test' }, async () => 2)
    await sql`update form_submission set created_at = now() - interval '10 days' where token = ${old}`.execute(db)
    await purgeFormSubmissions(db, new Date(Date.now() - 7 * 24 * 60 * 60_000))
    const left = await db.selectFrom('form_submission').select('token').where('token', 'in', [old, recent]).execute()
    expect(left.map((row) => row.token)).toEqual([recent])
  })
})
