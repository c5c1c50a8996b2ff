import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkLicences, declaredLicence, isAllowedLicence } from '#scripts/licences'

const root = path.resolve(__dirname, '../..')

describe('the installed production dependencies', () => {
  it('all have a licence a public body can use', () => {
    const report = checkLicences(root)
    expect(report.problems).toEqual([])
    const names = report.packages.map((pkg) => pkg.name)
    const direct = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies)
    expect(names).toEqual(expect.arrayContaining(direct))
    // Transitive ones too: pdf-lib brings pako, notifications-node-client brings jsonwebtoken.
    expect(names).toEqual(expect.arrayContaining(['pako', 'jsonwebtoken']))
    // Development tools are not part of production.
    expect(names).not.toContain('vitest')
    expect(report.exceptionsUsed.map((used) => used.name)).toEqual(['pako'])
  })

  it('are listed by npm run licences, which exits 0', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/licences.ts')], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^kysely\s+0\.28\.\d+\s+MIT$/m)
    expect(run.stdout).toContain('Every licence is allowed.')
  })
})

describe('a tree with a package the portal could not use', () => {
  const planted = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-licences-'))
  afterAll(() => fs.rmSync(planted, { recursive: true, force: true }))
  const write = (dir: string, manifest: Record<string, unknown>) => {
    fs.mkdirSync(path.join(planted, dir), { recursive: true })
    fs.writeFileSync(path.join(planted, dir, 'package.json'), JSON.stringify(manifest))
  }
  write('.', {
    name: 'app',
    dependencies: { 'pdf-thing': '^1.0.0' },
    devDependencies: { 'gpl-dev-tool': '^1.0.0' },
  })
  write('node_modules/pdf-thing', {
    name: 'pdf-thing',
    version: '1.2.0',
    license: 'MIT',
    dependencies: { 'copyleft-codec': '^3.0.0', 'shared-util': '^1.0.0' },
  })
  // Nested: only pdf-thing loads this copy.
  write('node_modules/pdf-thing/node_modules/copyleft-codec', {
    name: 'copyleft-codec',
    version: '3.1.4',
    license: 'GPL-3.0',
  })
  write('node_modules/shared-util', { name: 'shared-util', version: '1.0.0', licenses: [{ type: 'BSD-3-Clause' }] })
  write('node_modules/gpl-dev-tool', { name: 'gpl-dev-tool', version: '1.0.0', license: 'GPL-3.0' })

  it('fails, naming the package, its licence and what requires it', () => {
    const report = checkLicences(planted, {})
    expect(report.packages.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual([
      'copyleft-codec@3.1.4',
      'pdf-thing@1.2.0',
      'shared-util@1.0.0',
    ])
    expect(report.problems).toEqual([
      {
        name: 'copyleft-codec',
        version: '3.1.4',
        licence: 'GPL-3.0',
        requiredBy: 'pdf-thing@1.2.0',
        message:
          'copyleft-codec@3.1.4 (required by pdf-thing@1.2.0) is licensed GPL-3.0, which is not on the allowed list',
      },
    ])
  })

  it('passes when the package is an exception for that licence, and fails again if its licence changes', () => {
    const reason = 'used only to read test fixtures'
    expect(checkLicences(planted, { 'copyleft-codec': { licence: 'GPL-3.0', reason } }).problems).toEqual([])
    const stale = checkLicences(planted, { 'copyleft-codec': { licence: 'LGPL-3.0', reason } })
    expect(stale.problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('(its exception is for LGPL-3.0)'),
    ])
  })

  it('fails on a production dependency that is not installed', () => {
    write('.', { name: 'app', dependencies: { 'pdf-thing': '^1.0.0', absent: '^1.0.0' } })
    expect(checkLicences(planted, {}).problems.map((problem) => problem.message)).toContain(
      'absent (required by package.json) is not installed (run npm install)',
    )
  })
})

describe('a licence expression', () => {
  it.each([
    ['MIT', true],
    ['mit', true],
    ['(MIT OR Apache-2.0)', true],
    ['MIT AND ISC AND BSD-3-Clause', true],
    ['(Apache-2.0 AND MIT)', true],
    ['MIT OR GPL-3.0', true],
    ['Python-2.0 AND (0BSD OR CC0-1.0)', true],
    ['GPL-3.0', false],
    ['(MIT AND Zlib)', false],
    ['MIT AND GPL-3.0-only', false],
    ['Apache-2.0 WITH LLVM-exception', false],
    ['SEE LICENSE IN LICENSE.md', false],
    ['UNLICENSED', false],
    ['MIT AND', false],
    ['(MIT', false],
    ['', false],
  ])('%s is allowed: %s', (expression, allowed) => {
    expect(isAllowedLicence(expression)).toBe(allowed)
  })

  it('is read from the old forms of package.json too', () => {
    expect(declaredLicence({ license: { type: 'ISC' } })).toBe('ISC')
    expect(declaredLicence({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toBe('(MIT OR Apache-2.0)')
    expect(declaredLicence({})).toBeUndefined()
  })
})
