import { plainText } from '#app/lib/text'

export interface ViewLevel {
  id: string
  code: string
  ordinal: number
  name: string
  indicativeTitle: string | null
  description: string | null
  descriptionFormat: number
  provisional: boolean
}
export interface ViewDomain {
  id: string
  parentId: string | null
  code: string
  name: string
  description: string | null
  descriptionFormat: number
}
export interface ViewCapability {
  id: string
  domainId: string
  levelId: string | null
  code: string
  statement: string
  description: string | null
  descriptionFormat: number
}

export interface CapabilityCard {
  id: string
  code: string
  statement: string
  description: string
}

export interface FrameworkGrid {
  kind: 'grid'
  levels: {
    id: string
    code: string
    name: string
    indicativeTitle: string | null
    provisional: boolean
    description: string
  }[]
  rows: { domain: { id: string; code: string; name: string; description: string }; cells: CapabilityCard[][] }[]
}

export interface TreeNode {
  id: string
  code: string
  name: string
  description: string
  children: TreeNode[]
  capabilities: (CapabilityCard & { levelName: string | null })[]
}

export interface FrameworkTree {
  kind: 'tree'
  roots: TreeNode[]
}

export interface SearchResults {
  kind: 'search'
  query: string
  matches: (CapabilityCard & { domainName: string; levelName: string | null })[]
}

const card = (c: ViewCapability): CapabilityCard => ({
  id: c.id,
  code: c.code,
  statement: c.statement,
  description: plainText(c.description, c.descriptionFormat),
})

/**
 * A framework whose domains are flat and whose capabilities all have a level reads best as a domain ×
 * level grid (the RCOT pillars and levels); anything else (a Moodle tree) as a tree.
 */
export function buildFrameworkView(
  content: { levels: ViewLevel[]; domains: ViewDomain[]; capabilities: ViewCapability[] },
  query = '',
): FrameworkGrid | FrameworkTree | SearchResults {
  const levelName = new Map(content.levels.map((l) => [l.id, l.name]))
  const domainName = new Map(content.domains.map((d) => [d.id, d.name]))
  const needle = query.trim().toLowerCase()
  if (needle) {
    const matches = content.capabilities
      .map(card)
      .map((c, i) => ({ ...c, source: content.capabilities[i] }))
      .filter((c) => [c.code, c.statement, c.description].some((text) => text.toLowerCase().includes(needle)))
      .map(({ source, ...c }) => ({
        ...c,
        domainName: domainName.get(source.domainId) ?? '',
        levelName: source.levelId ? (levelName.get(source.levelId) ?? null) : null,
      }))
    return { kind: 'search', query: query.trim(), matches }
  }
  const flat = content.domains.every((d) => d.parentId === null)
  const levelled = content.levels.length > 0 && content.capabilities.every((c) => c.levelId !== null)
  if (flat && levelled) {
    return {
      kind: 'grid',
      levels: content.levels.map((l) => ({
        id: l.id,
        code: l.code,
        name: l.name,
        indicativeTitle: l.indicativeTitle,
        provisional: l.provisional,
        description: plainText(l.description, l.descriptionFormat),
      })),
      rows: content.domains.map((d) => ({
        domain: { id: d.id, code: d.code, name: d.name, description: plainText(d.description, d.descriptionFormat) },
        cells: content.levels.map((l) =>
          content.capabilities.filter((c) => c.domainId === d.id && c.levelId === l.id).map(card),
        ),
      })),
    }
  }
  const node = (d: ViewDomain): TreeNode => ({
    id: d.id,
    code: d.code,
    name: d.name,
    description: plainText(d.description, d.descriptionFormat),
    children: content.domains.filter((child) => child.parentId === d.id).map(node),
    capabilities: content.capabilities
      .filter((c) => c.domainId === d.id)
      .map((c) => ({ ...card(c), levelName: c.levelId ? (levelName.get(c.levelId) ?? null) : null })),
  })
  return { kind: 'tree', roots: content.domains.filter((d) => d.parentId === null).map(node) }
}

/**
 * A framework's source as a reader should see it: the pointers into the portal's own research notes
 * ("shared/domain/FACTS.md S23", "FACTS.md §2.1") are for maintainers and are left out.
 */
export function describeSource(source: string): string {
  return source
    .replace(/\s*\((?:[^()]*\bFACTS\.md\b[^()]*)\)/g, '')
    .replace(/;?\s*[^;()]*\bFACTS\.md\b[^;()]*/g, '')
    .replace(/\s+([,.;])/g, '$1')
    .trim()
}
