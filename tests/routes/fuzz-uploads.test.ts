import fc from 'fast-check'
import { beforeAll, describe, it } from 'vitest'
import { parseCsv, toCsv } from '#app/lib/csv'
import { listEvidenceFiles } from '#app/models/evidence/files.server'
import * as adminFrameworks from '#app/routes/admin.frameworks'
import * as entryPage from '#app/routes/evidence.$id'
import * as fileDownload from '#app/routes/evidence.$id_.files.$fileId'
import * as frameworkPage from '#app/routes/frameworks.$code.$version'
import * as documentDownload from '#app/routes/frameworks.$code.$version_.document[.json]'
import * as moodleDownload from '#app/routes/frameworks.$code.$version_.moodle[.csv]'
import {
  type FieldCase,
  MARKUP,
  announceSeed,
  expectSafe,
  formRequest,
  fuzz,
  fuzzTimeout,
  nastyValue,
} from '#tests/support/fuzz'
import { type FuzzWorld, buildFuzzWorld } from '#tests/support/fuzz-world'
import { TEST_ORIGIN, getRequest } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

// Property-based tests of the two upload forms, written as a client may write multipart by hand: file names with
// quotes, line breaks, markup and bytes that are not UTF-8, in filename= and filename*=, contents that are text,
// binary or a file type's signature with junk after it. What is accepted must then show and download safely.

const RUNS = 30

const database = await createTestDatabase()
let world: FuzzWorld
beforeAll(async () => {
  announceSeed('fuzz-uploads')
  world = await buildFuzzWorld(database)
}, 120_000)

const SIGNATURES = [
  '%PDF-1.7\n',
  '\x89PNG\r\n\x1a\n',
  '\xff\xd8\xff\xe0',
  'PK\x03\x04word/document.xml[Content_Types].xml',
  '',
]
const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff)

/** One part of a hand-written multipart body. */
interface Part {
  name: string
  fileName: string | null
  extended: string | null
  contentType: string
  content: Uint8Array
}

function multipart(path: string, parts: Part[]): Request {
  const chunks: Uint8Array[] = []
  const text = (value: string) => chunks.push(new TextEncoder().encode(value))
  for (const part of parts) {
    text(`--fuzzpart\r\nContent-Disposition: form-data; name="${part.name}"`)
    if (part.fileName !== null) text(`; filename="${part.fileName}"`)
    if (part.extended !== null) text(`; filename*=UTF-8''${part.extended}`)
    text(`\r\nContent-Type: ${part.contentType}\r\n\r\n`)
    chunks.push(part.content)
    text('\r\n')
  }
  text('--fuzzpart--\r\n')
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: 'POST',
    headers: { Origin: TEST_ORIGIN, 'Content-Type': 'multipart/form-data; boundary=fuzzpart' },
    body: new Blob(chunks as BlobPart[]),
  })
}

describe('uploads, with hostile files', () => {
  it(
    'evidence.$id.tsx: a file is refused or attached, then listed and downloaded without a server error',
    async () => {
      const value = nastyValue(world.ids)
      // Names as browsers escape them (%22, %0D, %0A) and as other clients do (backslashes), and raw.
      const fileName = fc.oneof(
        fc.constantFrom('notes.txt', 'scan.pdf', '..\\..\\evil.exe', 'a\\"b.txt', '%22%0D%0A.txt', ...MARKUP),
        value.map((v) => v.replace(/[\r\n"]/g, '')),
      )
      const extended = fc.option(
        fc.constantFrom('%ED%A0%80.txt', '%FF%FE', '%E2%80%AE.txt', 'caf%C3%A9.pdf', '%', '%00'),
      )
      const content = fc.oneof(
        fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
        fc.uint8Array({ maxLength: 300 }),
        fc
          .tuple(fc.constantFrom(...SIGNATURES), fc.uint8Array({ maxLength: 200 }))
          .map(([signature, junk]) => new Uint8Array([...bytesOf(signature), ...junk])),
      )
      const part = fc.record({
        name: fc.oneof({ weight: 5, arbitrary: fc.constant('file') }, fc.constantFrom('intent', '__proto__', 'file[]')),
        fileName: fc.option(fileName, { freq: 8 }),
        extended,
        contentType: fc.constantFrom('text/plain', 'application/pdf', 'application/x-msdownload', 'text/html', ''),
        content,
      })
      const cases = fc.record({ parts: fc.array(part, { minLength: 1, maxLength: 3 }), fresh: fc.boolean() })
      const owner = world.contexts.staff
      await fuzz(
        'evidence file',
        cases,
        async ({ parts, fresh }) => {
          const id = fresh ? (await world.fresh.entry())['@entry'] : world.records.drafts[1]
          const params = { id }
          const answer = await expectSafe(entryPage.action, multipart(`/evidence/${id}`, parts), owner, params)
          await expectSafe(entryPage.loader, getRequest(`/evidence/${id}`), owner, params)
          for (const file of await listEvidenceFiles(world.db, id)) {
            const download = getRequest(`/evidence/${id}/files/${file.id}`)
            await expectSafe(fileDownload.loader, download, owner, { id, fileId: file.id })
          }
          return answer
        },
        RUNS,
      )
    },
    fuzzTimeout(RUNS),
  )

  it(
    'admin.frameworks.tsx: a Moodle file with hostile cells is refused, or staged, imported and shown safely',
    async () => {
      const parsed = parseCsv(world.moodleCsv)
      if (!parsed.ok) throw new Error('the exported Moodle file does not read back')
      const rows = parsed.records.map((record) => record.fields)
      const value = nastyValue(world.ids)
      const cell = fc.record({ row: fc.nat(rows.length - 1), column: fc.nat(rows[0].length - 1), value })
      const cases = fc.record({
        label: fc.oneof({ weight: 3, arbitrary: fc.constant('Fuzzed edition') }, value),
        changes: fc.array(cell, { minLength: 1, maxLength: 4 }),
      })
      const admin = world.contexts.admin
      await fuzz(
        'moodle upload',
        cases,
        async ({ label, changes }) => {
          const edited = rows.map((row) => [...row])
          for (const { row, column, value } of changes) if (edited[row]) edited[row][column] = value
          const body = new FormData()
          body.append('versionLabel', label)
          body.append('file', new File([toCsv(edited)], 'fuzz.csv', { type: 'text/csv' }))
          const upload = new Request(`${TEST_ORIGIN}/admin/frameworks`, {
            method: 'POST',
            headers: { Origin: TEST_ORIGIN },
            body,
          })
          const staged = await expectSafe(adminFrameworks.action, upload, admin)
          const uploadId = (staged.data as { preview?: { uploadId: string } | null }).preview?.uploadId
          if (!uploadId) return 'refused'
          const form: FieldCase = {
            fields: [
              ['intent', 'import'],
              ['uploadId', uploadId],
            ],
            encoding: 'urlencoded',
            raw: { key: '', bytes: '' },
          }
          const imported = await expectSafe(adminFrameworks.action, formRequest('/admin/frameworks', form), admin)
          const [, code, number] = /^\/frameworks\/([^/]+)\/(\d+)$/.exec(imported.location ?? '') ?? []
          if (!code) return `import ${imported.status}`
          const params = { code: decodeURIComponent(code), version: number }
          for (const [route, suffix] of [
            [frameworkPage, ''],
            [moodleDownload, '/moodle.csv'],
            [documentDownload, '/document.json'],
          ] as const) {
            await expectSafe(route.loader, getRequest(`${imported.location}${suffix}`), admin, params)
          }
          return 'imported'
        },
        RUNS,
      )
    },
    fuzzTimeout(RUNS),
  )
})
