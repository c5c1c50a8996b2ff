import fs from 'node:fs'
import path from 'node:path'
import url from 'node:url'

// `npm run licences`: every package the portal runs on in production (the closure of package.json "dependencies",
// as installed in node_modules) with its version and licence; exit code 1 when a licence is not one a public body
// can use, unless the package is listed in LICENCE_EXCEPTIONS with the reason it is acceptable.

/** SPDX identifiers accepted on their own or combined with AND and OR. */
export const ALLOWED_LICENCES = [
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'Apache-2.0',
  'MPL-2.0',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'Unlicense',
  'Python-2.0',
] as const

export interface LicenceException {
  /** The licence exactly as the package declares it: a package that changes its licence is checked again. */
  licence: string
  reason: string
}

export const LICENCE_EXCEPTIONS: Readonly<Record<string, LicenceException>> = {
  pako: {
    licence: '(MIT AND Zlib)',
    reason:
      'pdf-lib compresses PDFs with it. The zlib licence is permissive (use, change and redistribute freely; do not ' +
      'misrepresent the origin, mark changed copies), OSI-approved and GPL-compatible.',
  },
}

export interface InstalledPackage {
  name: string
  version: string
  /** The declared licence as an SPDX expression, or undefined when the package declares none. */
  licence: string | undefined
  /** The first package found depending on it ('package.json' for a direct dependency). */
  requiredBy: string
}

export interface LicenceProblem {
  name: string
  version: string
  licence: string | undefined
  message: string
}

export interface LicenceReport {
  packages: InstalledPackage[]
  problems: LicenceProblem[]
  /** Exceptions that allowed a package in this tree, with their reasons. */
  exceptionsUsed: { name: string; version: string; exception: LicenceException }[]
}

interface Manifest {
  name?: string
  version?: string
  license?: unknown
  licenses?: unknown
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}

function readManifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest
}

/** Where Node would load `name` from when required by the package in `fromDir` (no higher than `root`). */
function resolvePackage(root: string, fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate
    if (dir === root || path.dirname(dir) === dir) return undefined
  }
}

/** The declared licence as one SPDX expression: `license`, or the old `license: { type }` and `licenses: [...]`. */
export function declaredLicence(manifest: Pick<Manifest, 'license' | 'licenses'>): string | undefined {
  const typeOf = (value: unknown) =>
    typeof value === 'string' ? value : typeof value === 'object' && value ? (value as { type?: unknown }).type : null
  const single = typeOf(manifest.license)
  if (typeof single === 'string' && single.trim()) return single.trim()
  if (Array.isArray(manifest.licenses)) {
    const types = manifest.licenses.map(typeOf).filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    // The old array form listed licences to choose from.
    if (types.length > 0) return types.length === 1 ? types[0] : `(${types.join(' OR ')})`
  }
  return undefined
}

/**
 * Whether an SPDX expression lets a public body use the package: every licence joined by AND must be allowed,
 * and at least one of those joined by OR (the user chooses). WITH, `+`, LicenseRef-, "SEE LICENSE IN …" and
 * anything that is not a well-formed expression are not allowed: such a package needs an exception.
 */
export function isAllowedLicence(expression: string, allowed: readonly string[] = ALLOWED_LICENCES): boolean {
  const known = new Set(allowed.map((id) => id.toLowerCase()))
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? []
  let position = 0
  const peek = () => tokens[position]
  const isOperator = (token: string | undefined, operator: string) => token?.toUpperCase() === operator
  // Each parse function returns whether its part is allowed, or null when the expression is malformed.
  const parseOr = (): boolean | null => {
    let result = parseAnd()
    while (result !== null && isOperator(peek(), 'OR')) {
      position++
      const right = parseAnd()
      result = right === null ? null : result || right
    }
    return result
  }
  const parseAnd = (): boolean | null => {
    let result = parseTerm()
    while (result !== null && isOperator(peek(), 'AND')) {
      position++
      const right = parseTerm()
      result = right === null ? null : result && right
    }
    return result
  }
  const parseTerm = (): boolean | null => {
    const token = tokens[position++]
    if (token === undefined || token === ')') return null
    if (token === '(') {
      const inner = parseOr()
      return tokens[position++] === ')' ? inner : null
    }
    if (['AND', 'OR', 'WITH'].some((operator) => isOperator(token, operator))) return null
    if (isOperator(peek(), 'WITH')) {
      position += 2
      return tokens[position - 1] === undefined ? null : false
    }
    return known.has(token.toLowerCase())
  }
  const result = parseOr()
  return result === true && position === tokens.length
}

