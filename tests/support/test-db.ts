import fs from 'node:fs'
import { afterAll, inject } from 'vitest'
import { type AppDatabase, createDatabase, openPglite } from '#db/index'
import { withDatabase } from '#tests/setup/global-setup'
import { TEMPLATE_DATABASE, adminPool } from './postgres'

let counter = 0

/**
 * A fresh, migrated database for one test file, copied from the run's template: PGlite by default,
 * PostgreSQL when the run has TEST_DATABASE_URL. Closed (and dropped) after the file's tests.
 */
export async function createTestDatabase(): Promise<AppDatabase> {
  const target = inject('testDatabase')
  let database: AppDatabase
  if (target.kind === 'pglite') {
    const tarball = new Blob([fs.readFileSync(target.templatePath)])
    database = await openPglite({ loadDataDir: tarball })
  } else {
    const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`
    const pool = adminPool(target.adminUrl)
    try {
      await pool.query(`create database ${name} template ${TEMPLATE_DATABASE}`)
    } finally {
      await pool.end()
    }
    const opened = await createDatabase(withDatabase(target.adminUrl, name))
    database = {
      ...opened,
      close: async () => {
        await opened.close()
        const cleanup = adminPool(target.adminUrl)
        await cleanup.query(`drop database if exists ${name} with (force)`).finally(() => cleanup.end())
      },
    }
  }
  afterAll(() => database.close())
  return database
}
