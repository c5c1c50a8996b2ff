import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type DB, acquireDataDirLock, createDatabase, openPglite } from '#db/index'
import { seedDemo } from '#scripts/demo/seed'
import { backupDatabase, describeRestore, restoreDatabase } from '#scripts/lib/backup/backup'
import { BackupError, RestoreRefusedError } from '#scripts/lib/backup/errors'
import { sequenceValues, tableFingerprints } from '#scripts/lib/backup/inventory'
import { withDatabase } from '#tests/setup/global-setup'
import { TEMPLATE_DATABASE, adminPool } from '#tests/support/postgres'
import { root } from '#tests/support/server'

const run = promisify(execFile)
const target = inject('testDatabase')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-backup-'))
const made: string[] = []

/**
 * A database addressed by URL, as the commands see it (a folder for PGlite, a database of its own on PostgreSQL),
 * either empty or a copy of the migrated template; `job` runs on the copy before it closes.
 */
async function newDatabase(from: 'template' | 'nothing', job?: (db: Kysely<DB>) => Promise<unknown>): Promise<string> {
  const name = `t_${process.pid}_backup_${made.length}`
  made.push(name)
  let url: string
  if (target.kind === 'pglite') {
    const dataDir = path.join(work, name)
    url = `pglite://${dataDir}`
    if (from === 'template') {
      const database = await openPglite({ dataDir, loadDataDir: new Blob([fs.readFileSync(target.templatePath)]) })
      await job?.(database.db)
      await database.close()
    }
    return url
  }
  const pool = adminPool(target.adminUrl)
  try {
    await pool.query(`create database ${name}${from === 'template' ? ` template ${TEMPLATE_DATABASE}` : ''}`)
  } finally {
    await pool.end()
  }
  url = withDatabase(target.adminUrl, name)
  if (job) await onDatabase(url, job)
  return url
}

async function onDatabase<T>(url: string, job: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const database = await createDatabase(url)
  try {
    return await job(database.db)
  } finally {
    await database.close()
  }
}

/** Every table's row count and content checksum, and every sequence's position. */
async function fingerprint(db: Kysely<DB>) {
  return { tables: await tableFingerprints(db), sequences: await sequenceValues(db) }
}

function contentOf(url: string) {
  return onDatabase(url, fingerprint)
}

async function restoreCommand(url: string, ...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/db-restore.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
}

afterAll(async () => {
  fs.rmSync(work, { recursive: true, force: true })
  if (target.kind === 'postgres') {
    const pool = adminPool(target.adminUrl)
    for (const name of made) await pool.query(`drop database if exists ${name} with (force)`)
    await pool.end()
  }
})

