import { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import { ZipFile } from 'yazl'
import type { DB } from '#db/schema'
import { type FileStorage, databaseFileStorage } from '#app/models/evidence/file-storage.server'
import { recordAudit } from '#app/models/shared/audit.server'
import { type PersonalData, gatherPersonalData, safeZipName } from './gather.server'
import { personalDataReadme } from './readme.rules'

export interface PersonalDataExport {
  fileName: string
  /** The zip, written while it is sent: attachments are read from storage one at a time. */
  body: ReadableStream<Uint8Array>
}

/**
 * A zip of everything the portal holds about the person, recorded in the audit trail with who asked for it.
 * Undefined when there is no such person. The caller has checked that the actor may have it.
 */
export async function exportPersonalData(
  db: Kysely<DB>,
  input: { personId: string; actorId: string; now?: Date; storage?: FileStorage },
): Promise<PersonalDataExport | undefined> {
  const now = input.now ?? new Date()
  const data = await gatherPersonalData(db, input.personId)
  if (!data) return undefined
  await recordAudit(db, {
    actorId: input.actorId,
    action: 'personal-data.exported',
    subjectKind: 'person',
    subjectId: input.personId,
    data: { self: input.actorId === input.personId, attachments: data.files.length },
  })
  const zip = buildZip(data, now, input.storage ?? databaseFileStorage(db))
  const day = now.toISOString().slice(0, 10)
  return {
    fileName: `personal-data-${safeZipName(data.name).toLowerCase()}-${day}.zip`,
    body: Readable.toWeb(zip.outputStream as Readable) as ReadableStream<Uint8Array>,
  }
}

function buildZip(data: PersonalData, now: Date, storage: FileStorage): ZipFile {
  const zip = new ZipFile()
  const options = { mtime: now }
  zip.addBuffer(
    Buffer.from(personalDataReadme({ name: data.name, now, files: data.files.length })),
    'README.txt',
    options,
  )
  for (const [name, value] of Object.entries(data.sections)) {
    zip.addBuffer(Buffer.from(`${JSON.stringify(value, null, 2)}\n`), name, options)
  }
  for (const file of data.files) {
    // Already-compressed formats (PDF, images, Office files) gain little from deflate, so they are stored as they are.
    zip.addReadStreamLazy(file.zipPath, { ...options, compress: false, size: file.sizeBytes }, (done) => {
      storage.get(file.storageKey).then(
        (bytes) =>
          bytes
            ? done(null, Readable.from([Buffer.from(bytes)]))
            : done(new Error(`the bytes of attachment ${file.fileId} are missing from storage`), Readable.from([])),
        (error: unknown) => done(error, Readable.from([])),
      )
    })
  }
  // yazl reports a failed read on the zip itself and leaves the output open: end the download with the error instead,
  // so the person gets a failed download rather than one that hangs, and the server is not brought down by it.
  zip.on('error', (error: Error) => {
    ;(zip.outputStream as Readable).destroy(error)
  })
  zip.end()
  return zip
}
