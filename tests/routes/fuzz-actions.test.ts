import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type FieldCase,
  announceSeed,
  expectSafe,
  fieldCases,
  fillPath,
  formRequest,
  fuzz,
  fuzzTimeout,
} from '#tests/support/fuzz'
import { ACTION_RULES as RULES, type ActionRule, withFresh } from '#tests/support/fuzz-forms'
import { loadPage } from '#tests/support/fuzz-pages'
import { type FuzzWorld, buildFuzzWorld } from '#tests/support/fuzz-world'
import { createTestDatabase } from '#tests/support/test-db'

// Property-based tests of every form action: as a person who may use the form (most cases) or one who may not,
// each action gets a valid form with a few hostile changes (see fieldCases), and must answer without a server
// error, a stack trace or a redirect off the site. Fields the page sends, and the intents it knows, come from
// the route (tests/support/fuzz-forms.ts); the records aimed at are the world's (tests/support/fuzz-world.ts).

const RUNS = 40
const routesDir = path.resolve(__dirname, '../../app/routes')

const database = await createTestDatabase()
let world: FuzzWorld
beforeAll(async () => {
  announceSeed('fuzz-actions')
  world = await buildFuzzWorld(database)
}, 120_000)

const personaOf = (personas: ActionRule['personas']) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(personas[0]) }, fc.constantFrom(...personas))

// First, while every record is as the world made it (the fuzzing below retires frameworks, ends links).
describe('a multipart body that cannot be parsed', () => {
  // Every action reads its form through readForm, which answers such a body 400; the upload forms read multipart
  // themselves and refuse it beside the field; logout reads no form.
  for (const [file, rule] of Object.entries(RULES)) {
    it(`${file} answers it without a server error`, async () => {
      const module = await import(path.join(routesDir, file))
      const made = (await rule.fresh?.(world)) ?? { ids: {} }
      const names = [...rule.path.matchAll(/\$(\w+)/g)].map((match) => match[1])
      const own = Object.values(made.ids)[0] ?? world.people.staff.id
      const params = Object.fromEntries(names.map((name) => [name, name === 'personId' ? world.people.staff.id : own]))
      const fields = Object.entries(rule.base(world)).map(([key, value]): [string, string] => [
        key,
        made.ids[value] ?? value,
      ])
      const form: FieldCase = { fields, encoding: 'broken-multipart', raw: { key: '', bytes: '' } }
      const persona = rule.personas[0]
      const context = persona === 'owner' ? made.owner! : world.contexts[persona]
      await expectSafe(module.action, formRequest(fillPath(rule.path, params), form), context, params)
    })
  }
})

describe('every form action, with hostile input', () => {
  it('has a rule for every route that exports an action', async () => {
    const files = fs.readdirSync(routesDir).filter((file) => /\.tsx?$/.test(file))
    const withAction = []
    for (const file of files) if ((await import(path.join(routesDir, file))).action) withAction.push(file)
    expect(withAction.sort()).toEqual(Object.keys(RULES).sort())
  })

  for (const [file, rule] of Object.entries(RULES)) {
    it(
      `${file}: never a server error, a stack trace or a redirect off the site`,
      async () => {
        const module = await import(path.join(routesDir, file))
        const cases = fc.record({
          persona: personaOf(rule.personas),
          params: rule.params?.(world) ?? fc.constant<Record<string, string>>({}),
          form: fieldCases(rule.base(world), { known: rule.known, intents: rule.intents, realIds: world.ids }),
        })
        await fuzz(
          file,
          cases,
          async ({ persona, params, form }) => {
            const made = (await rule.fresh?.(world)) ?? { ids: {} }
            const { ids, sent } = withFresh(made.ids, params, form)
            const context = persona === 'owner' ? (made.owner ?? world.contexts.anonymous) : world.contexts[persona]
            const answer = await expectSafe(module.action, formRequest(fillPath(rule.path, ids), sent), context, ids)
            if (answer.location) {
              for (const address of [answer.location, ...(rule.shows ?? [])]) {
                await loadPage(address === '@calendar' ? await world.fresh.calendar() : address, context)
              }
            }
            return answer
          },
          RUNS,
        )
      },
      fuzzTimeout(RUNS),
    )
  }
})
