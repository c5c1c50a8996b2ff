import { describe, expect, it } from 'vitest'
import { buildGraph, findCycles, forbiddenDependency, leavesItsFolder, specifiersOf } from './graph'
import { listFiles, read } from './rules'

const sources = ['app', 'db', 'scripts', 'tests'].flatMap((dir) => listFiles(dir, /\.tsx?$/))
const graph = buildGraph(sources, read)

describe('one import scheme', () => {
  it('catches an import that climbs out of its folder, or the old alias (synthetic)', () => {
    const specifiers = specifiersOf("import { a } from '../lib/dates'\nimport type { B } from '~/models/x'")
    expect(specifiers.map(leavesItsFolder)).toEqual([true, true])
    expect(leavesItsFolder('#app/lib/dates')).toBe(false)
    expect(leavesItsFolder('./sibling')).toBe(false)
  })
  it.each(sources)('%s', (file) => {
    expect(specifiersOf(read(file)).filter(leavesItsFolder)).toEqual([])
  })
})

describe('dependencies point one way', () => {
  it('catches lib importing a model, a model importing the session, a component importing server code (synthetic)', () => {
    expect(forbiddenDependency('app/lib/csv.ts', 'app/models/evidence/evidence.schema.ts')).toMatch(/no domain/)
    expect(forbiddenDependency('app/models/x/y.server.ts', 'app/auth/session.server.ts')).toMatch(/pure policy/)
    expect(forbiddenDependency('app/models/x/y.server.ts', 'app/auth/policy.ts')).toBeNull()
    expect(forbiddenDependency('app/components/a.tsx', 'app/models/x/y.server.ts')).toMatch(/no .server/)
  })
  const appFiles = sources.filter((file) => file.startsWith('app/'))
  it.each(appFiles)('%s', (file) => {
    const broken = (graph.get(file) ?? [])
      .map((target) => ({ target, reason: forbiddenDependency(file, target) }))
      .filter((edge) => edge.reason !== null)
    expect(broken).toEqual([])
  })
})

describe('no import cycles', () => {
  it('finds a cycle through three files and a file importing itself (synthetic)', () => {
    const planted = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ])
    expect(findCycles(planted)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']])
  })
  it('has none anywhere in app, db, scripts or tests', () => {
    expect(findCycles(graph)).toEqual([])
  })
})
