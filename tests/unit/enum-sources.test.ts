import type { Selectable } from 'kysely'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { ROLES, ROLE_CAPABILITIES, ROLE_LABELS, type Role, type SignoffSubject } from '#app/auth/policy'
import { STAGE_FILTERS } from '#app/models/apprenticeship/apprenticeship.schema'
import {
  APPRENTICESHIP_STATUSES,
  type ApprenticeshipStatus,
  NEXT_STATUSES,
  OPEN_STATUSES,
  STATUS_LABELS,
} from '#app/models/apprenticeship/statuses.rules'
import { REQUIREMENT_TIERS, type RequirementTier, TIER_LABELS } from '#app/models/frameworks/requirement-tiers.rules'
import type { ApprenticeshipStatusCode, DB, RoleName, SignoffStatus } from '#db/schema'
import type { RequirementTier as RequirementTierColumn } from '#db/schema'

// The database's column types (db/schema) and the app's lists of the same values must name the same set: a value
// added on one side only would be stored but not offered, or offered and then refused by the database.
// The expectTypeOf checks are checked by the compiler (npx tsc --noEmit), not when the test runs; the expect checks
// compare the lists the app keeps at run time.

describe('roles', () => {
  it('are the same in the database schema and the policy', () => {
    expectTypeOf<RoleName>().toEqualTypeOf<Role>()
    expectTypeOf<DB['user_role']['role']>().toEqualTypeOf<(typeof ROLES)[number]>()
  })

  it('each have a label, and the policy grants only roles it knows', () => {
    expect(Object.keys(ROLE_LABELS)).toEqual([...ROLES])
    for (const roles of Object.values(ROLE_CAPABILITIES)) expect(ROLES).toEqual(expect.arrayContaining([...roles]))
  })
})

describe('apprenticeship statuses', () => {
  it('are the same in the database schema and the status rules', () => {
    expectTypeOf<ApprenticeshipStatusCode>().toEqualTypeOf<ApprenticeshipStatus>()
    expectTypeOf<ApprenticeshipStatusCode>().toEqualTypeOf<(typeof APPRENTICESHIP_STATUSES)[number]>()
    expectTypeOf<Selectable<DB['apprenticeship']>['status']>().toEqualTypeOf<ApprenticeshipStatus>()
  })

  it('each have a label, a next step and a stage filter', () => {
    expect(Object.keys(STATUS_LABELS)).toEqual([...APPRENTICESHIP_STATUSES])
    expect(Object.keys(NEXT_STATUSES)).toEqual([...APPRENTICESHIP_STATUSES])
    expect(APPRENTICESHIP_STATUSES).toEqual(expect.arrayContaining([...OPEN_STATUSES]))
    expect(STAGE_FILTERS).toEqual(['open', ...APPRENTICESHIP_STATUSES])
  })
})

describe('sign-off statuses', () => {
  it('are the same in the database schema and the policy', () => {
    expectTypeOf<SignoffSubject['status']>().toEqualTypeOf<SignoffStatus>()
    expectTypeOf<Selectable<DB['signoff_request']>['status']>().toEqualTypeOf<SignoffStatus>()
  })
})

describe('requirement tiers', () => {
  it('are the same in the database schema and the tier rules, each with a label', () => {
    expectTypeOf<RequirementTierColumn>().toEqualTypeOf<RequirementTier>()
    expectTypeOf<Selectable<DB['role_requirement']>['tier']>().toEqualTypeOf<(typeof REQUIREMENT_TIERS)[number]>()
    expect(Object.keys(TIER_LABELS)).toEqual([...REQUIREMENT_TIERS])
  })
})
