import { backupDatabase, describeBackup, parseBackupArgs } from '#scripts/lib/backup/backup'
import { runBackupCommand } from '#scripts/lib/backup/command'

// `npm run db:backup -- FILE`: a backup of the database DATABASE_URL names, PostgreSQL with pg_dump (the server
// may keep running) or the embedded database as a tarball of its folder (the server must be stopped).
await runBackupCommand(async () => {
  const { file } = parseBackupArgs(process.argv.slice(2), false)
  return describeBackup(await backupDatabase({ databaseUrl: process.env.DATABASE_URL, file }))
})
