import { describe, expect, it } from 'vitest'
import { applyPeopleImport, checkPeopleFile } from '#app/models/people/import.server'
import { makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'] })
const PEOPLE = 10_000

/** A staff file the size of a large trust: one supervisor for every ten people, named in the file. */
function largeFile(): Uint8Array {
  const lines = [
    'Employee number,First name,Last name,Work email,Job role,Team,Supervisor email,Start date,Leaving date',
  ]
  for (let i = 0; i < PEOPLE; i += 1) {
    const supervisor = i % 10 === 0 ? '' : `scale.${i - (i % 10)}@import.test`
    lines.push(`S${i},Person,Number ${i},scale.${i}@import.test,ot,,${supervisor},06/01/2025,`)
  }
  return new TextEncoder().encode(lines.join('\n') + '\n')
}

describe('a 10,000-person staff file', () => {
  it(
    'is checked and applied well within a minute, and a second apply changes nothing',
    { timeout: 180_000 },
    async () => {
      const bytes = largeFile()
      const started = performance.now()
      const check = await checkPeopleFile(db, bytes)
      const checked = performance.now()
      expect(check.problems).toEqual([])
      const counts = await applyPeopleImport(db, { bytes, actorId: admin.id, fileName: 'scale.csv' })
      const applied = performance.now()
      expect(counts).toMatchObject({ created: PEOPLE, links: PEOPLE - PEOPLE / 10 })
      const again = await applyPeopleImport(db, { bytes, actorId: admin.id, fileName: 'scale.csv' })
      const reapplied = performance.now()
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: PEOPLE, links: 0 })
      const seconds = (to: number, from: number) => ((to - from) / 1000).toFixed(1)
      console.info(
        `people import of ${PEOPLE} rows: check ${seconds(checked, started)} s, apply ${seconds(applied, checked)} s, ` +
          `re-apply ${seconds(reapplied, applied)} s`,
      )
      expect(applied - started).toBeLessThan(60_000)
    },
  )
})
