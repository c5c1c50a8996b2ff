import { describe, expect, it } from 'vitest'
import {
  attachEvidenceFile,
  getEvidenceFile,
  listEvidenceFiles,
  removeEvidenceFile,
} from '#app/models/evidence/files.server'
import { createEvidence, getEvidenceDetail, withdrawEvidence } from '#app/models/evidence/evidence.server'
import {
  ATTACHMENT_MAX_BYTES,
  ENTRY_ATTACHMENTS_MAX_BYTES,
  safeFileName,
  sniffAttachment,
} from '#app/models/evidence/file-types.rules'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const owner = await makeUser(db)
const text = (value: string) => new TextEncoder().encode(value)
const PDF = text('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46])
const DOCX = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text('....[Content_Types].xml....word/document.xml....')])
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])
const entry = () => createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'With files' } })

describe('what a file is', () => {
  it('is read from its content', () => {
    expect([PDF, PNG, JPEG, DOCX, text('plain notes\n')].map(sniffAttachment)).toEqual([
      'pdf',
      'png',
      'jpeg',
      'docx',
      'text',
    ])
  })
  it('refuses a program, whatever it is called, an empty file and a ZIP that is not a Word document', () => {
    expect(sniffAttachment(EXE)).toBeNull()
    expect(sniffAttachment(new Uint8Array())).toBeNull()
    expect(sniffAttachment(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull()
  })
  it('gets a safe name with the extension of what it really is', () => {
    expect(safeFileName('../../etc/"cert".PDF.exe', 'pdf')).toBe('cert.PDF.pdf')
    expect(safeFileName('', 'png')).toBe('attachment.png')
  })
})

describe('attaching files', () => {
  it('stores a certificate, lists it, and adds a revision whose hash changes', async () => {
    const id = await entry()
    const before = (await getEvidenceDetail(db, id))!.contentHash
    const fileId = await attachEvidenceFile(db, {
      evidenceId: id,
      actorId: owner.id,
      fileName: 'certificate.pdf',
      bytes: PDF,
    })
    const after = await getEvidenceDetail(db, id)
    expect(after?.revisions[0]).toMatchObject({ revision: 2, event: 'file-added' })
    expect(after?.contentHash).not.toBe(before)
    expect(await listEvidenceFiles(db, id)).toEqual([
      expect.objectContaining({
        id: fileId,
        fileName: 'certificate.pdf',
        mediaType: 'application/pdf',
        sizeBytes: PDF.length,
      }),
    ])
    expect((await getEvidenceFile(db, { evidenceId: id, fileId }))?.bytes).toEqual(PDF)
  })

  it('refuses an .exe renamed .pdf, an empty file and a 20 MB file, each with a reason', async () => {
    const id = await entry()
    const attempt = (fileName: string, bytes: Uint8Array) =>
      attachEvidenceFile(db, { evidenceId: id, actorId: owner.id, fileName, bytes })
    await expect(attempt('certificate.pdf', EXE)).rejects.toThrow(/not a PDF, PNG, JPEG, Word document or plain text/)
    await expect(attempt('empty.txt', new Uint8Array())).rejects.toThrow('The file is empty')
    const big = new Uint8Array(20 * 1024 * 1024)
    big.set(PDF)
    await expect(attempt('big.pdf', big)).rejects.toThrow('The file is 20.0 MB; each file can be up to 10.0 MB')
    expect(await listEvidenceFiles(db, id)).toEqual([])
  })

  it('keeps an entry’s files within their total limit (10 MB each and 50 MB in all by default)', async () => {
    expect([ATTACHMENT_MAX_BYTES, ENTRY_ATTACHMENTS_MAX_BYTES]).toEqual([10 * 1024 * 1024, 50 * 1024 * 1024])
    const id = await entry()
    const limits = { fileBytes: 100, entryBytes: 250 }
    const attach = (i: number) =>
      attachEvidenceFile(db, {
        evidenceId: id,
        actorId: owner.id,
        fileName: `n${i}.txt`,
        bytes: text(`${i}`.padEnd(100, '.')),
        limits,
      })
    await attach(1)
    await attach(2)
    await expect(attach(3)).rejects.toThrow(
      'This entry already has 200 bytes of files; together they can be up to 250 bytes',
    )
  })

  it('removes a file as a new revision and keeps its bytes for the revisions that showed it', async () => {
    const id = await entry()
    const fileId = await attachEvidenceFile(db, {
      evidenceId: id,
      actorId: owner.id,
      fileName: 'photo.png',
      bytes: PNG,
    })
    expect(await removeEvidenceFile(db, { evidenceId: id, fileId, actorId: owner.id })).toBe(true)
    expect(await removeEvidenceFile(db, { evidenceId: id, fileId, actorId: owner.id })).toBe(false)
    expect(await listEvidenceFiles(db, id)).toEqual([])
    expect((await getEvidenceDetail(db, id))?.revisions[0].event).toBe('file-removed')
    expect((await getEvidenceFile(db, { evidenceId: id, fileId }))?.bytes).toEqual(PNG)
  })

  it('refuses files on a withdrawn entry', async () => {
    const id = await entry()
    await withdrawEvidence(db, { id, reason: null, actorId: owner.id })
    await expect(
      attachEvidenceFile(db, { evidenceId: id, actorId: owner.id, fileName: 'x.txt', bytes: text('x') }),
    ).rejects.toThrow(/withdrawn/)
  })

  it('does not serve a file through another entry', async () => {
    const first = await entry()
    const second = await entry()
    const fileId = await attachEvidenceFile(db, {
      evidenceId: first,
      actorId: owner.id,
      fileName: 'a.txt',
      bytes: text('a'),
    })
    expect(await getEvidenceFile(db, { evidenceId: second, fileId })).toBeUndefined()
  })
})
