import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkFrameworkDocument } from '#app/models/frameworks/document.schema'
import { importFrameworkDocument } from '#app/models/frameworks/import.server'
import { getVersionHeader } from '#app/models/frameworks/frameworks.server'
import { parseCsv } from '#app/lib/csv'
import { MOODLE_COLUMNS } from '#app/models/frameworks/moodle-csv'
import { readMoodleFramework } from '#app/models/frameworks/moodle-csv-reader'
import * as manage from '#app/routes/admin.frameworks'
import * as list from '#app/routes/frameworks._index'
import * as version from '#app/routes/frameworks.$code.$version'
import * as exportJson from '#app/routes/frameworks.$code.$version_.document[.json]'
import * as exportCsv from '#app/routes/frameworks.$code.$version_.moodle[.csv]'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { TEST_ORIGIN, contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const staff = await makeUser(db, { roles: ['staff'] })
const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'] })
const admin = await makeUser(db, { roles: ['admin'] })
const fixturePath = path.resolve(__dirname, '../../../shared/fixtures/moodle-competency-framework-example.csv')

const draft = checkFrameworkDocument({
  source: 'Test draft.',
  framework: { code: 'draft-only', name: 'Draft only' },
  version: { label: 'first draft' },
  domains: [{ code: 'D', name: 'Domain' }],
  capabilities: [{ code: 'C', domain: 'D', statement: 'A capability' }],
})
if (!draft.ok) throw new Error('bad test document')
await importFrameworkDocument(db, draft.document, { origin: 'json' })

function upload(fields: Record<string, string>, file?: { name: string; content: BlobPart }): Request {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  if (file) form.append('file', new File([file.content], file.name, { type: 'text/csv' }))
  return new Request(`${TEST_ORIGIN}/admin/frameworks`, {
    method: 'POST',
    body: form,
    headers: { Origin: TEST_ORIGIN },
  })
}

describe('browsing frameworks', () => {
  it('lists published frameworks to staff, without drafts', async () => {
    const outcome = await run(list.loader, getRequest('/frameworks'), await contextFor(database, staff))
    const codes = outcome.data.frameworks.map((f: { code: string }) => f.code)
    expect(codes).toEqual(expect.arrayContaining(['rcot-cdf', 'scc']))
    expect(codes).not.toContain('draft-only')
  })

  it('shows drafts to administrators', async () => {
    const outcome = await run(list.loader, getRequest('/frameworks'), await contextFor(database, admin))
    expect(outcome.data.frameworks.map((f: { code: string }) => f.code)).toContain('draft-only')
  })

  it('shows the RCOT framework as a grid of four pillars by nine levels', async () => {
    const outcome = await run(version.loader, getRequest('/frameworks/rcot-cdf/1'), await contextFor(database, staff), {
      code: 'rcot-cdf',
      version: '1',
    })
    expect(outcome.data.view.kind).toBe('grid')
    expect(outcome.data.view.rows).toHaveLength(4)
    expect(outcome.data.view.levels).toHaveLength(9)
    expect(outcome.data.view.rows[0].cells[4]).toEqual([expect.objectContaining({ code: '5PP' })])
    expect(outcome.data.requirements).toBeNull()
    expect(outcome.data.evidenceCounts).toEqual({})
  })

  it('counts the signed-in person’s evidence for each capability, and none for an administrator', async () => {
    const capability = await db
      .selectFrom('capability as c')
      .innerJoin('framework_version as v', 'v.id', 'c.version_id')
      .innerJoin('framework as f', 'f.id', 'v.framework_id')
      .select('c.id')
      .where('f.code', '=', 'rcot-cdf')
      .where('c.code', '=', '6LD')
      .executeTakeFirstOrThrow()
    await createEvidence(db, {
      ownerId: staff.id,
      evidence: {
        ...EMPTY_EVIDENCE,
        title: 'Led a team huddle',
        mappings: [{ capabilityId: capability.id, note: null }],
      },
    })
    const params = { code: 'rcot-cdf', version: '1' }
    const mine = await run(
      version.loader,
      getRequest('/frameworks/rcot-cdf/1'),
      await contextFor(database, staff),
      params,
    )
    expect(mine.data.evidenceCounts).toEqual({ '6LD': 1 })
    const theirs = await run(
      version.loader,
      getRequest('/frameworks/rcot-cdf/1'),
      await contextFor(database, admin),
      params,
    )
    expect(theirs.data.evidenceCounts).toBeNull()
  })

  it('shows which roles require what to the principal OT', async () => {
    const outcome = await run(
      version.loader,
      getRequest('/frameworks/rcot-cdf/1'),
      await contextFor(database, principal),
      {
        code: 'rcot-cdf',
        version: '1',
      },
    )
    expect(outcome.data.requirements.length).toBeGreaterThan(0)
  })

  it('searches the statements', async () => {
    const outcome = await run(
      version.loader,
      getRequest('/frameworks/rcot-cdf/1?q=5PP'),
      await contextFor(database, staff),
      { code: 'rcot-cdf', version: '1' },
    )
    expect(outcome.data.view).toMatchObject({ kind: 'search', query: '5PP' })
    expect(outcome.data.view.matches.map((m: { code: string }) => m.code)).toEqual(['5PP'])
  })

  it('answers 404 for a draft to staff, an unknown version and a version that is not a number', async () => {
    const context = await contextFor(database, staff)
    for (const params of [
      { code: 'draft-only', version: '1' },
      { code: 'rcot-cdf', version: '99' },
      { code: 'rcot-cdf', version: 'latest' },
    ]) {
      const outcome = await run(
        version.loader,
        getRequest(`/frameworks/${params.code}/${params.version}`),
        context,
        params,
      )
      expect(outcome.status).toBe(404)
    }
  })
})

describe('exporting a version', () => {
  it('downloads Moodle CSV that imports back to the same tree', async () => {
    const outcome = await run(
      exportCsv.loader,
      getRequest('/frameworks/rcot-cdf/1/moodle.csv'),
      await contextFor(database, staff),
      {
        code: 'rcot-cdf',
        version: '1',
      },
    )
    expect(outcome.headers.get('Content-Disposition')).toBe('attachment; filename="rcot-cdf-v1.csv"')
    const reread = readMoodleFramework(new TextEncoder().encode(outcome.data), { versionLabel: 'x', fileName: 'x.csv' })
    if (!reread.ok) throw new Error(JSON.stringify(reread.problems))
    expect(reread.preview.counts).toEqual({ levels: 9, domains: 4, capabilities: 36 })
  })

  it('downloads the JSON document', async () => {
    const outcome = await run(
      exportJson.loader,
      getRequest('/frameworks/scc/1/document.json'),
      await contextFor(database, staff),
      {
        code: 'scc',
        version: '1',
      },
    )
    expect(outcome.data.framework.code).toBe('scc')
    expect(checkFrameworkDocument(outcome.data).ok).toBe(true)
  })

  it('does not export a draft to staff', async () => {
    const outcome = await run(
      exportJson.loader,
      getRequest('/frameworks/draft-only/1/document.json'),
      await contextFor(database, staff),
      {
        code: 'draft-only',
        version: '1',
      },
    )
    expect(outcome.status).toBe(404)
  })
})

describe.skipIf(!fs.existsSync(fixturePath))('importing a Moodle file as an administrator', () => {
  it('checks the file, shows a preview, writes nothing, then imports it as a draft', async () => {
    const context = await contextFor(database, admin)
    const checked = await run(
      manage.action,
      upload({ versionLabel: 'OECD 2026' }, { name: 'example.csv', content: fs.readFileSync(fixturePath) }),
      context,
    )
    expect(checked.status).toBe(200)
    expect(checked.data.preview).toMatchObject({
      frameworkCode: 'OECD-CORE',
      existingFramework: false,
      counts: { levels: 5, domains: 19, capabilities: 39 },
    })
    expect(
      await db.selectFrom('framework').select('id').where('code', '=', 'OECD-CORE').executeTakeFirst(),
    ).toBeUndefined()

    const imported = await run(
      manage.action,
      postRequest('/admin/frameworks', { intent: 'import', uploadId: checked.data.preview.uploadId }),
      context,
    )
    expect(imported.status).toBe(302)
    expect(imported.location).toBe('/frameworks/OECD-CORE/1')
    expect((await getVersionHeader(db, 'OECD-CORE', 1))?.status).toBe('draft')

    const again = await run(
      manage.action,
      postRequest('/admin/frameworks', { intent: 'import', uploadId: checked.data.preview.uploadId }),
      context,
    )
    expect(again.status).toBe(404)
  })

  it('publishes a draft and records who did it', async () => {
    const header = await getVersionHeader(db, 'draft-only', 1)
    const outcome = await run(
      manage.action,
      postRequest('/admin/frameworks', { intent: 'publish', versionId: header!.id }),
      await contextFor(database, admin),
    )
    expect(outcome.status).toBe(302)
    expect((await getVersionHeader(db, 'draft-only', 1))?.status).toBe('published')
    const audit = await db
      .selectFrom('audit_event')
      .select(['actor_id', 'action'])
      .where('subject_id', '=', header!.id)
      .execute()
    expect(audit).toContainEqual({ actor_id: admin.id, action: 'framework_version.published' })
  })

  it('asks before retiring or discarding a version, and changes nothing until confirmed', async () => {
    const header = await getVersionHeader(db, 'rcot-cdf', 1)
    for (const intent of ['retire', 'discard']) {
      const outcome = await run(
        manage.action,
        postRequest('/admin/frameworks', { intent, versionId: header!.id }),
        await contextFor(database, admin),
      )
      expect(outcome.status).toBe(409)
      expect(outcome.data.confirmVersion).toEqual({ intent, versionId: header!.id })
    }
    expect((await getVersionHeader(db, 'rcot-cdf', 1))?.status).toBe(header!.status)
  })

  it('explains why a published version cannot be discarded', async () => {
    const header = await getVersionHeader(db, 'rcot-cdf', 1)
    const outcome = await run(
      manage.action,
      postRequest('/admin/frameworks', { intent: 'discard', versionId: header!.id, confirmed: 'yes' }),
      await contextFor(database, admin),
    )
    expect(outcome.status).toBe(409)
    expect(outcome.data.fieldErrors.form).toBe('Only a draft can be discarded')
  })
})

describe('a framework whose names a spreadsheet would run as formulas', () => {
  const formula = '=HYPERLINK("http://x","y")'
  const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`
  const content = [
    MOODLE_COLUMNS.join(','),
    ',FORMULA-FW,Formula framework,,2,"No,Yes","[{""scaleid"":""2""}]",,,,,,1,"competency,competency"',
    ',D,Domain,,2,,,,0,null,,,,',
    `D,C1,${quoted(formula)},,2,,,,0,null,,,,`,
  ].join('\n')

  it('keeps the name exactly, exports it so that a spreadsheet shows it as text, and imports the export back', async () => {
    const context = await contextFor(database, admin)
    const checked = await run(manage.action, upload({ versionLabel: 'v1' }, { name: 'formula.csv', content }), context)
    expect(checked.status).toBe(200)
    const imported = await run(
      manage.action,
      postRequest('/admin/frameworks', { intent: 'import', uploadId: checked.data.preview.uploadId }),
      context,
    )
    expect(imported.location).toBe('/frameworks/FORMULA-FW/1')
    const stored = await db.selectFrom('capability').select('statement').where('code', '=', 'C1').execute()
    expect(stored.map((row) => row.statement)).toContain(formula)

    const exported = await run(exportCsv.loader, getRequest('/frameworks/FORMULA-FW/1/moodle.csv'), context, {
      code: 'FORMULA-FW',
      version: '1',
    })
    const parsed = parseCsv(exported.data)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
    const cells = parsed.records.flatMap((record) => record.fields)
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([])
    expect(cells).toContain(`'${formula}`)

    const reread = readMoodleFramework(new TextEncoder().encode(exported.data), {
      versionLabel: 'v1',
      fileName: 'formula.csv',
    })
    const original = readMoodleFramework(new TextEncoder().encode(content), {
      versionLabel: 'v1',
      fileName: 'formula.csv',
    })
    if (!reread.ok || !original.ok) throw new Error('did not import')
    expect(reread.preview.document.capabilities.map((c) => c.statement)).toEqual([formula])
    expect(reread.preview.document).toEqual(original.preview.document)
  })
})

