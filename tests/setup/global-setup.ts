import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openPglite } from '#db/index'
import { migrateToLatest } from '#db/migrate'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { syncJobRoles } from '#app/models/people/job-roles.server'
import { adminPool, TEMPLATE_DATABASE } from '#tests/support/postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'pglite'; templatePath: string } | { kind: 'postgres'; adminUrl: string }
  }
}

const FRAMEWORK_DATA = path.resolve(__dirname, '../../framework-data')

/**
 * Migrates one template database (with job roles and framework-data loaded) for the whole run; each test
 * file then starts from a copy of it.
 * TEST_DATABASE_URL (a PostgreSQL server URL with rights to create databases) selects real PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (adminUrl) {
    const pool = adminPool(adminUrl)
    try {
      await pool.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`)
      await pool.query(`create database ${TEMPLATE_DATABASE}`)
    } finally {
      await pool.end()
    }
    const { createDatabase } = await import('#db/index')
    const template = await createDatabase(withDatabase(adminUrl, TEMPLATE_DATABASE))
    await migrateToLatest(template.db)
    await syncJobRoles(template.db)
    await loadFrameworkData(template.db, FRAMEWORK_DATA)
    await template.close()
    project.provide('testDatabase', { kind: 'postgres', adminUrl })
    return async () => {
      const cleanup = adminPool(adminUrl)
      const { rows } = await cleanup.query<{ datname: string }>(
        `select datname from pg_database where datname like 't\\_%'`,
      )
      for (const row of rows) await cleanup.query(`drop database if exists "${row.datname}" with (force)`)
      await cleanup.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`)
      await cleanup.end()
    }
  }

  const template = await openPglite({})
  await migrateToLatest(template.db)
  await syncJobRoles(template.db)
  await loadFrameworkData(template.db, FRAMEWORK_DATA)
  const dump = await template.pglite.dumpDataDir('none')
  await template.close()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-template-'))
  const templatePath = path.join(dir, 'template.tar')
  fs.writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()))
  project.provide('testDatabase', { kind: 'pglite', templatePath })
  return () => fs.rmSync(dir, { recursive: true, force: true })
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}
