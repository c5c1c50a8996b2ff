import fs from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '../..')

export function listFiles(dir: string, pattern: RegExp): string[] {
  const absolute = path.join(ROOT, dir)
  if (!fs.existsSync(absolute)) return []
  const out: string[] = []
  for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
    const relative = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listFiles(relative, pattern))
    else if (pattern.test(entry.name)) out.push(relative)
  }
  return out.sort()
}

export function read(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), 'utf8')
}

export function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*import\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)]
    .filter((match) => !/^\s*import\s+type\s/.test(match[0]))
    .map((match) => match[1])
}

/** Routes anyone may reach without signing in. */
export const PUBLIC_ROUTES = new Set([
  'login.tsx',
  'login_.sso.tsx',
  'login_.sso_.callback.tsx',
  'healthz.tsx',
  '$.tsx',
  'calendar.$token.tsx',
  'reset-password.$token.tsx',
])

/** Rule 1: a route that exports a loader or action asks who the user is. */
export function routeChecksUser(file: string, source: string): boolean {
  if (PUBLIC_ROUTES.has(path.basename(file))) return true
  if (!/export\s+(async\s+)?function\s+(loader|action)\b/.test(source)) return true
  return /\brequire(User|Permission|Visible[A-Z]\w*)\(/.test(source)
}

/** Rule 2: only models, auth, db, scripts and tests reach the database layer. */
export function reachesDatabase(source: string): boolean {
  return importsOf(source).some((spec) => spec === 'kysely' || /^#db\//.test(spec) || spec === 'pg')
}

const SERVER_ONLY = /^(pg|@electric-sql\/pglite|lucia|@node-rs\/argon2|node:.*|kysely)$|^#db\/|\.server$/

/** Rule 3: a file in app/ that imports server-only code must itself be server-only. */
export function needsServerSuffix(source: string): boolean {
  return importsOf(source).some((spec) => SERVER_ONLY.test(spec))
}

export function isServerFile(file: string): boolean {
  return /\.server\.tsx?$/.test(file)
}

/** Rule 4: configuration is read in one place. */
export function readsProcessEnv(source: string): boolean {
  return /\bprocess\.env\b/.test(source)
}
