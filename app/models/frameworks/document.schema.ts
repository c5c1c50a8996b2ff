import { z } from 'zod'
import { invalidCharacterReferences } from '#app/lib/text'

/**
 * A framework version as a document: what the data files in framework-data/ hold, what a Moodle CSV or
 * JSON import becomes, and what an export is made from. Levels are ordered; domains form a tree; each
 * capability belongs to a domain and, where the framework has levels, to a level.
 */

export const FRAMEWORK_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/
export const NODE_CODE_MAX = 100
export const STATEMENT_MAX = 1_000
export const DESCRIPTION_MAX = 20_000
/** Moodle's text formats: 0 Moodle auto-format, 1 HTML, 2 plain text, 4 Markdown. */
export const DESCRIPTION_FORMATS = [0, 1, 2, 4] as const

const nodeCode = z.string().trim().min(1, 'is empty').max(NODE_CODE_MAX, `is longer than ${NODE_CODE_MAX} characters`)
const optionalText = (max: number) => z.string().max(max, `is longer than ${max} characters`).nullable().default(null)
const descriptionFormat = z
  .number()
  .int()
  .refine((value) => (DESCRIPTION_FORMATS as readonly number[]).includes(value), 'must be 0, 1, 2 or 4')
  .default(2)
const moodleExtra = z.record(z.string(), z.unknown()).nullable().default(null)

export const frameworkLevelSchema = z.object({
  code: nodeCode,
  ordinal: z.number().int().min(1),
  name: z.string().trim().min(1, 'is empty').max(200),
  indicativeTitle: optionalText(200),
  description: optionalText(DESCRIPTION_MAX),
  descriptionFormat,
  provisional: z.boolean().default(false),
})

export const frameworkDomainSchema = z.object({
  code: nodeCode,
  name: z.string().trim().min(1, 'is empty').max(STATEMENT_MAX),
  parent: nodeCode.nullable().default(null),
  description: optionalText(DESCRIPTION_MAX),
  descriptionFormat,
  moodle: moodleExtra,
})

export const capabilitySchema = z.object({
  code: nodeCode,
  domain: nodeCode,
  level: nodeCode.nullable().default(null),
  statement: z.string().trim().min(1, 'is empty').max(STATEMENT_MAX),
  description: optionalText(DESCRIPTION_MAX),
  descriptionFormat,
  moodle: moodleExtra,
})

export const frameworkDocumentSchema = z
  .object({
    source: z.string().trim().min(1, 'must name where the framework comes from'),
    framework: z.object({
      code: z.string().regex(FRAMEWORK_CODE, 'must be letters, digits, dots, dashes or underscores'),
      name: z.string().trim().min(1, 'is empty').max(300),
      owner: optionalText(300),
      description: optionalText(DESCRIPTION_MAX),
    }),
    version: z.object({
      label: z.string().trim().min(1, 'is empty').max(200),
      edition: optionalText(100),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-23')
        .nullable()
        .default(null),
      status: z.enum(['draft', 'published']).default('draft'),
    }),
    provisional: z.array(z.string().min(1)).default([]),
    levels: z.array(frameworkLevelSchema).default([]),
    domains: z.array(frameworkDomainSchema).min(1, 'a framework needs at least one domain'),
    capabilities: z.array(capabilitySchema).default([]),
    moodle: moodleExtra,
  })
  .superRefine((doc, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
    const levelCodes = new Set<string>()
    const ordinals = new Set<number>()
    doc.levels.forEach((level, i) => {
      if (levelCodes.has(level.code)) problem(['levels', i, 'code'], `duplicate level code '${level.code}'`)
      if (ordinals.has(level.ordinal)) problem(['levels', i, 'ordinal'], `duplicate level ordinal ${level.ordinal}`)
      levelCodes.add(level.code)
      ordinals.add(level.ordinal)
    })
    const nodeCodes = new Set<string>()
    const parents = new Map<string, string | null>()
    doc.domains.forEach((domain, i) => {
      if (nodeCodes.has(domain.code)) problem(['domains', i, 'code'], `duplicate code '${domain.code}'`)
      nodeCodes.add(domain.code)
      parents.set(domain.code, domain.parent)
    })
    doc.domains.forEach((domain, i) => {
      if (domain.parent !== null && !parents.has(domain.parent)) {
        problem(['domains', i, 'parent'], `unknown parent domain '${domain.parent}'`)
      }
    })
    for (const cycle of findCycles(parents)) {
      problem(['domains'], `domains form a cycle: ${cycle.join(' → ')}`)
    }
    // The portal shows HTML descriptions (and the framework's always) as text: each reference must be a character.
    const references = (path: (string | number)[], description: string | null, html: boolean) => {
      const found = html ? descriptionReferenceProblem(description) : null
      if (found) problem(path, found)
    }
    references(['framework', 'description'], doc.framework.description, true)
    doc.levels.forEach((l, i) => references(['levels', i, 'description'], l.description, l.descriptionFormat === 1))
    doc.domains.forEach((d, i) => references(['domains', i, 'description'], d.description, d.descriptionFormat === 1))
    doc.capabilities.forEach((capability, i) => {
      references(['capabilities', i, 'description'], capability.description, capability.descriptionFormat === 1)
      if (nodeCodes.has(capability.code)) problem(['capabilities', i, 'code'], `duplicate code '${capability.code}'`)
      nodeCodes.add(capability.code)
      if (!parents.has(capability.domain))
        problem(['capabilities', i, 'domain'], `unknown domain '${capability.domain}'`)
      if (capability.level !== null && !levelCodes.has(capability.level)) {
        problem(['capabilities', i, 'level'], `unknown level '${capability.level}'`)
      }
    })
  })