describe('a bad upload', () => {
  const context = () => contextFor(database, admin)

  it('lists each problem with its line and writes nothing', async () => {
    const header =
      'Parent id number,Id number,Shortname,Description,Description format,Scale values,Scale configuration,Rule type (optional),Rule outcome (optional),Rule config (optional),Cross referenced competency id numbers,Exported id (optional),Is framework,Taxonomy'
    const content = [header, ',BAD,Bad,,1,"a,b",x,,,,,,1,competency', 'MISSING,C1,Child,,1,,,,0,null,,,,', 'x,y'].join(
      '\n',
    )
    const outcome = await run(
      manage.action,
      upload({ versionLabel: 'v' }, { name: 'bad.csv', content }),
      await context(),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.problems).toEqual([
      { line: 3, message: "unknown parent 'MISSING'" },
      { line: 4, message: 'expected 14 columns, found 2' },
    ])
    expect(outcome.data.values).toEqual({ versionLabel: 'v' })
    expect(await db.selectFrom('framework').select('id').where('code', '=', 'BAD').executeTakeFirst()).toBeUndefined()
  })

  it('refuses a file over 10 MB with a clear message', async () => {
    const outcome = await run(
      manage.action,
      upload({ versionLabel: 'v' }, { name: 'huge.csv', content: new Uint8Array(11 * 1024 * 1024) }),
      await context(),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.file).toBe('The file is larger than 10 MB. Nothing was written.')
  })

  it('refuses an .exe renamed .csv as binary, and asks for a file and a version name when they are missing', async () => {
    const binary = await run(
      manage.action,
      upload({ versionLabel: 'v' }, { name: 'tool.csv', content: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]) }),
      await context(),
    )
    expect(binary.data.problems).toEqual([{ line: 1, message: 'the file is binary, not a CSV text file' }])
    const empty = await run(manage.action, upload({ versionLabel: '  ' }), await context())
    expect(empty.data.fieldErrors).toEqual({
      versionLabel: 'Give the version a name, for example "2024 edition"',
      file: 'Choose a Moodle competency framework CSV file',
    })
  })

  it('is refused to anyone but an administrator before the file is read', async () => {
    const outcome = await run(
      manage.action,
      upload({ versionLabel: 'v' }, { name: 'x.csv', content: 'x' }),
      await contextFor(database, principal),
    )
    expect(outcome.status).toBe(403)
  })
})

describe('a framework version for the signed-in person', () => {
  it('lists their sign-offs in the version, and none for an administrator', async () => {
    const { approvedSignoff } = await import('#tests/support/signoffs')
    const person = await makeUser(db, { roles: ['staff'] })
    const approver = { id: principal.id, roles: principal.roles }
    const id = await approvedSignoff(db, { personId: person.id, approver, pillar: 'LD', level: '4' })
    const header = await getVersionHeader(db, 'rcot-cdf', 1)
    const params = { code: 'rcot-cdf', version: String(header!.number) }
    const mine = await run(
      version.loader,
      getRequest('/frameworks/rcot-cdf/1'),
      await contextFor(database, person),
      params,
    )
    expect(mine.data.signedOff).toEqual([
      { domainName: 'Leadership', levelName: 'Level 4', requestId: id, carriedFromVersion: null },
    ])
    const theirs = await run(
      version.loader,
      getRequest('/frameworks/rcot-cdf/1'),
      await contextFor(database, admin),
      params,
    )
    expect(theirs.data.signedOff).toBeUndefined()
  })
})
