import { describe, expect, it } from 'vitest'
import * as csv from '#app/routes/workforce.capability[.csv]'
import * as matrix from '#app/routes/workforce.capability'
import { makeSupervision, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { approvedSignoff } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

describe('the workforce capability matrix', () => {
  it('shows each person against each pillar, counting only sign-offs whose evidence is unchanged', async () => {
    const principal = await makeUser(db, { roles: ['staff', 'principal'] })
    const senior = await makeUser(db, { roles: ['staff', 'supervisor'], jobRoleCode: 'senior-ot' })
    const ot = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'matrix', name: 'Mia Matrix' })
    await makeSupervision(db, senior, ot)
    await approvedSignoff(db, { personId: ot.id, approver: senior, pillar: 'PP', level: '6' })

    const outcome = await run(
      matrix.loader,
      getRequest('/workforce/capability?framework=rcot-cdf&team=matrix'),
      await contextFor(database, principal),
    )
    expect(outcome.status).toBe(200)
    const { people, domains } = outcome.data.matrix
    expect(people.map((p: { name: string }) => p.name)).toEqual(['Mia Matrix'])
    const cells = Object.fromEntries(
      people[0].cells.map((c: { domainId: string; standing: string }) => [
        domains.find((d: { id: string }) => d.id === c.domainId).code,
        c.standing,
      ]),
    )
    expect(cells).toEqual({ PP: 'above', FL: 'not-yet', LD: 'not-yet', ERD: 'not-yet' })
    expect(domains.find((d: { code: string }) => d.code === 'PP')).toMatchObject({ required: 1, metOrAbove: 1 })

    const file = await run(
      csv.loader,
      getRequest('/workforce/capability.csv?framework=rcot-cdf&team=matrix'),
      await contextFor(database, principal),
    )
    expect(file.status).toBe(200)
    expect(file.headers.get('Content-Disposition')).toMatch(/capability-rcot-cdf-matrix-\d{4}-\d{2}-\d{2}\.csv/)
    expect(String(file.data)).toContain('Mia Matrix,Occupational therapist')
  })

  it('refuses a supervisor and staff', async () => {
    for (const roles of [['staff'], ['staff', 'supervisor']] as const) {
      const person = await makeUser(db, { roles: [...roles] })
      const outcome = await run(matrix.loader, getRequest('/workforce/capability'), await contextFor(database, person))
      expect(outcome.status).toBe(403)
    }
  })
})
