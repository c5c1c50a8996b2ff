import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const SOURCES = ['app', 'db', 'framework-data', 'remix.config.js', 'package.json', 'tsconfig.json']

function newestChange(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestChange(path.join(target, entry)))
  return newest
}

/** Builds the app when there is no build or a source file is newer than it. */
export function buildIfStale(root: string, log: (line: string) => void = console.log): void {
  const built = fs.statSync(path.join(root, 'build', 'server', 'index.js'), { throwIfNoEntry: false })
  const sourcesChanged = Math.max(...SOURCES.map((source) => newestChange(path.join(root, source))))
  if (built && built.mtimeMs >= sourcesChanged) return
  log(built ? 'Sources changed since the last build: building…' : 'No build yet: building…')
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  )
  if (result.status !== 0) throw new Error('The build failed (see above).')
}
