import { RuleError } from '#app/lib/rule-error'

export class EvidenceChangedError extends RuleError {
  constructor() {
    super(
      'This entry was saved somewhere else (another tab or device) after you opened it. Your changes have not been saved; they are still in the form below.',
      'form',
      409,
    )
  }
}

export class EvidenceWithdrawnError extends RuleError {
  constructor() {
    super('This entry has been withdrawn and can no longer be changed', 'form', 409)
  }
}

export class UnmappableCapabilityError extends RuleError {
  constructor(
    readonly capabilityIds: string[],
    mappings: readonly { capabilityId: string }[],
  ) {
    const fieldErrors: Record<string, string> = {}
    mappings.forEach((mapping, i) => {
      if (capabilityIds.includes(mapping.capabilityId))
        fieldErrors[`map.${i}.capability`] =
          'This capability belongs to a retired or unknown framework version: choose another'
    })
    super('Evidence can only be mapped to capabilities of a published framework version', 'mappings', 400, fieldErrors)
  }
}
