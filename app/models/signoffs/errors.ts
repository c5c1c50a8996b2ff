import type { SignoffStatus } from '#db/schema'
import { RuleError } from '#app/lib/rule-error'

/** A request that cannot be made as asked; `field` names the form field the message belongs beside. */
export class SignoffRequestRefusedError extends RuleError {
  constructor(field: 'versionId' | 'domainId' | 'levelId' | 'evidence' | 'form', message: string) {
    super(message, field)
  }
}

/** Someone else decided (or the requester withdrew) first; worded for the one who tried, reviewer or requester. */
export class SignoffAlreadyDecidedError extends RuleError {
  constructor(
    readonly current: SignoffStatus,
    viewpoint: 'reviewer' | 'requester' = 'reviewer',
  ) {
    super(alreadyDecidedMessage(current, viewpoint), 'form', 409)
  }
}

function alreadyDecidedMessage(current: SignoffStatus, viewpoint: 'reviewer' | 'requester'): string {
  if (current === 'invalidated') {
    return viewpoint === 'reviewer'
      ? 'The evidence behind this request changed. Nothing was saved; the page now shows what changed, to decide again on the evidence as it is now.'
      : 'The evidence behind this sign-off has changed, so it waits for your reviewer to look again and cannot be withdrawn. Nothing was saved.'
  }
  return `This request has already been ${current === 'pending' ? 'changed' : current}. Nothing was saved; the page now shows what happened.`
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

/** A sign-off that stops counting when an entry it stood on changes, as the person is asked to confirm it. */
export interface SignoffAtStake {
  id: string
  domainName: string
  levelName: string
  status: 'pending' | 'approved'
}

/** A change to evidence would invalidate sign-offs the person has not confirmed; nothing was saved. */
export class SignoffsAtStakeError extends RuleError {
  constructor(readonly signoffs: SignoffAtStake[]) {
    super(
      `Saving this change stops ${signoffs.length === 1 ? 'a sign-off' : `${signoffs.length} sign-offs`} counting until ${signoffs.length === 1 ? 'it is' : 'they are'} reviewed again. Nothing was saved yet: confirm to go ahead.`,
      'form',
      409,
    )
  }
}
