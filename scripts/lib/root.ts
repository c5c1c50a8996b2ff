import fs from 'node:fs'
import path from 'node:path'
import url from 'node:url'

/**
 * The project folder: the nearest one above this module with a package.json. The same from the TypeScript source
 * (scripts/lib) and from a compiled script (build/scripts), where this module is bundled in.
 */
export function projectRoot(): string {
  let dir = path.dirname(url.fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('No package.json above the running script')
    dir = parent
  }
  return dir
}

/**
 * True when the named script is the one node was asked to run, as source (scripts/server.ts) or compiled
 * (build/scripts/server.js). Compiled, a module's import.meta.url is the bundle's, so it cannot tell by itself.
 */
export function isScriptRun(name: string): boolean {
  const entry = process.argv[1]
  return entry !== undefined && path.basename(entry).replace(/\.[cm]?[jt]s$/, '') === name
}
