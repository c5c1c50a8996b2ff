import { createDatabase } from '#db/index'
import { migrateToLatest } from '#db/migrate'
import { describeDemoLogins, seedDemo } from '#scripts/demo/seed'

// `npm run db:seed`: adds the demo service; running it again adds nothing that is already there.
const database = await createDatabase(process.env.DATABASE_URL)
try {
  await migrateToLatest(database.db)
  const password = process.env.DEMO_PASSWORD || undefined
  const wrote = await seedDemo(database.db, { password })
  console.log(wrote ? 'Demo data added.' : 'Demo data was already there; nothing changed.')
  console.log(describeDemoLogins(password))
} catch (error) {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await database.close()
}
