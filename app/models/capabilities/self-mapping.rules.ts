/** One self-mapping as the pages show it: the level a person mapped themselves at in a domain, on a day. */
export interface SelfMappingEntry {
  id: string
  versionId: string
  domainId: string
  levelId: string
  levelName: string
  ordinal: number
  mappedOn: string
  rationale: string
  createdAt: Date | string
}

/** A domain's self-mapping: the current one (the latest) and every one recorded, newest first. */
export interface DomainSelfMapping {
  current: SelfMappingEntry
  history: SelfMappingEntry[]
}

/** Newest first: by the date of the mapping, then by when it was recorded (two on one day: the later counts). */
export function newestFirst(a: SelfMappingEntry, b: SelfMappingEntry): number {
  if (a.mappedOn !== b.mappedOn) return a.mappedOn < b.mappedOn ? 1 : -1
  return new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime()
}

/** Groups a person's self-mappings by domain: the latest is current, and the history keeps them all. */
export function groupByDomain(entries: readonly SelfMappingEntry[]): Record<string, DomainSelfMapping> {
  const grouped: Record<string, DomainSelfMapping> = {}
  for (const entry of [...entries].sort(newestFirst)) {
    const domain = grouped[entry.domainId]
    if (domain) domain.history.push(entry)
    else grouped[entry.domainId] = { current: entry, history: [entry] }
  }
  return grouped
}

/** How a self-mapped level reads against the level signed off: a prompt for supervision, not a verdict. */
export type SelfMappingComparison = 'not-mapped' | 'above-signed-off' | 'matches-signed-off' | 'below-signed-off'

export function compareSelfMapping(selfOrdinal: number | null, signedOffOrdinal: number | null): SelfMappingComparison {
  if (selfOrdinal === null) return 'not-mapped'
  const signed = signedOffOrdinal ?? 0
  if (selfOrdinal > signed) return 'above-signed-off'
  return selfOrdinal === signed ? 'matches-signed-off' : 'below-signed-off'
}

export const COMPARISON_LABELS: Record<SelfMappingComparison, string> = {
  'not-mapped': 'not mapped yet',
  'above-signed-off': 'above what is signed off',
  'matches-signed-off': 'the same as signed off',
  'below-signed-off': 'below what is signed off',
}
