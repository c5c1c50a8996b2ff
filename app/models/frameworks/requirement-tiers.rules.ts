/**
 * The two tiers of a role requirement, as a person specification has them: essential (the role needs it, and a
 * gap counts against the person) and desirable (what the post holder is working towards).
 */
export const REQUIREMENT_TIERS = ['essential', 'desirable'] as const
export type RequirementTier = (typeof REQUIREMENT_TIERS)[number]

export const TIER_LABELS: Record<RequirementTier, string> = {
  essential: 'Essential',
  desirable: 'Desirable (working towards)',
}

/** One requirement as the loader has resolved it: `domain` is a domain code, or '*' for every top-level domain. */
export interface TierCheckRow {
  index: number
  jobRole: string
  framework: string
  domain: string
  tier: RequirementTier
  levelCode: string
  ordinal: number
}

/**
 * What is wrong with a set of requirements across tiers: a row repeated (same role, framework, domain and tier),
 * or a desirable level below the essential one for the same domain. A domain's own row comes before the
 * role's row for every domain, as everywhere the requirements are read, so '*' rows are compared domain by
 * domain. `topDomains` lists each framework's top-level domain codes.
 */
export function findTierProblems(
  rows: readonly TierCheckRow[],
  topDomains: ReadonlyMap<string, readonly string[]>,
): { index: number; path: string; problem: string }[] {
  const problems: { index: number; path: string; problem: string }[] = []
  const seen = new Map<string, TierCheckRow>()
  for (const row of rows) {
    const key = `${row.jobRole}|${row.framework}|${row.domain}|${row.tier}`
    const first = seen.get(key)
    if (first) {
      problems.push({
        index: row.index,
        path: `requirements.${row.index}`,
        problem: `repeats requirements.${first.index} (the same job role, framework, domain and tier)`,
      })
    } else seen.set(key, row)
  }
  const groups = new Map<string, TierCheckRow[]>()
  for (const row of seen.values()) {
    const key = `${row.jobRole}|${row.framework}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  for (const group of groups.values()) {
    const { framework } = group[0]!
    const codes = new Set([
      ...(topDomains.get(framework) ?? []),
      ...group.map((r) => r.domain).filter((d) => d !== '*'),
    ])
    const conflicts = new Map<string, { desirable: TierCheckRow; essential: TierCheckRow; domains: string[] }>()
    for (const code of codes) {
      const pick = (tier: RequirementTier) =>
        group.find((r) => r.tier === tier && r.domain === code) ??
        group.find((r) => r.tier === tier && r.domain === '*')
      const essential = pick('essential')
      const desirable = pick('desirable')
      if (!essential || !desirable || desirable.ordinal >= essential.ordinal) continue
      const key = `${desirable.index}|${essential.index}`
      const conflict = conflicts.get(key) ?? { desirable, essential, domains: [] }
      conflict.domains.push(code)
      conflicts.set(key, conflict)
    }
    for (const { desirable, essential, domains } of conflicts.values()) {
      problems.push({
        index: desirable.index,
        path: `requirements.${desirable.index}.minimumLevel`,
        problem:
          `the desirable level '${desirable.levelCode}' for ${desirable.jobRole} is below the ` +
          `essential level '${essential.levelCode}' (requirements.${essential.index}) in ${domains.join(', ')}; ` +
          'a desirable level is one the role works towards, so it is at or above the essential one',
      })
    }
  }
  return problems.sort((a, b) => a.index - b.index)
}
