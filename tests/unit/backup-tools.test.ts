import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseBackupArgs } from '#scripts/lib/backup/backup'
import { BackupError } from '#scripts/lib/backup/errors'
import { describeMigrationLevel } from '#scripts/lib/backup/inventory'
import {
  type PgTool,
  candidatePaths,
  chooseTool,
  libpqConnection,
  parseToolVersion,
} from '#scripts/lib/backup/pg-tools'

const tool = (major: number, where = `/usr/lib/postgresql/${major}/bin/pg_dump`): PgTool => ({
  name: 'pg_dump',
  path: where,
  major,
  version: `${major}.2`,
})

describe('finding pg_dump and pg_restore', () => {
  it('reads the version that the programs print', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n')).toEqual({
      major: 15,
      version: '15.18',
    })
    expect(parseToolVersion('pg_restore (PostgreSQL) 17.0')).toEqual({ major: 17, version: '17.0' })
    expect(parseToolVersion('pg_dump (PostgreSQL) 18beta1')).toEqual({ major: 18, version: '18beta1' })
    expect(parseToolVersion('Error: no cluster found')).toBeUndefined()
  })

  it('takes the newest copy, which must not be older than the server', () => {
    expect(chooseTool('pg_dump', [tool(15, '/usr/bin/pg_dump'), tool(17), tool(16)], 16).path).toBe(
      '/usr/lib/postgresql/17/bin/pg_dump',
    )
    expect(chooseTool('pg_dump', [tool(16)], 16).major).toBe(16)
    expect(() => chooseTool('pg_dump', [tool(14), tool(15)], 16)).toThrow(
      new BackupError(
        'pg_dump 15.2 (/usr/lib/postgresql/15/bin/pg_dump) is older than the PostgreSQL 16 server and cannot work ' +
          'with it. Install the client programs for version 16 or newer (on Debian or Ubuntu: apt-get install ' +
          'postgresql-client-16).',
      ),
    )
    expect(() => chooseTool('pg_restore', [], 15)).toThrow(/^pg_restore was not found on PATH or in /)
  })

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-pg-tools-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('looks on PATH first and then in each versioned folder, for programs that may be run', () => {
    const place = (file: string, mode: number) => {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, '#!/bin/sh\n', { mode })
    }
    place(path.join(dir, 'bin', 'pg_dump'), 0o755)
    place(path.join(dir, 'versions', '15', 'bin', 'pg_dump'), 0o755)
    place(path.join(dir, 'versions', '16', 'bin', 'pg_dump'), 0o644)
    place(path.join(dir, 'versions', '17', 'bin', 'pg_restore'), 0o755)
    const searchPath = [path.join(dir, 'bin'), path.join(dir, 'nowhere'), path.join(dir, 'bin')].join(path.delimiter)
    expect(candidatePaths('pg_dump', searchPath, path.join(dir, 'versions'))).toEqual([
      path.join(dir, 'bin', 'pg_dump'),
      path.join(dir, 'versions', '15', 'bin', 'pg_dump'),
    ])
    expect(candidatePaths('pg_dump', '', path.join(dir, 'no-versions'))).toEqual([])
  })

  it('passes the password through the environment and leaves out what libpq does not know', () => {
    expect(libpqConnection('postgres://portal:s%40cret@db.example:5433/portal?pool_max=20&sslmode=require')).toEqual({
      dbname: 'postgres://portal@db.example:5433/portal?sslmode=require',
      env: { PGPASSWORD: 's@cret' },
    })
    expect(libpqConnection('postgres://postgres@127.0.0.1:55544/portal')).toEqual({
      dbname: 'postgres://postgres@127.0.0.1:55544/portal',
      env: {},
    })
  })
})

describe('the migration level of a backup', () => {
  const known = ['0001_init', '0002_frameworks', '0003_evidence']

  it('says whether the server will bring it up to date, or cannot', () => {
    expect(describeMigrationLevel([], known)).toBe('no migrations run')
    expect(describeMigrationLevel(known, known)).toBe('migrations up to 0003_evidence (the latest)')
    expect(describeMigrationLevel(known.slice(0, 1), known)).toBe(
      'migrations up to 0001_init; 2 newer ones (0003_evidence) will run when the server starts or on ' +
        'npm run db:migrate',
    )
    expect(describeMigrationLevel([...known, '0004_later'], known)).toBe(
      'migrations up to 0004_later, which this version of the portal does not know (0004_later): run the version ' +
        'the backup came from',
    )
  })
})

describe('the command lines', () => {
  it('take one file, and --force for a restore only', () => {
    expect(parseBackupArgs(['portal.dump'], false)).toEqual({ file: 'portal.dump', force: false })
    expect(parseBackupArgs(['--force', 'portal.dump'], true)).toEqual({ file: 'portal.dump', force: true })
    expect(() => parseBackupArgs([], true)).toThrow('Usage: npm run db:restore -- FILE [--force]')
    expect(() => parseBackupArgs(['a', 'b'], false)).toThrow('Usage: npm run db:backup -- FILE')
    expect(() => parseBackupArgs(['portal.dump', '--force'], false)).toThrow(/^Unknown option --force\./)
  })
})
