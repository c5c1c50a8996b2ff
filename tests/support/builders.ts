import type { Kysely } from 'kysely'
import type { Role } from '#app/auth/policy'
import { type NewApprenticeship, startApprenticeship } from '#app/models/apprenticeship/programme.server'
import { linkSupervision } from '#app/models/supervision/links.server'
import type { SessionInput } from '#app/models/supervision/supervision.schema'
import { recordSupervisionSession } from '#app/models/supervision/sessions.server'
import { ensureTeam } from '#app/models/people/teams.server'
import { createUser } from '#app/models/people/users.server'
import type { DB } from '#db/schema'

import type { EvidenceInput } from '#app/models/evidence/evidence.schema'
import { todayInLondon } from '#app/lib/dates'
import { saveRegistration } from '#app/models/registration/registration.server'

let sequence = 0

/** A draft with nothing but a title; spread it and override what a test needs. */
export const EMPTY_EVIDENCE: EvidenceInput = {
  status: 'draft',
  title: 'Untitled',
  activityType: null,
  startsOn: null,
  endsOn: null,
  minutes: null,
  description: null,
  reflectionWhat: null,
  reflectionLearned: null,
  reflectionPractice: null,
  reflectionBenefit: null,
  mappings: [],
}

export function uniqueEmail(prefix = 'person'): string {
  sequence += 1
  return `${prefix}.${process.pid}.${Date.now().toString(36)}.${sequence}@example.test`
}

export interface BuiltUser {
  id: string
  email: string
  name: string
  roles: Role[]
  password: string | null
}

export const TEST_PASSWORD = 'correct horse battery staple'

/** A person made through the same model function the app uses. */
export async function makeUser(
  db: Kysely<DB>,
  options: {
    roles?: Role[]
    name?: string
    jobRoleCode?: string | null
    teamCode?: string
    password?: string | null
  } = {},
): Promise<BuiltUser> {
  const roles = options.roles ?? ['staff']
  const email = uniqueEmail(roles.join('-'))
  const name = options.name ?? `Test ${roles.join(' ')} ${sequence}`
  const teamId = options.teamCode
    ? await ensureTeam(db, { code: options.teamCode, name: `Team ${options.teamCode}` })
    : null
  // Hashing costs ~0.3 s with argon2id's real parameters, so only people who sign in get a password.
  const password = options.password ?? null
  const id = await createUser(db, {
    email,
    name,
    roles,
    jobRoleCode:
      options.jobRoleCode === undefined
        ? roles.includes('admin') && roles.length === 1
          ? null
          : 'ot'
        : options.jobRoleCode,
    teamId,
    password: password ?? undefined,
  })
  return { id, email, name, roles, password }
}

export async function makeSupervision(
  db: Kysely<DB>,
  supervisor: { id: string },
  supervisee: { id: string },
  dates: { startsOn?: string; endsOn?: string | null } = {},
): Promise<string> {
  return linkSupervision(db, {
    supervisorId: supervisor.id,
    superviseeId: supervisee.id,
    startsOn: dates.startsOn ?? '2024-01-01',
    endsOn: dates.endsOn ?? null,
  })
}

/** An HCPC registration recorded through the model, as the registrant would on `today`. */
export async function makeRegistration(
  db: Kysely<DB>,
  person: { id: string },
  options: { number?: string; firstRegisteredOn?: string; expiresOn: string; today?: string },
): Promise<string> {
  sequence += 1
  const number = options.number ?? `OT${String((process.pid * 7 + sequence) % 1_000_000)}`
  await saveRegistration(db, {
    personId: person.id,
    actorId: person.id,
    form: { number, firstRegisteredOn: options.firstRegisteredOn ?? '2015-09-01', expiresOn: options.expiresOn },
    today: options.today ?? todayInLondon(),
  })
  return number
}

/** A supervision session recorded through the model by a current supervisor (ninety minutes, no notes by default). */
export async function makeSupervisionSession(
  db: Kysely<DB>,
  supervisor: { id: string },
  supervisee: { id: string },
  session: Partial<SessionInput> & { today?: string } = {},
): Promise<string> {
  const { today, ...fields } = session
  return recordSupervisionSession(
    db,
    {
      heldOn: '2026-01-15',
      kind: 'professional',
      minutes: 90,
      notes: '',
      nextOn: null,
      actions: [],
      ...fields,
      supervisorId: supervisor.id,
      superviseeId: supervisee.id,
    },
    today,
  )
}

/** An apprenticeship started through the model, on the OT degree by default, full-time from 6 January 2025. */
export async function makeApprenticeship(
  db: Kysely<DB>,
  apprentice: { id: string },
  actor: { id: string },
  options: Partial<Omit<NewApprenticeship, 'personId' | 'actorId'>> = {},
): Promise<string> {
  return startApprenticeship(db, {
    standardCode: 'ST0517',
    provider: 'Test University',
    startsOn: '2025-01-06',
    plannedEndOn: '2029-01-05',
    weeklyMinutes: 37.5 * 60,
    agedNineteenPlusAtStart: true,
    ...options,
    personId: apprentice.id,
    actorId: actor.id,
  })
}
