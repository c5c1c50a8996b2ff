import path from 'node:path'
import url from 'node:url'
import { loadFrameworkData } from '#app/models/frameworks/data-files.server'
import { syncJobRoles } from '#app/models/people/job-roles.server'
import { withDatabase } from '#scripts/lib/cli'

// `npm run frameworks:load`: framework-data/ into the database. Unchanged files change nothing; a changed
// file becomes a new draft version for an administrator to publish.
const dataDir = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..', 'framework-data')

await withDatabase(async ({ db }) => {
  await syncJobRoles(db)
  const report = await loadFrameworkData(db, dataDir)
  for (const item of report.frameworks) {
    const what = item.outcome === 'unchanged' ? 'unchanged' : `new ${item.status} version ${item.number}`
    console.log(`${item.file}: ${what} (${item.label})`)
  }
  const r = report.requirements
  console.log(`role requirements: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged`)
  if (report.crosswalkRows > 0) console.log(`crosswalk rows: ${report.crosswalkRows}`)
})
