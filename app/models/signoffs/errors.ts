import type { SignoffStatus } from '#db/schema'
import { RuleError } from '#app/lib/rule-error'

/** A request that cannot be made as asked; `field` names the form field the message belongs beside. */
export class SignoffRequestRefusedError extends RuleError {
  constructor(field: 'versionId' | 'domainId' | 'levelId' | 'evidence' | 'form', message: string) {
    super(message, field)
  }
}

/** Someone else decided (or the requester withdrew) first. */
export class SignoffAlreadyDecidedError extends RuleError {
  constructor(readonly current: SignoffStatus) {
    super(
      current === 'invalidated'
        ? 'The evidence behind this request changed after it was made, so it can no longer be decided. The person can ask again with the evidence as it is now.'
        : `This request has already been ${current === 'pending' ? 'changed' : current}. Nothing was saved; the page now shows what happened.`,
      'form',
      409,
    )
  }
}

/** The evidence differs from what the request recorded. */
export class SignoffEvidenceChangedError extends RuleError {
  constructor(readonly titles: string[]) {
    super(
      `The evidence changed after the request was made (${titles.join(', ')}), so the request cannot be decided. The person can ask again with the evidence as it is now.`,
      'form',
      409,
    )
  }
}

export class SignoffNotAllowedError extends RuleError {
  constructor(
    message = 'You cannot decide this request: only a current supervisor of the person, or the principal OT, can',
  ) {
    super(message, 'form', 409)
  }
}
