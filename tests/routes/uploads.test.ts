import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEvidence } from '#app/models/evidence/evidence.server'
import * as manage from '#app/routes/admin.frameworks'
import * as detail from '#app/routes/evidence.$id'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { TEST_ORIGIN, contextFor, getRequest, run } from '#tests/support/routes'
import { FORM_TOKEN_FIELD, newFormToken } from '#app/lib/form-token'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const owner = await makeUser(db, { name: 'Uma Uploader' })
const admin = await makeUser(db, { roles: ['admin'] })
const fixturePath = path.resolve(__dirname, '../../../shared/fixtures/moodle-competency-framework-example.csv')

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

interface Part {
  /** The raw Content-Disposition parameters after form-data, exactly as a client would write them. */
  disposition: string
  content: Buffer | string
  type?: string
}

/** A multipart body written byte for byte, so that each test controls the header a browser would send. */
function multipartRequest(url: string, parts: Part[], options: { truncate?: boolean } = {}): Request {
  const boundary = '----portal-test-boundary-7MA4YWxkTrZu0gW'
  const chunks: Buffer[] = []
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${part.disposition}\r\n`, 'utf8'))
    if (part.type) chunks.push(Buffer.from(`Content-Type: ${part.type}\r\n`))
    chunks.push(Buffer.from('\r\n'), Buffer.from(part.content), Buffer.from('\r\n'))
  }
  if (!options.truncate) chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return new Request(`${TEST_ORIGIN}${url}`, {
    method: 'POST',
    body: Buffer.concat(chunks),
    headers: { Origin: TEST_ORIGIN, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  })
}

const field = (name: string, value: string): Part => ({ disposition: `name="${name}"`, content: value })
const file = (filenameParams: string, content: Buffer | string): Part => ({
  disposition: `name="file"; ${filenameParams}`,
  content,
  type: 'application/octet-stream',
})

async function newEntry(title: string) {
  return createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title } })
}

async function attach(id: string, parts: Part[], options?: { truncate?: boolean }) {
  const token = field(FORM_TOKEN_FIELD, newFormToken())
  return run(
    detail.action,
    multipartRequest(`/evidence/${id}`, [token, ...parts], options),
    await contextFor(database, owner),
    { id },
  )
}

async function storedNames(id: string): Promise<string[]> {
  const page = await run(detail.loader, getRequest(`/evidence/${id}`), await contextFor(database, owner), { id })
  return page.data.files.map((f: { fileName: string }) => f.fileName)
}

describe('attaching a file whose name has unusual characters', () => {
  it('keeps a name with ; and = in it', async () => {
    const id = await newEntry('Semicolon name')
    const outcome = await attach(id, [field('intent', 'attach'), file('filename="a;b=c.pdf"', PDF)])
    expect(outcome.status).toBe(302)
    expect(await storedNames(id)).toEqual(['a;b=c.pdf'])
  })

  it('reads a name with quotes, as browsers escape them (%22) and as other clients do (\\")', async () => {
    const id = await newEntry('Quoted names')
    const browser = await attach(id, [field('intent', 'attach'), file('filename="the %22final%22 notes.txt"', 'one')])
    expect(browser.status).toBe(302)
    const escaped = await attach(id, [field('intent', 'attach'), file('filename="say \\"hello\\".txt"', 'two')])
    expect(escaped.status).toBe(302)
    // Quotes are never stored: they would break the download's Content-Disposition.
    expect((await storedNames(id)).sort()).toEqual(['say hello.txt', 'the final notes.txt'])
  })

  it('reads a UTF-8 name, sent raw as browsers do or as filename*', async () => {
    const id = await newEntry('UTF-8 names')
    const raw = await attach(id, [field('intent', 'attach'), file('filename="Café – séance notes.txt"', 'raw')])
    expect(raw.status).toBe(302)
    const extended = await attach(id, [
      field('intent', 'attach'),
      file(`filename="Bescheinigung.pdf"; filename*=UTF-8''Bescheinigung%20%C3%BCber%20Sitzsysteme.pdf`, PDF),
    ])
    expect(extended.status).toBe(302)
    expect((await storedNames(id)).sort()).toEqual(['Bescheinigung über Sitzsysteme.pdf', 'Café – séance notes.txt'])
  })
})

describe('an upload the portal refuses beside the field (never a server error)', () => {
  it('a file over 10 MB', async () => {
    const id = await newEntry('Too big')
    const outcome = await attach(id, [
      field('intent', 'attach'),
      file('filename="scan.pdf"', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)])),
    ])
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.file).toBe('The file is larger than 10 MB. Nothing was added.')
    expect(await storedNames(id)).toEqual([])
  })

  it('more than one file at once', async () => {
    const id = await newEntry('Two files')
    const outcome = await attach(id, [
      field('intent', 'attach'),
      file('filename="one.txt"', 'one'),
      file('filename="two.txt"', 'two'),
    ])
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.file).toBe('Choose one file at a time. Nothing was added.')
    expect(await storedNames(id)).toEqual([])
  })

  it('a form with far more fields than the page has', async () => {
    const id = await newEntry('Many parts')
    const extra = Array.from({ length: 60 }, (_, i) => field(`extra${i}`, 'x'))
    const outcome = await attach(id, [field('intent', 'attach'), ...extra, file('filename="notes.txt"', 'notes')])
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.file).toBe(
      'The form sent more than this page asks for, so it was not read. Nothing was added.',
    )
    expect(await storedNames(id)).toEqual([])
  })

  it('a body that ends before the form does', async () => {
    const id = await newEntry('Cut short')
    const outcome = await attach(id, [field('intent', 'attach'), file('filename="notes.txt"', 'notes')], {
      truncate: true,
    })
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors.file).toBe(
      'The upload could not be read: choose the file and try again. Nothing was added.',
    )
    expect(await storedNames(id)).toEqual([])
  })
})

describe('importing a Moodle framework file', () => {
  const importRequest = (parts: Part[]) => multipartRequest('/admin/frameworks', parts)

  it('reads a file whose name has ; and = in it', async () => {
    const outcome = await run(
      manage.action,
      importRequest([
        field('versionLabel', 'OECD 2026'),
        file('filename="oecd;v=2026.csv"', fs.readFileSync(fixturePath)),
      ]),
      await contextFor(database, admin),
    )
    expect(outcome.status).toBe(200)
    expect(outcome.data.preview.fileName).toBe('oecd;v=2026.csv')
  })

  it('refuses a file over 10 MB, and too many fields, beside the file field', async () => {
    const context = await contextFor(database, admin)
    const huge = await run(
      manage.action,
      importRequest([field('versionLabel', 'v'), file('filename="huge.csv"', Buffer.alloc(10 * 1024 * 1024 + 1))]),
      context,
    )
    expect(huge.status).toBe(400)
    expect(huge.data.fieldErrors.file).toBe('The file is larger than 10 MB. Nothing was written.')
    const crowded = await run(
      manage.action,
      importRequest([
        field('versionLabel', 'v'),
        ...Array.from({ length: 60 }, (_, i) => field(`x${i}`, 'x')),
        file('filename="a.csv"', 'a'),
      ]),
      context,
    )
    expect(crowded.status).toBe(400)
    expect(crowded.data.fieldErrors.file).toBe(
      'The form sent more than this page asks for, so it was not read. Nothing was written.',
    )
  })
})
