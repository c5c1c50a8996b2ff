import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import { logOffTheJobHours } from '#app/models/apprenticeship/logs.server'
import { ApprenticeshipRuleError } from '#app/models/apprenticeship/programme.server'
import type { DB } from '#db/schema'
import { makeSupervision, makeUser } from './builders'

/** The day the apprenticeship model tests run on. */
export const TODAY = '2025-06-30'

/**
 * A principal OT and a supervisor in a fresh database, with the way to add an apprentice the supervisor supervises
 * and to log a day of off-the-job hours for them.
 */
export async function apprenticeshipFixture(db: Kysely<DB>) {
  const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Pat Principal' })
  const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sid Supervisor' })

  async function newApprentice(name: string, jobRoleCode = 'ascw') {
    const person = await makeUser(db, { name, jobRoleCode })
    await makeSupervision(db, supervisor, person, { startsOn: '2024-01-01' })
    return person
  }

  const otj = (apprenticeshipId: string, doneOn: string, minutes = 360) =>
    logOffTheJobHours(db, {
      apprenticeshipId,
      doneOn,
      minutes,
      activity: 'University teaching day',
      evidenceId: null,
      actorId: supervisor.id,
      today: TODAY,
    })

  return { principal, supervisor, newApprentice, otj }
}

/** Expects the call to break a rule on the given field. */
export async function refused(promise: Promise<unknown>, field: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApprenticeshipRuleError)
  expect((error as ApprenticeshipRuleError).field).toBe(field)
  if (message) expect((error as Error).message).toMatch(message)
}