describe(`db:backup and db:restore (${target.kind})`, () => {
  const file = path.join(work, target.kind === 'pglite' ? 'portal.tar.gz' : 'portal.dump')
  let source: string
  let original: Awaited<ReturnType<typeof contentOf>>

  beforeAll(async () => {
    source = await newDatabase('template', async (db) => {
      await seedDemo(db)
      original = await fingerprint(db)
    })
  }, 120_000)

  it('backs up a seeded service, and restores it into the wiped database with every table as it was', async () => {
    const tablesWithRows = Object.values(original.tables).filter((t) => t.rows > 0)
    expect(tablesWithRows.length).toBeGreaterThanOrEqual(30)

    const backup = await backupDatabase({ databaseUrl: source, file })
    expect(backup.inventory.tables.map((t) => [t.table, t.rows])).toEqual(
      Object.entries(original.tables).map(([table, t]) => [table, t.rows]),
    )

    if (target.kind === 'pglite') {
      fs.rmSync(source.slice('pglite://'.length), { recursive: true })
    } else {
      await onDatabase(source, (db) => sql`drop schema public cascade; create schema public`.execute(db))
      expect(Object.keys((await contentOf(source)).tables)).toEqual([])
    }

    const restored = await restoreDatabase({ databaseUrl: source, file, force: false })
    expect(await contentOf(source)).toEqual(original)
    expect(restored.replaced).toBeUndefined()
    expect(restored.restored.migrations).toEqual(backup.inventory.migrations)
    const lines = describeRestore(restored)
    expect(lines[0]).toMatch(/^Restored .* in \d+\.\d+ s\.$/)
    expect(lines[1]).toContain(`${Object.keys(original.tables).length} tables`)
    expect(lines[1]).toContain('(the latest)')
    // The demo service: 25 people at work and a leaver kept on record.
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}app_user +26$/))
  }, 60_000)

  it('will not write over a database that holds data without --force, and with it replaces the content', async () => {
    // Migrated, with the job roles and frameworks loaded, but nobody in it yet: that is already data to keep.
    let before: Awaited<ReturnType<typeof fingerprint>> | undefined
    const migrated = await newDatabase('template', async (db) => (before = await fingerprint(db)))
    const refused = restoreDatabase({ databaseUrl: migrated, file, force: false })
    await expect(refused).rejects.toThrow(RestoreRefusedError)
    await expect(refused).rejects.toThrow(/^The database already holds data: .*add --force to replace the content\.$/)

    const replaced = await restoreDatabase({ databaseUrl: migrated, file, force: true })
    // What the forced restore found is what the refused one left: the migrated template, untouched.
    expect(replaced.replaced!.tables.map((t) => [t.table, t.rows])).toEqual(
      Object.entries(before!.tables).map(([table, t]) => [table, t.rows]),
    )
    expect(before!.tables.app_user.rows).toBe(0)
    expect(await contentOf(migrated)).toEqual(original)
  }, 60_000)

  it('says plainly when the file is missing or is not a backup, and exits 1', async () => {
    const garbage = path.join(work, 'notes.txt')
    fs.writeFileSync(garbage, 'Supervision notes, not a database.\n'.repeat(40))
    const empty = await newDatabase('nothing')
    const [missing, notABackup] = await Promise.all([
      restoreCommand(empty, path.join(work, 'no-such-file.dump')),
      restoreCommand(empty, garbage, '--force'),
    ])
    expect(missing).toMatchObject({ code: 1, stdout: '' })
    expect(missing.stderr.trim()).toBe(`There is no backup file at ${path.join(work, 'no-such-file.dump')}.`)
    expect(notABackup).toMatchObject({ code: 1, stdout: '' })
    expect(notABackup.stderr.trim()).toBe(
      `${garbage} is not a backup made by npm run db:backup: it is neither a PostgreSQL archive nor an embedded ` +
        'database dump.',
    )
  }, 30_000)

  it('leaves the database as it was when the backup turns out to be cut short', async () => {
    const cut = path.join(work, `cut-${path.basename(file)}`)
    const whole = fs.readFileSync(file)
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.9)))
    const attempt = restoreDatabase({ databaseUrl: source, file: cut, force: true })
    await expect(attempt).rejects.toThrow(BackupError)
    // pg_restore reads the archive's contents list first and fails only when it reaches the missing data, inside
    // the restore; a cut gzip stream is found out before the embedded database is touched.
    await expect(attempt).rejects.toThrow(
      target.kind === 'postgres' ? /^The restore did not complete; the database is as it was\. / : /or it is damaged/,
    )
    expect(await contentOf(source)).toEqual(original)
  }, 60_000)

  it.runIf(target.kind === 'pglite')('refuses to back up an embedded database that a server has open', async () => {
    const dataDir = source.slice('pglite://'.length)
    const release = acquireDataDirLock(dataDir)
    try {
      await expect(backupDatabase({ databaseUrl: source, file: path.join(work, 'busy.tar.gz') })).rejects.toThrow(
        new RegExp(`in use by process ${process.pid} .*stop that process, run the backup again`),
      )
    } finally {
      release()
    }
    expect(fs.existsSync(path.join(work, 'busy.tar.gz'))).toBe(false)
  })

  it.runIf(target.kind === 'pglite')('never replaces a folder that is not an embedded database', async () => {
    const folder = path.join(work, 'documents')
    fs.mkdirSync(folder)
    fs.writeFileSync(path.join(folder, 'rota.txt'), 'Monday: duty OT\n')
    await expect(restoreDatabase({ databaseUrl: `pglite://${folder}`, file, force: true })).rejects.toThrow(
      `${folder} holds files but no embedded database; restore into a new or empty folder.`,
    )
    expect(fs.readdirSync(folder)).toEqual(['rota.txt'])
  })
})
