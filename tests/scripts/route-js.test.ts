import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ROUTE_JS_BUDGET_BYTES,
  type RouteJavaScript,
  formatRouteJavaScript,
  measureRouteJavaScript,
} from '#scripts/lib/route-js'
import { buildOnce, root } from '#tests/support/server'

let routes: RouteJavaScript[]
beforeAll(async () => {
  await buildOnce()
  routes = measureRouteJavaScript(root)
}, 180_000)

describe('the JavaScript each page ships', () => {
  it('lists every page and no download', () => {
    const ids = routes.map((r) => r.routeId)
    expect(ids).toContain('routes/login')
    expect(ids).toContain('routes/workforce._index')
    expect(ids).not.toContain('routes/workforce[.csv]')
    expect(ids).not.toContain('routes/cpd-profile[.pdf]')
    expect(ids).not.toContain('root')
  })

  it('counts at least the client entry and the root for each page, gzipped smaller than raw', () => {
    const assets = path.join(root, 'build/client/assets')
    const entry = fs.readdirSync(assets).find((name) => name.startsWith('entry.client-'))!
    const entryGzip = zlib.gzipSync(fs.readFileSync(path.join(assets, entry))).byteLength
    for (const route of routes) {
      expect(route.files, route.routeId).toBeGreaterThanOrEqual(4)
      expect(route.gzipBytes, route.routeId).toBeGreaterThan(entryGzip)
      expect(route.gzipBytes, route.routeId).toBeLessThan(route.bytes)
    }
    // The dashboard draws charts, so it carries more than the sign-in page.
    const size = (id: string) => routes.find((r) => r.routeId === id)!.gzipBytes
    expect(size('routes/workforce._index')).toBeGreaterThan(size('routes/login'))
  })

  it('reports the heaviest first and marks those over the budget', () => {
    const lines = formatRouteJavaScript([
      { routeId: 'routes/heavy', files: 9, bytes: 900_000, gzipBytes: ROUTE_JS_BUDGET_BYTES + 1 },
      { routeId: 'routes/light', files: 4, bytes: 90_000, gzipBytes: 30_000 },
    ])
    expect(lines[2]).toMatch(/routes\/heavy .* over budget$/)
    expect(lines[3]).not.toMatch(/over budget/)
    expect(lines.at(-1)).toBe('  1 of 2 pages over the budget')
    expect(routes.map((r) => r.gzipBytes)).toEqual([...routes.map((r) => r.gzipBytes)].sort((a, b) => b - a))
  })
})
