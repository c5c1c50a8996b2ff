import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { addDays } from '#app/lib/dates'
import { newFormToken } from '#app/lib/form-token'
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
import { moodleCsv } from './bad-input'
import { type BuiltUser, makeApprenticeship, makeSupervision, makeUser } from './builders'
import type { run } from './routes'
import { completeEvidence, rcotDomain } from './signoffs'

// Every create form of the portal, as tests/routes/form-tokens.test.ts sends it: who posts, where, and how to count
// what it made.

export type Fields = Record<string, string> | [string, string][]
type Action = Parameters<typeof run>[0]

/** One create form, set up afresh for each test: who posts, where, a valid form (the nth of several), and a count. */
export interface Prepared {
  user: BuiltUser
  path: string
  params?: Record<string, string>
  /** A valid form; a different n gives a second record that the rules allow beside the first. */
  fields: (n: number) => Fields
  /** A field whose typed value must come back when the token is refused. */
  kept?: [string, string]
  count: () => Promise<number>
}

export interface CreateForm {
  name: string
  action: Action
  loader: Action
  prepare: () => Promise<Prepared>
}

/** The create forms, each set up afresh in the given database. */
export function createForms(db: Kysely<DB>, today: string): CreateForm[] {
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

  return [
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
        const fields = (n: number) => ({
          name: 'Tia Token',
          email: `tia.${stem}.${n}@example.test`,
          'role.staff': 'on',
        })
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
}
