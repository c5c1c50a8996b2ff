// The production build, in plain JavaScript so that plain node runs it on a fresh clone: Remix's build of the app
// (build/server, build/client), then the server and the scripts production runs, each bundled with esbuild into
// build/scripts/<name>.js. Packages stay in node_modules; the app's own modules (#app, #db, #scripts) are compiled in.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when there is no build or a source file is newer than it
import { spawnSync } from 'node:child_process'
import console from 'node:console'
import fs from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import url from 'node:url'

const SOURCES = ['app', 'db', 'framework-data', 'scripts', 'remix.config.js', 'package.json', 'tsconfig.json']

/** What production runs: the server, `npm start`, and the jobs run from cron or by hand on a server. */
export const RUNTIME_SCRIPTS = [
  'server',
  'start',
  'migrate',
  'seed-demo',
  'reminders',
  'workforce-snapshot',
  'people-import',
  'db-backup',
  'db-restore',
]

/** @param {string} target */
function newestChange(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestChange(path.join(target, entry)))
  return newest
}

/** @param {string} root */
function builtAt(root) {
  const outputs = [
    path.join(root, 'build', 'server', 'index.js'),
    ...RUNTIME_SCRIPTS.map((name) => path.join(root, 'build', 'scripts', `${name}.js`)),
  ]
  const times = outputs.map((file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0)
  return Math.min(...times)
}

/**
 * Builds everything.
 * @param {string} root
 */
export async function build(root) {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  )
  if (result.status !== 0) throw new Error('The build failed (see above).')
  // esbuild comes with @remix-run/dev, which the build needs anyway.
  const esbuild = await import('esbuild')
  const outdir = path.join(root, 'build', 'scripts')
  fs.rmSync(outdir, { recursive: true, force: true })
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: RUNTIME_SCRIPTS.map((name) => path.join('scripts', `${name}.ts`)),
    outdir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  })
}

/**
 * Builds when there is no build or a source file is newer than it.
 * @param {string} root
 * @param {(line: string) => void} [log]
 */
export async function buildIfStale(root, log = console.log) {
  const built = builtAt(root)
  const sourcesChanged = Math.max(...SOURCES.map((source) => newestChange(path.join(root, source))))
  if (built > 0 && built >= sourcesChanged) return
  log(built > 0 ? 'Sources changed since the last build: building…' : 'No build yet: building…')
  await build(root)
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
  try {
    if (process.argv.includes('--if-stale')) await buildIfStale(root)
    else await build(root)
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
