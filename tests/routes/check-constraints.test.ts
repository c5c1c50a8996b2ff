import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { todayInLondon } from '#app/lib/dates'
import { answer, badInputWorld } from '#tests/support/bad-input'
import { type Reached, constraintTable } from '#tests/support/check-constraints'
import { contextFor, postRequest } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

// Every CHECK constraint in the database is either answered by a form, with a message beside the field and the
// rest of the input kept, or named in the table (tests/support/check-constraints.ts and its -unreachable sibling)
// with the reason no form can break it. A constraint added to a migration without an entry there fails the first
// test, so a limit the forms do not know about cannot slip in.

const database = await createTestDatabase()
const world = await badInputWorld(database)
const CONSTRAINTS = constraintTable(world, todayInLondon())

async function checkConstraintNames(): Promise<string[]> {
  const found = await sql<{ name: string }>`
    select c.conname as name
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'c' and n.nspname = current_schema()
    order by c.conname`.execute(database.db)
  return found.rows.map((row) => row.name)
}

describe('the database’s CHECK constraints', () => {
  it('are each in the table here, and the table names none that is gone', async () => {
    const inDatabase = await checkConstraintNames()
    expect(inDatabase.length).toBeGreaterThan(40)
    expect(inDatabase.filter((name) => !Object.hasOwn(CONSTRAINTS, name))).toEqual([])
    expect(Object.keys(CONSTRAINTS).filter((name) => !inDatabase.includes(name))).toEqual([])
  })

  const reached = Object.entries(CONSTRAINTS).filter((entry): entry is [string, Reached] => 'form' in entry[1])
  it.each(reached)('%s is answered by a message beside the field', async (_name, entry) => {
    const request = typeof entry.send === 'function' ? entry.send() : postRequest(entry.path, entry.send)
    const outcome = await answer(entry.fn, request, await contextFor(database, entry.user), entry.params ?? {})
    expect(outcome.status, JSON.stringify(outcome.data)).toBe(400)
    const data = outcome.data as { fieldErrors?: Record<string, string>; problems?: { message: string }[] }
    const message = entry.field === 'problems' ? data.problems?.[0]?.message : data.fieldErrors?.[entry.field]
    expect(message, `${entry.form}: ${JSON.stringify(data)}`).toMatch(/\w/)
    if (entry.kept) expect(JSON.stringify(outcome.data)).toContain(entry.kept)
  })

  it('says why each of the others cannot be reached from a form', () => {
    for (const entry of Object.values(CONSTRAINTS)) {
      if ('unreachable' in entry) expect(entry.unreachable.length).toBeGreaterThan(20)
    }
  })
})
