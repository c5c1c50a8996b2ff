import { type AppDatabase, createDatabase } from '#db/index'
import { type Options, readOptions } from './plan'
import { generate } from './generate'

async function main(): Promise<void> {
  let options: Options
  try {
    options = readOptions(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
    return
  }
  const target = process.env.DATABASE_URL?.trim()
  if (target === 'pglite://memory') {
    console.error('DATABASE_URL=pglite://memory would be thrown away at exit: point it at PostgreSQL or a folder.')
    process.exitCode = 1
    return
  }
  let database: AppDatabase | undefined
  try {
    database = await createDatabase(target)
    console.log(`Writing to ${database.kind}: ${database.location}`)
    await generate(database, options)
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  } finally {
    await database?.close()
  }
}
await main()
