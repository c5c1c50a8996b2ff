import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildOnce, root } from '#tests/support/server'

beforeAll(buildOnce, 180_000)

const run = promisify(execFile)
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-people-import-'))
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }))
const env = { ...process.env, DATABASE_URL: `pglite://${path.join(folder, 'pglite')}` }

function writeFile(name: string, lines: string[]): string {
  const file = path.join(folder, name)
  fs.writeFileSync(file, ['Employee number,First name,Last name,Work email,Start date', ...lines].join('\n') + '\n')
  return file
}

async function importPeople(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [path.join(root, 'build/scripts/people-import.js'), ...args], {
      env,
    })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe('npm run people:import', () => {
  it('prints the problems by line and exits 1, writing nothing', { timeout: 150_000 }, async () => {
    const file = writeFile('bad.csv', ['P1,Ada,Lovelace,ada@import.test,31/02/2026', 'P1,Ada,Byron,byron@import.test,'])
    const outcome = await importPeople(file, '--apply')
    expect(outcome.code).toBe(1)
    expect(outcome.stdout).toContain('line 2: the start date “31/02/2026” is not a date')
    expect(outcome.stdout).not.toContain('Applied:')
  })

  it(
    'prints the dry run, then applies with --apply, and a second apply changes nothing',
    { timeout: 150_000 },
    async () => {
      const file = writeFile('good.csv', ['P2,Grace,Hopper,grace@import.test,2025-01-06'])
      const dry = await importPeople(file)
      expect(dry.code).toBe(0)
      expect(dry.stdout).toContain('line 2: P2 Grace Hopper <grace@import.test>')
      expect(dry.stdout).toContain('Dry run: nothing was written')
      const applied = await importPeople(file, '--apply')
      expect(applied.stdout).toContain('Applied: 1 created, 0 updated, 0 deactivated, 0 unchanged')
      const again = await importPeople(file, '--apply')
      expect(again.stdout).toContain('Applied: 0 created, 0 updated, 0 deactivated, 1 unchanged')
    },
  )
})
