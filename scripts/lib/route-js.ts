import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

/** The most JavaScript, gzipped, that any page should ask a browser to download. */
export const ROUTE_JS_BUDGET_BYTES = 150 * 1024

interface ManifestRoute {
  id: string
  parentId?: string
  module: string
  imports?: string[]
}

interface Manifest {
  url: string
  entry: { module: string; imports?: string[] }
  routes: Record<string, ManifestRoute>
}

export interface RouteJavaScript {
  routeId: string
  files: number
  bytes: number
  gzipBytes: number
}

/** The browser manifest of the build the server uses: the server build names it, so an old one is never read. */
function readManifest(root: string): { manifest: Manifest; assetsDir: string } {
  const server = fs.readFileSync(path.join(root, 'build/server/index.js'), 'utf8')
  const name = /manifest-[A-Za-z0-9]+\.js/.exec(server)?.[0]
  if (!name) throw new Error('build/server/index.js names no browser manifest: run `npm run build` first.')
  const assetsDir = path.join(root, 'build/client/assets')
  const source = fs.readFileSync(path.join(assetsDir, name), 'utf8')
  const json = source.slice(source.indexOf('=') + 1).replace(/;\s*$/, '')
  return { manifest: JSON.parse(json) as Manifest, assetsDir }
}

/** A route with no component (a CSV, a PDF, a feed) is downloaded, not opened as a page: it ships no JavaScript. */
function isPage(root: string, routeId: string): boolean {
  if (routeId === 'root') return false
  const base = path.join(root, 'app', routeId)
  const file = ['.tsx', '.ts'].map((ext) => base + ext).find((candidate) => fs.existsSync(candidate))
  return file ? /export default\b/.test(fs.readFileSync(file, 'utf8')) : false
}

/**
 * The JavaScript each page makes a browser fetch on a first visit: the manifest, the client entry and, for the
 * route and each route above it, its module and the shared chunks it imports. Each file is counted once, gzipped
 * on its own as the server sends it.
 */
export function measureRouteJavaScript(root: string): RouteJavaScript[] {
  const { manifest, assetsDir } = readManifest(root)
  const sizes = new Map<string, { bytes: number; gzipBytes: number }>()
  const sizeOf = (url: string) => {
    let size = sizes.get(url)
    if (!size) {
      const content = fs.readFileSync(path.join(assetsDir, url.replace(/^\/assets\//, '')))
      size = { bytes: content.byteLength, gzipBytes: zlib.gzipSync(content, { level: 6 }).byteLength }
      sizes.set(url, size)
    }
    return size
  }
  const pages = Object.values(manifest.routes).filter((route) => isPage(root, route.id))
  return pages
    .map((route) => {
      const files = new Set<string>([manifest.url, manifest.entry.module, ...(manifest.entry.imports ?? [])])
      for (let at: ManifestRoute | undefined = route; at; at = at.parentId ? manifest.routes[at.parentId] : undefined) {
        files.add(at.module)
        for (const chunk of at.imports ?? []) files.add(chunk)
      }
      let bytes = 0
      let gzipBytes = 0
      for (const file of files) {
        const size = sizeOf(file)
        bytes += size.bytes
        gzipBytes += size.gzipBytes
      }
      return { routeId: route.id, files: files.size, bytes, gzipBytes }
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes || a.routeId.localeCompare(b.routeId))
}

/** The report's lines: the heaviest page first, each marked when it is over the budget. */
export function formatRouteJavaScript(routes: readonly RouteJavaScript[]): string[] {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1)
  const width = Math.max(...routes.map((r) => r.routeId.length), 5)
  const over = routes.filter((r) => r.gzipBytes > ROUTE_JS_BUDGET_BYTES)
  return [
    `JavaScript per page on a first visit (gzipped; budget ${kb(ROUTE_JS_BUDGET_BYTES)} kB)`,
    `  ${'route'.padEnd(width)}  files   raw kB  gzip kB`,
    ...routes.map(
      (r) =>
        `  ${r.routeId.padEnd(width)}  ${String(r.files).padStart(5)}  ${kb(r.bytes).padStart(7)}  ${kb(r.gzipBytes).padStart(7)}` +
        (r.gzipBytes > ROUTE_JS_BUDGET_BYTES ? '  over budget' : ''),
    ),
    over.length === 0
      ? `  every page is within the budget`
      : `  ${over.length} of ${routes.length} pages over the budget`,
  ]
}
