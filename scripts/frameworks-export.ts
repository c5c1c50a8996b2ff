import { parseArgs } from 'node:util'
import { todayInLondon } from '#app/lib/dates'
import { getFrameworkDocument } from '#app/models/frameworks/frameworks.server'
import { writeMoodleFramework } from '#app/models/frameworks/moodle-csv-writer'
import { getRoleRequirementsDocument } from '#app/models/frameworks/requirements-export.server'
import { withDatabase } from '#scripts/lib/cli'

// `npm run frameworks:export -- CODE VERSION [--json]`: prints a version as Moodle CSV (or our JSON document).
// `npm run frameworks:export -- --requirements [CODE…]`: prints the role requirements, both tiers, in the shape of
// framework-data/role-requirements.json.
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, requirements: { type: 'boolean', default: false } },
})
const [code, version] = positionals
if (!values.requirements && (!code || !version || !/^\d+$/.test(version))) {
  console.error('Usage: npm run frameworks:export -- CODE VERSION_NUMBER [--json]   e.g. rcot-cdf 1')
  console.error('       npm run frameworks:export -- --requirements [CODE…]')
  process.exit(2)
}

await withDatabase(async ({ db }) => {
  if (values.requirements) {
    const document = await getRoleRequirementsDocument(db, {
      today: todayInLondon(),
      frameworks: positionals.length > 0 ? positionals : undefined,
    })
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`)
    return
  }
  const document = await getFrameworkDocument(db, code!, Number(version))
  if (!document) {
    console.error(`No version ${version} of framework '${code}'.`)
    return 1
  }
  process.stdout.write(values.json ? `${JSON.stringify(document, null, 2)}\n` : writeMoodleFramework(document))
})
