import path from 'node:path'
import url from 'node:url'
import { describeDemoLogins } from '#scripts/demo/seed'
import { buildIfStale } from '#scripts/lib/build'

// `npm start`: build if needed, then serve the production build; on a new embedded database, add the demo service.
const started = performance.now()
const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
process.env.NODE_ENV ??= 'production'

try {
  buildIfStale(root)
  const { closeOnSignals, startServer } = await import('./server')
  const embedded = !process.env.DATABASE_URL || process.env.DATABASE_URL.startsWith('pglite://')
  const server = await startServer({ seedIfEmpty: embedded })
  closeOnSignals(server)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log('')
  console.log(`OT Capability Portal is running at ${server.url} (ready in ${seconds} s)`)
  console.log(
    `Database: ${server.database.kind} (${server.database.location})${server.seeded ? ', demo data added' : ''}`,
  )
  if (embedded) console.log(describeDemoLogins(process.env.DEMO_PASSWORD || undefined))
  console.log(`Stop with Ctrl+C (or kill ${process.pid}).`)
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
