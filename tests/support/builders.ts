import type { Kysely } from 'kysely'
import type { Role } from '../../app/auth/policy'
import { linkSupervision } from '../../app/models/supervision-links.server'
import { ensureTeam } from '../../app/models/teams.server'
import { createUser } from '../../app/models/users.server'
import type { DB } from '../../db/schema'

import type { EvidenceInput } from '../../app/models/evidence.schema'

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