/** Every installed production package once per name and version, found by Node's resolution from package.json. */
export function productionPackages(root: string): { packages: InstalledPackage[]; missing: string[] } {
  const rootManifest = readManifest(root)
  const packages = new Map<string, InstalledPackage>()
  const visited = new Set<string>()
  const missing: string[] = []
  type Edge = { name: string; from: string; requiredBy: string; required: boolean }
  const queue: Edge[] = Object.keys(rootManifest.dependencies ?? {}).map((name) => ({
    name,
    from: root,
    requiredBy: 'package.json',
    required: true,
  }))
  while (queue.length > 0) {
    const edge = queue.shift()!
    const dir = resolvePackage(root, edge.from, edge.name)
    if (!dir) {
      // Optional dependencies (platform builds) and peers that nothing installed are not part of this tree.
      if (edge.required) missing.push(`${edge.name} (required by ${edge.requiredBy})`)
      continue
    }
    if (visited.has(dir)) continue
    visited.add(dir)
    const manifest = readManifest(dir)
    const name = manifest.name ?? edge.name
    const version = manifest.version ?? '?'
    const key = `${name}@${version}`
    if (!packages.has(key))
      packages.set(key, { name, version, licence: declaredLicence(manifest), requiredBy: edge.requiredBy })
    const next = (names: string[], required: boolean) =>
      names.forEach((dependency) => queue.push({ name: dependency, from: dir, requiredBy: key, required }))
    next(Object.keys(manifest.dependencies ?? {}), true)
    next(Object.keys(manifest.optionalDependencies ?? {}), false)
    next(
      Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !manifest.peerDependenciesMeta?.[peer]?.optional),
      false,
    )
  }
  const sorted = [...packages.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  )
  return { packages: sorted, missing }
}

/** Lists the production packages under `root` and every licence problem among them. */
export function checkLicences(
  root: string,
  exceptions: Readonly<Record<string, LicenceException>> = LICENCE_EXCEPTIONS,
): LicenceReport {
  const { packages, missing } = productionPackages(root)
  const problems: LicenceProblem[] = missing.map((entry) => ({
    name: entry.split(' ')[0],
    version: '-',
    licence: undefined,
    message: `${entry} is not installed (run npm install)`,
  }))
  const exceptionsUsed: LicenceReport['exceptionsUsed'] = []
  for (const pkg of packages) {
    if (pkg.licence !== undefined && isAllowedLicence(pkg.licence)) continue
    const exception = Object.hasOwn(exceptions, pkg.name) ? exceptions[pkg.name] : undefined
    if (exception && exception.licence === pkg.licence) {
      exceptionsUsed.push({ name: pkg.name, version: pkg.version, exception })
      continue
    }
    const declared = pkg.licence === undefined ? 'declares no licence' : `is licensed ${pkg.licence}`
    problems.push({
      ...pkg,
      message:
        `${pkg.name}@${pkg.version} (required by ${pkg.requiredBy}) ${declared}, which is not on the allowed list` +
        (exception ? ` (its exception is for ${exception.licence})` : ''),
    })
  }
  return { packages, problems, exceptionsUsed }
}

function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

function isMainModule(): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)
}

if (isMainModule()) {
  const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
  const report = checkLicences(root)
  console.log(
    formatTable([
      ['package', 'version', 'licence'],
      ...report.packages.map((pkg) => [pkg.name, pkg.version, pkg.licence ?? '(none declared)']),
    ]),
  )
  console.log(`\n${report.packages.length} production packages.`)
  for (const { name, version, exception } of report.exceptionsUsed) {
    console.log(`Allowed by exception: ${name}@${version} (${exception.licence}): ${exception.reason}`)
  }
  if (report.problems.length > 0) {
    console.error(`\n${report.problems.length} licence problem(s):`)
    for (const problem of report.problems) console.error(`  ${problem.message}`)
    process.exitCode = 1
  } else {
    console.log('Every licence is allowed.')
  }
}
