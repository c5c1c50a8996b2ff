import { describeRestore, parseBackupArgs, restoreDatabase } from '#scripts/lib/backup/backup'
import { runBackupCommand } from '#scripts/lib/backup/command'

// `npm run db:restore -- FILE [--force]`: puts a backup from db:backup into the database DATABASE_URL names, at the
// backup's migration level. A database that already holds data is replaced only with --force. Stop the servers first.
await runBackupCommand(async () => {
  const { file, force } = parseBackupArgs(process.argv.slice(2), true)
  return describeRestore(await restoreDatabase({ databaseUrl: process.env.DATABASE_URL, file, force }))
})
