export class EvidenceChangedError extends Error {
  constructor() {
    super(
      'This entry was saved somewhere else (another tab or device) after you opened it. Your changes have not been saved; they are still in the form below.',
    )
  }
}

export class EvidenceWithdrawnError extends Error {
  constructor() {
    super('This entry has been withdrawn and can no longer be changed')
  }
}

export class UnmappableCapabilityError extends Error {
  constructor(readonly capabilityIds: string[]) {
    super('Evidence can only be mapped to capabilities of a published framework version')
  }
}
