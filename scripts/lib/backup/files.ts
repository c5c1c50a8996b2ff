import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { BackupError } from './errors'
import { type TableCount, formatCount } from './inventory'

/** What made a backup file: pg_dump's custom format, or the embedded database's data folder as a tarball. */
export type BackupKind = 'postgres' | 'pglite'

const TAR_MAGIC_OFFSET = 257

/**
 * Writes the backup beside its final name and renames it into place once complete, so that an interrupted backup
 * never leaves a truncated file under the name of a good one.
 */
export async function writeAtomically(file: string, write: (partial: string) => Promise<void>): Promise<number> {
  const target = path.resolve(file)
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw new BackupError(`${file} is a folder; give the name of the backup file to write.`)
  }
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`The folder ${path.dirname(target)} does not exist.`)
  const partial = `${target}.partial-${process.pid}`
  try {
    await write(partial)
    fs.renameSync(partial, target)
  } finally {
    fs.rmSync(partial, { force: true })
  }
  return fs.statSync(target).size
}

/** The first bytes of a tar stream, read through gunzip to the end so that a truncated file is found out here. */
async function tarHeaderOfGzip(file: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  let kept = 0
  await pipeline(
    fs.createReadStream(file),
    zlib.createGunzip(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (kept < 512) {
          chunks.push(chunk)
          kept += chunk.length
        }
        done()
      },
    }),
  )
  return Buffer.concat(chunks).subarray(0, 512)
}

function isTarHeader(header: Buffer): boolean {
  return header.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5).toString('latin1') === 'ustar'
}

/** Which kind of backup the file is, or a BackupError saying it is none (missing, empty, damaged or unrelated). */
export async function readBackupKind(file: string): Promise<BackupKind> {
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  if (!stat) throw new BackupError(`There is no backup file at ${file}.`)
  if (!stat.isFile()) throw new BackupError(`${file} is not a file.`)
  const head = Buffer.alloc(512)
  const fd = fs.openSync(file, 'r')
  let length: number
  try {
    length = fs.readSync(fd, head, 0, head.length, 0)
  } finally {
    fs.closeSync(fd)
  }
  const notABackup = `${file} is not a backup made by npm run db:backup`
  if (length === 0) throw new BackupError(`${notABackup}: it is empty.`)
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres'
  if (length >= 512 && isTarHeader(head)) return 'pglite'
  if (head[0] === 0x1f && head[1] === 0x8b) {
    let header: Buffer
    try {
      header = await tarHeaderOfGzip(file)
    } catch (error) {
      throw new BackupError(`${notABackup}, or it is damaged: ${(error as Error).message}.`)
    }
    if (isTarHeader(header)) return 'pglite'
  }
  throw new BackupError(`${notABackup}: it is neither a PostgreSQL archive nor an embedded database dump.`)
}

export function refusal(occupied: TableCount[]): string {
  const shown = occupied.slice(0, 5).map((t) => `${t.table} (${formatCount(t.rows)})`)
  const more = occupied.length > shown.length ? ` and ${occupied.length - shown.length} more` : ''
  return (
    `The database already holds data: ${shown.join(', ')}${more}. Restoring would replace all of it. ` +
    'Restore into an empty database, or add --force to replace the content.'
  )
}