/** What is wrong with an HTML description whose numeric character references name no character, if anything. */
export function descriptionReferenceProblem(description: string | null): string | null {
  const found = description ? invalidCharacterReferences(description) : []
  if (found.length === 0) return null
  const listed = found.map((reference) => `'${reference}'`).join(', ')
  return found.length === 1
    ? `has the character reference ${listed}, which names no character: remove it, or write the character itself`
    : `has the character references ${listed}, which name no character: remove them, or write the characters themselves`
}

export type FrameworkDocumentInput = z.input<typeof frameworkDocumentSchema>
export type FrameworkDocument = z.output<typeof frameworkDocumentSchema>
export type FrameworkLevel = FrameworkDocument['levels'][number]
export type FrameworkDomain = FrameworkDocument['domains'][number]
export type Capability = FrameworkDocument['capabilities'][number]

/** Every chain of parents that comes back to where it started, each reported once. */
export function findCycles(parents: Map<string, string | null>): string[][] {
  const cycles: string[][] = []
  const settled = new Set<string>()
  for (const start of parents.keys()) {
    const path: string[] = []
    const onPath = new Set<string>()
    let current: string | null | undefined = start
    while (current != null && !settled.has(current) && parents.has(current)) {
      if (onPath.has(current)) {
        cycles.push([...path.slice(path.indexOf(current)), current])
        break
      }
      onPath.add(current)
      path.push(current)
      current = parents.get(current)
    }
    for (const code of path) settled.add(code)
  }
  return cycles
}

export type DocumentCheck = { ok: true; document: FrameworkDocument } | { ok: false; problems: string[] }

/** Checks a document, describing each problem by its path: "capabilities[3].domain: unknown domain 'XX'". */
export function checkFrameworkDocument(data: unknown): DocumentCheck {
  const result = frameworkDocumentSchema.safeParse(data)
  if (result.success) return { ok: true, document: result.data }
  return { ok: false, problems: result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) }
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(document)'
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('')
}

/** The content that decides whether two documents describe the same version (order matters). */
export function canonicalContent(doc: FrameworkDocument): string {
  return JSON.stringify({
    framework: { code: doc.framework.code },
    levels: doc.levels.map((l) => [
      l.code,
      l.ordinal,
      l.name,
      l.indicativeTitle,
      l.description,
      l.descriptionFormat,
      l.provisional,
    ]),
    domains: doc.domains.map((d) => [d.code, d.parent, d.name, d.description, d.descriptionFormat, d.moodle]),
    capabilities: doc.capabilities.map((c) => [
      c.code,
      c.domain,
      c.level,
      c.statement,
      c.description,
      c.descriptionFormat,
      c.moodle,
    ]),
    provisional: doc.provisional,
    source: doc.source,
    moodle: doc.moodle,
  })
}
