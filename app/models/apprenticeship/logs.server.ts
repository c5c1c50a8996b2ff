import type { Kysely, Transaction } from 'kysely'
import type { DB, Db } from '#db/schema'
import { inTransaction } from '#app/models/shared/transaction.server'
import { daysBetween, formatUkDate, todayInLondon } from '#app/lib/dates'
import { isDuringBreak } from './progress.rules'
import {
  ApprenticeshipRuleError,
  type Locked,
  auditApprenticeship,
  checkStillLogging,
  lockApprenticeship,
} from './programme.server'

/** The checks every dated log shares: not in the future, not before the start, not in a break. */
function checkLogDate(locked: Locked, field: string, date: string, today: string): void {
  if (date > today) throw new ApprenticeshipRuleError(field, 'The date cannot be in the future')
  if (date < locked.startsOn) {
    throw new ApprenticeshipRuleError(
      field,
      `The date is before the apprenticeship started (${formatUkDate(locked.startsOn)})`,
    )
  }
  if (isDuringBreak(date, locked.breaks)) {
    throw new ApprenticeshipRuleError(field, 'That day falls in a break in learning, when no training is recorded')
  }
}

/**
 * Every log takes one path: lock the programme (so a status change cannot cross it), check it is still running,
 * let the caller check and write its row, and audit what was written, all in one transaction.
 */
async function writeLog(
  db: Db,
  input: { apprenticeshipId: string; actorId: string },
  kind: 'otj_logged' | 'placement_logged' | 'review_recorded',
  write: (trx: Transaction<DB>, locked: Locked) => Promise<{ id: string; facts: Record<string, unknown> }>,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const locked = await lockApprenticeship(trx, input.apprenticeshipId)
    checkStillLogging(locked)
    const { id, facts } = await write(trx, locked)
    await auditApprenticeship(trx, input.actorId, kind, input.apprenticeshipId, facts)
    return id
  })
}

export async function logOffTheJobHours(
  db: Kysely<DB>,
  input: {
    apprenticeshipId: string
    doneOn: string
    minutes: number
    activity: string
    evidenceId: string | null
    actorId: string
    today?: string
  },
): Promise<string> {
  const today = input.today ?? todayInLondon()
  return writeLog(db, input, 'otj_logged', async (trx, locked) => {
    checkLogDate(locked, 'otjDate', input.doneOn, today)
    if (locked.gatewayOn && input.doneOn >= locked.gatewayOn) {
      throw new ApprenticeshipRuleError(
        'otjDate',
        `Off-the-job training stops counting at gateway (${formatUkDate(locked.gatewayOn)})`,
      )
    }
    if (input.evidenceId) {
      const evidence = await trx
        .selectFrom('evidence')
        .select('id')
        .where('id', '=', input.evidenceId)
        .where('owner_id', '=', locked.personId)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst()
      if (!evidence)
        throw new ApprenticeshipRuleError('otjEvidenceId', 'Choose one of the apprentice’s own CPD entries')
    }
    const { id } = await trx
      .insertInto('otj_log')
      .values({
        apprenticeship_id: input.apprenticeshipId,
        done_on: input.doneOn,
        minutes: input.minutes,
        activity: input.activity,
        evidence_id: input.evidenceId,
        logged_by: input.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return {
      id,
      facts: {
        logId: id,
        doneOn: input.doneOn,
        minutes: input.minutes,
        evidenceId: input.evidenceId,
      },
    }
  })
}

export async function logPlacementHours(
  db: Kysely<DB>,
  input: {
    apprenticeshipId: string
    setting: string
    startsOn: string
    endsOn: string
    minutes: number
    actorId: string
    today?: string
  },
): Promise<string> {
  const today = input.today ?? todayInLondon()
  return writeLog(db, input, 'placement_logged', async (trx, locked) => {
    checkLogDate(locked, 'placementFrom', input.startsOn, today)
    checkLogDate(locked, 'placementTo', input.endsOn, today)
    if (locked.breaks.some((b) => b.from <= input.endsOn && (b.to === null || b.to >= input.startsOn))) {
      throw new ApprenticeshipRuleError('placementTo', 'The placement overlaps a break in learning')
    }
    const days = daysBetween(input.startsOn, input.endsOn) + 1
    if (input.minutes > days * 24 * 60) {
      throw new ApprenticeshipRuleError('placementHours', `That is more than 24 hours a day over ${days} days`)
    }
    const { id } = await trx
      .insertInto('placement_log')
      .values({
        apprenticeship_id: input.apprenticeshipId,
        setting: input.setting,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        minutes: input.minutes,
        logged_by: input.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return {
      id,
      facts: {
        logId: id,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        minutes: input.minutes,
      },
    }
  })
}

export async function recordProgressReview(
  db: Kysely<DB>,
  input: {
    apprenticeshipId: string
    heldOn: string
    nextOn: string
    providerContact: string
    notes: string
    actorId: string
    today?: string
  },
): Promise<string> {
  const today = input.today ?? todayInLondon()
  return writeLog(db, input, 'review_recorded', async (trx, locked) => {
    if (input.heldOn > today)
      throw new ApprenticeshipRuleError('reviewHeldOn', 'The review date cannot be in the future')
    if (input.heldOn < locked.startsOn) {
      throw new ApprenticeshipRuleError(
        'reviewHeldOn',
        `The review cannot be before the apprenticeship started (${formatUkDate(locked.startsOn)})`,
      )
    }
    if (input.nextOn <= input.heldOn) {
      throw new ApprenticeshipRuleError('reviewNextOn', 'The next review must be after this one')
    }
    // Reviews are at most 12 weeks apart (FACTS.md §5.1, rules P59–P60).
    if (daysBetween(input.heldOn, input.nextOn) > 12 * 7) {
      throw new ApprenticeshipRuleError('reviewNextOn', 'Plan the next review within 12 weeks of this one')
    }
    const { id } = await trx
      .insertInto('apprenticeship_review')
      .values({
        apprenticeship_id: input.apprenticeshipId,
        held_on: input.heldOn,
        next_on: input.nextOn,
        provider_contact: input.providerContact,
        notes: input.notes,
        recorded_by: input.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return {
      id,
      facts: {
        reviewId: id,
        heldOn: input.heldOn,
        nextOn: input.nextOn,
      },
    }
  })
}
