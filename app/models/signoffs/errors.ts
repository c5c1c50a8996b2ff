import type { SignoffStatus } from '#db/schema'

/** A request that cannot be made as asked; `field` names the form field the message belongs beside. */
export class SignoffRequestRefusedError extends Error {
  constructor(
    readonly field: 'versionId' | 'domainId' | 'levelId' | 'evidence' | 'form',
    message: string,
  ) {
    super(message)
  }
}

/** Someone else decided (or the requester withdrew) first. */
export class SignoffAlreadyDecidedError extends Error {
  constructor(readonly status: SignoffStatus) {
    super(
      status === 'invalidated'
        ? 'The evidence behind this request changed after it was made, so it can no longer be decided. The person can ask again with the evidence as it is now.'
        : `This request has already been ${status === 'pending' ? 'changed' : status}. Nothing was saved; the page now shows what happened.`,
    )
  }
}

/** The evidence differs from what the request recorded. */
export class SignoffEvidenceChangedError extends Error {
  constructor(readonly titles: string[]) {
    super(
      `The evidence changed after the request was made (${titles.join(', ')}), so the request cannot be decided. The person can ask again with the evidence as it is now.`,
    )
  }
}

export class SignoffNotAllowedError extends Error {
  constructor(
    message = 'You cannot decide this request: only a current supervisor of the person, or the principal OT, can',
  ) {
    super(message)
  }
}
