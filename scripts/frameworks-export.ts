import { parseArgs } from 'node:util'
import { getFrameworkDocument } from '#app/models/frameworks/frameworks.server'
import { writeMoodleFramework } from '#app/models/frameworks/moodle-csv-writer'
import { withDatabase } from '#scripts/lib/cli'

// `npm run frameworks:export -- CODE VERSION [--json]`: prints a version as Moodle CSV (or our JSON document).
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false } },
})
const [code, version] = positionals
if (!code || !version || !/^\d+$/.test(version)) {
  console.error('Usage: npm run frameworks:export -- CODE VERSION_NUMBER [--json]   e.g. rcot-cdf 1')
  process.exit(2)
}

await withDatabase(async ({ db }) => {
  const document = await getFrameworkDocument(db, code, Number(version))
  if (!document) {
    console.error(`No version ${version} of framework '${code}'.`)
    return 1
  }
  process.stdout.write(values.json ? `${JSON.stringify(document, null, 2)}\n` : writeMoodleFramework(document))
})
