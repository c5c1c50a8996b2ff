import type { SignoffStatus } from '#db/schema'

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

/** The same standings read against a desirable level: not reaching it is working towards it, not a gap. */
export const DESIRABLE_STANDING_LABELS: Record<CapabilityStanding, string> = {
  met: 'Reached',
  above: 'Reached',
  'not-yet': 'Working towards',
  'no-requirement': 'None set',
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

// The shape of a capability profile, pure so that components can draw it.

export interface ProfileLevel {
  id: string
  code: string
  name: string
  ordinal: number
}

/** A level a role sets, with whether it is provisional and the note that says where it comes from. */
export type RequiredLevel = ProfileLevel & { provisional: boolean; note: string | null }

export interface ProfileDomain {
  id: string
  code: string
  name: string
  /** The essential level: what the role needs. Only a shortfall here is a gap. */
  required: RequiredLevel | null
  achieved: (ProfileLevel & { requestId: string; decidedAt: Date; carriedFromVersion: number | null }) | null
  standing: CapabilityStanding
  /** The desirable level: what the post holder is working towards, shown apart from the gaps. */
  desirable: RequiredLevel | null
  desirableStanding: CapabilityStanding
  evidenceCount: number
  /** The newest request for this domain, when it still asks something of someone. */
  latest: { id: string; status: SignoffStatus; levelName: string; wasApproved: boolean } | null
}

export interface ProfileFramework {
  versionId: string
  frameworkCode: string
  frameworkName: string
  versionNumber: number
  versionLabel: string
  levels: ProfileLevel[]
  domains: ProfileDomain[]
}

export interface CapabilityProfile {
  personId: string
  personName: string
  jobRoleCode: string | null
  jobRoleTitle: string | null
  frameworks: ProfileFramework[]
}
