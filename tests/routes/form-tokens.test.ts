import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'
import { FORM_TOKEN_FIELD, newFormToken } from '#app/lib/form-token'
import { FormTokenTakenError, purgeFormSubmissions, submitOnce } from '#app/models/shared/form-submission.server'
import { stageFrameworkUpload } from '#app/models/frameworks/uploads.server'
import * as adminFrameworks from '#app/routes/admin.frameworks'
import * as adminSupervision from '#app/routes/admin.supervision'
import * as adminTeams from '#app/routes/admin.teams'
import * as addPerson from '#app/routes/admin.users_.new'
import * as apprenticeship from '#app/routes/apprenticeships.$id'
import * as apprenticeships from '#app/routes/apprenticeships._index'
import * as newEvidence from '#app/routes/evidence.new'
import * as newSignoff from '#app/routes/signoffs.new'
import * as supervision from '#app/routes/supervision.$personId'
import { type BuiltUser, makeApprenticeship, makeSupervision, makeUser } from '#tests/support/builders'
import { type Outcome, contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'
import { moodleCsv } from '#tests/support/bad-input'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()

type Fields = Record<string, string> | [string, string][]
type Action = Parameters<typeof run>[0]

/** One create form, set up afresh for each test: who posts, where, a valid form (the nth of several), and a count. */
interface Prepared {
  user: BuiltUser
  path: string
  params?: Record<string, string>
  /** A valid form; a different n gives a second record that the rules allow beside the first. */
  fields: (n: number) => Fields
  /** A field whose typed value must come back when the token is refused. */
  kept?: [string, string]
  count: () => Promise<number>
}

interface CreateForm {
  name: string
  action: Action
  loader: Action
  prepare: () => Promise<Prepared>
}

const countOf = async (query: { executeTakeFirstOrThrow: () => Promise<{ n: number }> }) =>
  (await query.executeTakeFirstOrThrow()).n

async function supervisorAndSupervisee() {
  const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
  const supervisee = await makeUser(db)
  await makeSupervision(db, supervisor, supervisee, { startsOn: '2025-01-06' })
  return { supervisor, supervisee }
}

async function runningApprenticeship() {
  const { supervisor, supervisee } = await supervisorAndSupervisee()
  const id = await makeApprenticeship(db, supervisee, supervisor, { startsOn: addDays(today, -200) })
  return { supervisor, apprentice: supervisee, id, path: `/apprenticeships/${id}`, params: { id } }
}

const FORMS: CreateForm[] = [
  {
    name: 'a supervision session',
    action: supervision.action,
    loader: supervision.loader,
    prepare: async () => {
      const { supervisor, supervisee } = await supervisorAndSupervisee()
      return {
        user: supervisor,
        path: `/supervision/${supervisee.id}`,
        params: { personId: supervisee.id },
        fields: (n) => ({
          intent: 'record-session',
          heldOn: addDays(today, -1 - n),
          kind: 'clinical',
          minutes: '90',
          notes: 'Reviewed two complex cases.',
          nextOn: '',
        }),
        kept: ['notes', 'Reviewed two complex cases.'],
        count: () =>
          countOf(
            db
              .selectFrom('supervision_session')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('supervisee_id', '=', supervisee.id),
          ),
      }
    },
  },
  {
    name: 'a CPD entry',
    action: newEvidence.action,
    loader: newEvidence.loader,
    prepare: async () => {
      const owner = await makeUser(db)
      return {
        user: owner,
        path: '/evidence/new',
        fields: (n) => ({ intent: 'draft', title: `Seating study day ${n + 1}` }),
        kept: ['title', 'Seating study day 1'],
        count: () =>
          countOf(
            db
              .selectFrom('evidence')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('owner_id', '=', owner.id),
          ),
      }
    },
  },
  {
    name: 'a sign-off request',
    action: newSignoff.action,
    loader: newSignoff.loader,
    prepare: async () => {
      const { supervisee } = await supervisorAndSupervisee()
      const pillars = [await rcotDomain(db, 'PP'), await rcotDomain(db, 'FL')]
      const entries = [
        await completeEvidence(db, supervisee.id, ['5PP'], 'Moving and handling plan'),
        await completeEvidence(db, supervisee.id, ['5FL'], 'Taught a student'),
      ]
      return {
        user: supervisee,
        path: `/signoffs/new?version=${pillars[0].versionId}&domain=${pillars[0].domainId}`,
        fields: (n) => [
          ['versionId', pillars[n].versionId],
          ['domainId', pillars[n].domainId],
          ['levelId', pillars[n].levels['5']!],
          ['evidence', entries[n]],
          ['note', 'Ready for review'],
        ],
        kept: ['note', 'Ready for review'],
        count: () =>
          countOf(
            db
              .selectFrom('signoff_request')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('requester_id', '=', supervisee.id),
          ),
      }
    },
  },
  {
    name: 'an apprenticeship',
    action: apprenticeships.action,
    loader: apprenticeships.loader,
    prepare: async () => {
      const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
      const people = [await makeUser(db), await makeUser(db)]
      for (const person of people) await makeSupervision(db, supervisor, person, { startsOn: '2025-01-06' })
      return {
        user: supervisor,
        path: '/apprenticeships',
        fields: (n) => ({
          personId: people[n].id,
          standardCode: 'ST0517',
          provider: 'Example University',
          startsOn: addDays(today, -30),
          plannedEndOn: addDays(today, 1400),
          weeklyHours: '37.5',
          agedNineteenPlus: 'yes',
        }),
        kept: ['provider', 'Example University'],
        count: () =>
          countOf(
            db
              .selectFrom('apprenticeship')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where(
                'person_id',
                'in',
                people.map((p) => p.id),
              ),
          ),
      }
    },
  },
  {
    name: 'off-the-job hours',
    action: apprenticeship.action,
    loader: apprenticeship.loader,
    prepare: async () => {
      const { apprentice, id, path, params } = await runningApprenticeship()
      return {
        user: apprentice,
        path,
        params,
        fields: (n) => ({
          intent: 'log-otj',
          otjDate: addDays(today, -1 - n),
          otjHours: '6',
          otjActivity: 'University teaching day',
        }),
        kept: ['otjActivity', 'University teaching day'],
        count: () =>
          countOf(
            db
              .selectFrom('otj_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('apprenticeship_id', '=', id),
          ),
      }
    },
  },
  {
    name: 'placement hours',
    action: apprenticeship.action,
    loader: apprenticeship.loader,
    prepare: async () => {
      const { apprentice, id, path, params } = await runningApprenticeship()
      return {
        user: apprentice,
        path,
        params,
        fields: (n) => ({
          intent: 'log-placement',
          placementSetting: 'Community reablement team',
          placementFrom: addDays(today, -20 - 10 * n),
          placementTo: addDays(today, -16 - 10 * n),
          placementHours: '30',
        }),
        kept: ['placementSetting', 'Community reablement team'],
        count: () =>
          countOf(
            db
              .selectFrom('placement_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('apprenticeship_id', '=', id),
          ),
      }
    },
  },
  {
    name: 'a progress review',
    action: apprenticeship.action,
    loader: apprenticeship.loader,
    prepare: async () => {
      const { supervisor, id, path, params } = await runningApprenticeship()
      return {
        user: supervisor,
        path,
        params,
        fields: (n) => ({
          intent: 'record-review',
          reviewHeldOn: addDays(today, -70 + 40 * n),
          reviewNextOn: addDays(today, -10 + 40 * n),
          reviewProvider: 'Dr Tutor',
          reviewNotes: 'On track',
          reviewThreeWay: 'on',
        }),
        kept: ['reviewProvider', 'Dr Tutor'],
        count: () =>
          countOf(
            db
              .selectFrom('apprenticeship_review')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('apprenticeship_id', '=', id),
          ),
      }
    },
  },
  {
    name: 'a supervision link',
    action: adminSupervision.action,
    loader: adminSupervision.loader,
    prepare: async () => {
      const administrator = await makeUser(db, { roles: ['admin'] })
      const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
      const people = [await makeUser(db), await makeUser(db)]
      return {
        user: administrator,
        path: '/admin/supervision',
        fields: (n) => ({
          intent: 'start-link',
          supervisorId: supervisor.id,
          superviseeId: people[n].id,
          startsOn: today,
          endsOn: '',
        }),
        kept: ['startsOn', today],
        count: () =>
          countOf(
            db
              .selectFrom('supervision_link')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('supervisor_id', '=', supervisor.id),
          ),
      }
    },
  },
  {
    name: 'a person',
    action: addPerson.action,
    loader: addPerson.loader,
    prepare: async () => {
      const administrator = await makeUser(db, { roles: ['admin'] })
      const stem = newFormToken().slice(0, 8)
      const fields = (n: number) => ({ name: 'Tia Token', email: `tia.${stem}.${n}@example.test`, 'role.staff': 'on' })
      return {
        user: administrator,
        path: '/admin/users/new',
        fields,
        kept: ['name', 'Tia Token'],
        count: () =>
          countOf(
            db
              .selectFrom('app_user')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('email', 'like', `tia.${stem}.%`),
          ),
      }
    },
  },
  {
    name: 'a team',
    action: adminTeams.action,
    loader: adminTeams.loader,
    prepare: async () => {
      const administrator = await makeUser(db, { roles: ['admin'] })
      const stem = newFormToken().slice(0, 8)
      return {
        user: administrator,
        path: '/admin/teams',
        fields: (n) => ({ intent: 'create', name: `Token team ${stem} ${n}` }),
        kept: ['name', `Token team ${stem} 0`],
        count: () =>
          countOf(
            db
              .selectFrom('team')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('name', 'like', `Token team ${stem}%`),
          ),
      }
    },
  },
  {
    name: 'a framework import',
    action: adminFrameworks.action,
    loader: adminFrameworks.loader,
    prepare: async () => {
      const administrator = await makeUser(db, { roles: ['admin'] })
      const code = `TOKENS-${newFormToken().slice(0, 8)}`
      const uploads = await Promise.all(
        ['Plans seating', 'Plans seating and pressure care'].map((description) =>
          stageFrameworkUpload(db, {
            fileName: 'framework.csv',
            versionLabel: description,
            content: new TextEncoder().encode(moodleCsv(code, description)),
            uploadedBy: administrator.id,
          }),
        ),
      )
      return {
        user: administrator,
        path: '/admin/frameworks',
        fields: (n) => ({ intent: 'import', uploadId: uploads[n] }),
        count: () =>
          countOf(
            db
              .selectFrom('framework_version as v')
              .innerJoin('framework as f', 'f.id', 'v.framework_id')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('f.code', '=', code),
          ),
      }
    },
  },
]

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
