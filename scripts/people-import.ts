import fs from 'node:fs'
import path from 'node:path'
import { applyPeopleImport, checkPeopleFile } from '#app/models/people/import.server'
import { withDatabase } from '#scripts/lib/cli'
import { describeImportCheck, describeImportCounts } from '#scripts/lib/people-import-report'

// `npm run people:import -- FILE.csv [--apply]`: check a staff file from HR against the portal and print what it
// would change; with --apply, and only when the file has no problems, make those changes in one transaction.
const args = process.argv.slice(2)
const apply = args.includes('--apply')
const files = args.filter((arg) => arg !== '--apply')

if (files.length !== 1 || files[0].startsWith('-')) {
  console.error('Usage: npm run people:import -- FILE.csv [--apply]')
  process.exitCode = 1
} else {
  await withDatabase(async ({ db }) => {
    const bytes = new Uint8Array(fs.readFileSync(files[0]))
    const check = await checkPeopleFile(db, bytes)
    console.log(describeImportCheck(check))
    if (check.problems.length > 0) return 1
    if (!apply) {
      console.log('Dry run: nothing was written. Run again with --apply to make these changes.')
      return 0
    }
    const counts = await applyPeopleImport(db, { bytes, actorId: null, fileName: path.basename(files[0]) })
    console.log(describeImportCounts(counts))
    return 0
  })
}
