import fs from 'node:fs'
import path from 'node:path'
import { ROOT } from './rules'

const ALIASES = ['app', 'db', 'framework-data', 'scripts', 'tests']
const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.json']

/** Every module a source names: imports (type-only too), re-exports and dynamic imports. */
export function specifiersOf(source: string): string[] {
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\s[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ]
  return found.map((match) => match[1])
}

/** A relative import that climbs out of its own folder, or the old `~/` alias. */
export function leavesItsFolder(specifier: string): boolean {
  return specifier.startsWith('../') || specifier.startsWith('~/')
}

/** The project file a specifier names (relative to the root), or null for a package. */
export function resolveSpecifier(
  fromFile: string,
  specifier: string,
  exists: (file: string) => boolean = (file) => fs.existsSync(path.join(ROOT, file)),
): string | null {
  let base: string
  if (specifier.startsWith('#')) {
    const [top, ...rest] = specifier.slice(1).split('/')
    if (!ALIASES.includes(top)) return null
    base = path.posix.join(top, ...rest)
  } else if (specifier.startsWith('.')) {
    base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier))
  } else return null
  return EXTENSIONS.map((ext) => base + ext).find((candidate) => exists(candidate) && !isFolder(candidate)) ?? null
}

function isFolder(file: string): boolean {
  return fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false })?.isDirectory() ?? false
}

export type ImportGraph = Map<string, string[]>

export function buildGraph(files: readonly string[], readFile: (file: string) => string): ImportGraph {
  const known = new Set(files)
  const graph: ImportGraph = new Map()
  for (const file of files) {
    const targets = specifiersOf(readFile(file))
      .map((specifier) => resolveSpecifier(file, specifier, (candidate) => known.has(candidate)))
      .filter((target): target is string => target !== null)
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function findCycles(graph: ImportGraph): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (node: string) => {
    index.set(node, counter)
    low.set(node, counter)
    counter++
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return cycles
}

/** Which way a dependency may point: null when allowed, else the reason it is not. */
export function forbiddenDependency(from: string, to: string): string | null {
  if (from.startsWith('app/lib/') && /^app\/(models|auth|routes|components)\//.test(to))
    return 'lib is shared by every layer and imports no domain code'
  if (from.startsWith('app/models/') && to.startsWith('app/auth/') && to !== 'app/auth/policy.ts')
    return 'models take only the pure policy from auth'
  if (from.startsWith('app/models/') && /^app\/(routes|components)\//.test(to)) return 'models know nothing of pages'
  if (from.startsWith('app/components/') && /\.server\.tsx?$/.test(to))
    return 'components reach the browser, so they import no .server module (types included)'
  return null
}
