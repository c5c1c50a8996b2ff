import { BackupError } from './errors'

/** Prints the job's lines; a failure prints its message (a stack trace only for the unexpected) and exits 1. */
export async function runBackupCommand(job: () => Promise<string[]>): Promise<void> {
  try {
    for (const line of await job()) console.log(line)
  } catch (error) {
    if (error instanceof BackupError) console.error(error.message)
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exitCode = 1
  }
}
