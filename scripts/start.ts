import { describeDemoLogins } from '#scripts/demo/seed'

// `npm start` (after `node scripts/build.mjs --if-stale` has built what is missing): serve the production build; on
// a new embedded database (or any empty one with SEED_DEMO_IF_EMPTY=true), add the demo service.
const started = performance.now()
process.env.NODE_ENV ??= 'production'

try {
  const { closeOnSignals, startServer } = await import('./server')
  const { getEnv } = await import('#app/lib/env.server')
  const env = getEnv()
  const embedded = !env.DATABASE_URL || env.DATABASE_URL.startsWith('pglite://')
  // An empty embedded database is always seeded; any other only when SEED_DEMO_IF_EMPTY asks for it.
  const server = await startServer({ env, seedIfEmpty: embedded || env.SEED_DEMO_IF_EMPTY })
  closeOnSignals(server)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log('')
  console.log(`OT Capability Portal is running at ${server.url} (ready in ${seconds} s)`)
  console.log(
    `Database: ${server.database.kind} (${server.database.location})${server.seeded ? ', demo data added' : ''}`,
  )
  if (embedded || server.seeded) console.log(describeDemoLogins(process.env.DEMO_PASSWORD || undefined))
  console.log(`Stop with Ctrl+C (or kill ${process.pid}).`)
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
