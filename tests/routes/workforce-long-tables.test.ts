import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'
import { ROWS_SHOWN } from '#app/models/workforce/dashboard.rules'
import * as csv from '#app/routes/workforce[.csv]'
import * as dashboard from '#app/routes/workforce._index'
import { type BuiltUser, makeSupervision, makeSupervisionSession, makeUser } from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const today = todayInLondon()
const principal = await makeUser(db, { roles: ['staff', 'principal'], jobRoleCode: 'principal-ot' })

// More supervisors than the dashboard lists: each has one supervisee; the first few have seen theirs on schedule.
const SUPERVISORS = ROWS_SHOWN + 5
const supervisors: BuiltUser[] = []
for (let i = 0; i < SUPERVISORS; i++) {
  const name = `Long Supervisor ${String(i).padStart(2, '0')}`
  const supervisor = await makeUser(db, {
    roles: ['staff', 'supervisor'],
    jobRoleCode: 'senior-ot',
    teamCode: 'long',
    name,
  })
  const supervisee = await makeUser(db, { roles: ['staff'], jobRoleCode: 'ot', teamCode: 'long' })
  await makeSupervision(db, supervisor, supervisee, { startsOn: addDays(today, -400) })
  if (i < 5) {
    for (let days = 7; days <= 200; days += 28) {
      await makeSupervisionSession(db, supervisor, supervisee, { heldOn: addDays(today, -days), today })
    }
  }
  supervisors.push(supervisor)
}

describe('the dashboard’s long tables', () => {
  it('lists the supervisors with the lowest share first, up to its limit, and says how many there are', async () => {
    const { data } = await run(
      dashboard.loader,
      getRequest('/workforce?team=long'),
      await contextFor(database, principal),
    )
    expect(data.supervisorCount).toBe(SUPERVISORS)
    expect(data.compliance.bySupervisor).toHaveLength(ROWS_SHOWN)
    const shares = data.compliance.bySupervisor.map((row: { percent: number }) => row.percent)
    expect(shares).toEqual([...shares].sort((a, b) => a - b))
    // The five on schedule are the ones left out.
    const listed = new Set(data.compliance.bySupervisor.map((row: { id: string }) => row.id))
    expect(supervisors.slice(0, 5).filter((s) => listed.has(s.id))).toEqual([])
  })

  it('keeps every supervisor in the CSV', async () => {
    const file = await run(
      csv.loader,
      getRequest('/workforce.csv?team=long&section=compliance'),
      await contextFor(database, principal),
    )
    const rows = String(file.data)
      .split('\n')
      .filter((line) => line.startsWith('Supervisor,'))
    expect(rows).toHaveLength(SUPERVISORS)
  })
})
