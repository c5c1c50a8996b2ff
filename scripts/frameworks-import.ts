import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { importFrameworkDocument } from '#app/models/frameworks/import.server'
import { readMoodleFramework } from '#app/models/frameworks/moodle-csv-reader'
import { todayInLondon } from '#app/lib/dates'
import { withDatabase } from '#scripts/lib/cli'

// `npm run frameworks:import -- FILE.csv [--version LABEL] [--apply]`: checks a Moodle competency framework
// file and prints the report; with --apply it is stored as a draft version. Exit code 1 when the file is bad.
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { apply: { type: 'boolean', default: false }, version: { type: 'string' } },
})
const file = positionals[0]
if (!file) {
  console.error('Usage: npm run frameworks:import -- FILE.csv [--version LABEL] [--apply]')
  process.exit(2)
}

let bytes: Uint8Array
try {
  bytes = new Uint8Array(fs.readFileSync(file))
} catch (error) {
  console.error(`Cannot read ${file}: ${(error as Error).message}`)
  process.exit(1)
}
const result = readMoodleFramework(bytes, {
  fileName: path.basename(file),
  versionLabel: values.version ?? `Imported ${todayInLondon()}`,
})
if (!result.ok) {
  console.error(
    `${file}: ${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'}; nothing was written.`,
  )
  for (const problem of result.problems)
    console.error(`  ${problem.line > 0 ? `line ${problem.line}` : 'file'}: ${problem.message}`)
  process.exit(1)
}
const { document, counts } = result.preview
console.log(`${file}: ${document.framework.name} (${document.framework.code})`)
console.log(`  ${counts.levels} levels, ${counts.domains} domains, ${counts.capabilities} capabilities`)
if (!values.apply) {
  console.log('The file is valid. Run again with --apply to store it as a draft version.')
} else {
  await withDatabase(async ({ db }) => {
    const outcome = await importFrameworkDocument(db, document, {
      origin: 'moodle-csv',
      originName: path.basename(file),
    })
    console.log(
      outcome.outcome === 'unchanged'
        ? `Already stored as version ${outcome.number} (${outcome.label}, ${outcome.status}); nothing changed.`
        : `Stored as draft version ${outcome.number} (${outcome.label}). Publish it from /admin/frameworks.`,
    )
  })
}
