import yauzl from 'yauzl'
import { describe, expect, it } from 'vitest'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import { exportPersonalData } from '#app/models/personal-data/export.server'
import { safeZipName } from '#app/models/personal-data/gather.server'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

const bytesOf = async (body: ReadableStream<Uint8Array>) => Buffer.from(await new Response(body).arrayBuffer())

function entryNames(zip: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, (error, file) => {
      if (error) return reject(error)
      const names: string[] = []
      file.on('entry', (entry: yauzl.Entry) => names.push(entry.fileName))
      file.on('end', () => resolve(names))
      file.on('error', reject)
    })
  })
}

const exportsOf = (personId: string) =>
  db
    .selectFrom('audit_event')
    .select(['actor_id'])
    .where('action', '=', 'personal-data.exported')
    .where('subject_id', '=', personId)
    .execute()

describe('exporting a person’s data', () => {
  it('gives a person with no records the README and every JSON file, and no attachment folder', async () => {
    const person = await makeUser(db, { name: 'Nia New' })
    const download = await exportPersonalData(db, { personId: person.id, actorId: person.id })
    const names = await entryNames(await bytesOf(download!.body))
    expect(names).toEqual([
      'README.txt',
      'profile.json',
      'evidence.json',
      'signoffs.json',
      'supervision.json',
      'registration.json',
      'apprenticeships.json',
      'capabilities.json',
      'cpd-profile.json',
      'audit.json',
      'emails.json',
    ])
    expect(await exportsOf(person.id)).toEqual([{ actor_id: person.id }])
  })

  it('answers an unknown person with nothing, and audits nothing', async () => {
    const id = '00000000-0000-4000-8000-00000000abcd'
    expect(await exportPersonalData(db, { personId: id, actorId: id })).toBeUndefined()
    expect(await exportsOf(id)).toEqual([])
  })

  it('fails the download when an attachment’s bytes are missing, rather than send a zip without them', async () => {
    const person = await makeUser(db)
    const evidenceId = await createEvidence(db, { ownerId: person.id, evidence: { ...EMPTY_EVIDENCE } })
    await attachEvidenceFile(db, {
      evidenceId,
      actorId: person.id,
      fileName: 'notes.txt',
      bytes: new TextEncoder().encode('Notes.'),
    })
    const emptyStorage = { put: () => Promise.reject(new Error('read only')), get: () => Promise.resolve(undefined) }
    const download = await exportPersonalData(db, { personId: person.id, actorId: person.id, storage: emptyStorage })
    await expect(bytesOf(download!.body)).rejects.toThrow()
  })

  it('makes names that cannot climb out of the folder or trip an unzip tool', () => {
    expect(safeZipName('../../etc/passwd')).toBe('etc_passwd')
    expect(safeZipName('Relatório final.pdf')).toBe('Relato_rio_final.pdf')
    expect(safeZipName('...')).toBe('file')
    expect(safeZipName(`${'a'.repeat(300)}.pdf`)).toHaveLength(100)
  })
})
