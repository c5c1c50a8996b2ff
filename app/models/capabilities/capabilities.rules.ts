/** How a signed-off level stands against what a role needs: the colours of a training matrix. */
export type CapabilityStanding = 'met' | 'above' | 'not-yet' | 'no-requirement'

export function compareWithRequirement(
  requiredOrdinal: number | null,
  achievedOrdinal: number | null,
): CapabilityStanding {
  if (requiredOrdinal === null) return 'no-requirement'
  if (achievedOrdinal === null || achievedOrdinal < requiredOrdinal) return 'not-yet'
  return achievedOrdinal === requiredOrdinal ? 'met' : 'above'
}

export const STANDING_LABELS: Record<CapabilityStanding, string> = {
  met: 'Met',
  above: 'Above',
  'not-yet': 'Not yet',
  'no-requirement': 'Not required',
}

/**
 * The level a person would most likely ask for next: the level their role needs if they have not reached it,
 * otherwise the one above what is signed off (or the first level).
 */
export function suggestedLevel<T extends { id: string; ordinal: number }>(
  levels: readonly T[],
  requiredOrdinal: number | null,
  achievedOrdinal: number | null,
): T | undefined {
  if (requiredOrdinal !== null && (achievedOrdinal === null || achievedOrdinal < requiredOrdinal)) {
    return levels.find((l) => l.ordinal === requiredOrdinal)
  }
  const above = levels.filter((l) => achievedOrdinal === null || l.ordinal > achievedOrdinal)
  return above[0]
}
