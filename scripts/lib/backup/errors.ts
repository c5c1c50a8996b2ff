/** A backup or restore that cannot go ahead; the message says why and what to do, and the command exits 1. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

/** A restore that would write over a database that already holds data, without --force. */
export class RestoreRefusedError extends BackupError {
  constructor(message: string) {
    super(message)
    this.name = 'RestoreRefusedError'
  }
}
