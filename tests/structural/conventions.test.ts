import { describe, expect, it } from 'vitest'
import {
  isServerFile,
  listFiles,
  needsServerSuffix,
  reachesDatabase,
  read,
  readsProcessEnv,
  routeChecksUser,
} from './rules'

const appFiles = listFiles('app', /\.tsx?$/)

describe('every route checks who is asking', () => {
  it('catches a route that forgets (synthetic)', () => {
    expect(routeChecksUser('app/routes/x.tsx', 'export async function loader() { return null }')).toBe(false)
    expect(
      routeChecksUser(
        'app/routes/x.tsx',
        'export async function loader({ context, request }) { requireUser(context, request) }',
      ),
    ).toBe(true)
  })
  it.each(listFiles('app/routes', /\.tsx?$/))('%s', (file) => {
    expect(routeChecksUser(file, read(file))).toBe(true)
  })
})

describe('only the model layer reaches the database', () => {
  it('catches a route importing kysely (synthetic)', () => {
    expect(reachesDatabase("import { sql } from 'kysely'")).toBe(true)
    expect(reachesDatabase("import { db } from '#db/index'")).toBe(true)
    expect(reachesDatabase("import type { DB } from '#db/schema'")).toBe(false)
  })
  const outside = appFiles.filter((file) => !/^app\/(models|auth)\//.test(file) && file !== 'app/entry.server.tsx')
  it.each(outside)('%s', (file) => {
    expect(reachesDatabase(read(file))).toBe(false)
  })
})

describe('server-only code is in .server files', () => {
  it('catches a plain module importing node: or lucia (synthetic)', () => {
    expect(needsServerSuffix("import fs from 'node:fs'")).toBe(true)
    expect(needsServerSuffix("import { x } from '#app/models/people/users.server'")).toBe(true)
    expect(needsServerSuffix("import { can } from '#app/auth/policy'")).toBe(false)
  })
  // Route modules are split by the compiler itself (loaders and actions never reach the browser).
  const shared = appFiles.filter(
    (file) => !file.startsWith('app/routes/') && file !== 'app/root.tsx' && !isServerFile(file),
  )
  it.each(shared)('%s', (file) => {
    expect(needsServerSuffix(read(file))).toBe(false)
  })
})

describe('configuration is read in one place', () => {
  it('catches process.env elsewhere (synthetic)', () => {
    expect(readsProcessEnv('const port = process.env.PORT')).toBe(true)
  })
  const files = [...appFiles, ...listFiles('db', /\.ts$/)].filter((file) => file !== 'app/lib/env.server.ts')
  it.each(files)('%s', (file) => {
    expect(readsProcessEnv(read(file))).toBe(false)
  })
})

describe('framework data names its source', () => {
  it.each(listFiles('framework-data', /\.json$/))('%s', (file) => {
    const data = JSON.parse(read(file)) as { source?: unknown }
    expect(typeof data.source === 'string' && data.source.trim().length > 0).toBe(true)
  })
})
