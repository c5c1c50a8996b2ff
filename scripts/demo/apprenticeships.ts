import type { Kysely } from 'kysely'
import { logOffTheJobHours, logPlacementHours, recordProgressReview } from '#app/models/apprenticeship/logs.server'

import {
  changeApprenticeshipStatus,
  saveGatewayChecklist,
  startApprenticeship,
} from '#app/models/apprenticeship/programme.server'
import { addDays, todayInLondon } from '#app/lib/dates'
import type { DB } from '#db/schema'

function monthsBefore(iso: string, months: number): string {
  const date = new Date(`${iso}T00:00:00Z`)
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() - months)
  return date.toISOString().slice(0, 10)
}

function monthsAfter(iso: string, months: number): string {
  return monthsBefore(iso, -months)
}

const ACTIVITIES = [
  'University teaching day: occupation across the lifespan',
  'Protected study time: assignment on assessment tools',
  'Practice skills workshop: moving and handling',
  'University teaching day: research methods',
]

interface DemoApprentice {
  name: string
  supervisor: string
  monthsAgo: number
  /** Off-the-job minutes logged each fortnight: a little under the 12 hours the rule expects. */
  fortnightlyMinutes: number
  reviewEveryWeeks: number
  /** Reviews stop this many weeks before today. */
  lastReviewWeeksAgo: number
  placement: { setting: string; weeksAgo: [number, number]; minutes: number }
  /** A break in learning that began this many weeks ago, and goes on. */
  breakWeeksAgo?: number
}

const APPRENTICES: DemoApprentice[] = [
  {
    name: 'Aisha Khan',
    supervisor: 'Sam Patel',
    monthsAgo: 14,
    fortnightlyMinutes: 11 * 60,
    // The last review was over 12 weeks ago, so the page shows one overdue.
    reviewEveryWeeks: 12,
    lastReviewWeeksAgo: 13,
    placement: { setting: 'Hospital discharge and reablement team', weeksAgo: [10, 5], minutes: 150 * 60 },
  },
  {
    name: 'Sophie Turner',
    supervisor: 'Rachel Green',
    monthsAgo: 26,
    fortnightlyMinutes: 12 * 60,
    reviewEveryWeeks: 11,
    lastReviewWeeksAgo: 8,
    placement: { setting: 'Community mental health team', weeksAgo: [34, 29], minutes: 140 * 60 },
    breakWeeksAgo: 6,
  },
]

/**
 * Two OT degree apprentices: Aisha a little behind on off-the-job hours with a review overdue, Sophie on a break
 * in learning. Dates count back from today so the picture stays current. A person who already has an
 * apprenticeship is left alone.
 */
export async function seedDemoApprenticeships(db: Kysely<DB>, ids: Map<string, string>): Promise<boolean> {
  const today = todayInLondon()
  const principalId = ids.get('Priya Shah')
  if (!principalId) return false
  let wrote = false
  for (const demo of APPRENTICES) {
    const personId = ids.get(demo.name)
    const supervisorId = ids.get(demo.supervisor)
    if (!personId || !supervisorId) continue
    const existing = await db
      .selectFrom('apprenticeship')
      .select('id')
      .where('person_id', '=', personId)
      .executeTakeFirst()
    if (existing) continue
    const startsOn = monthsBefore(today, demo.monthsAgo)
    const id = await startApprenticeship(db, {
      personId,
      standardCode: 'ST0517',
      provider: 'University of the West of England',
      startsOn,
      plannedEndOn: addDays(monthsAfter(startsOn, 48), -1),
      weeklyMinutes: 37.5 * 60,
      agedNineteenPlusAtStart: true,
      actorId: principalId,
    })
    wrote = true
    const lastDay = demo.breakWeeksAgo ? addDays(today, -7 * demo.breakWeeksAgo - 1) : addDays(today, -2)
    await saveGatewayChecklist(db, {
      apprenticeshipId: id,
      done: { ksbs: false, modules: false, pad: false, englishMaths: true },
      englishMathsInPlan: false,
      actorId: supervisorId,
      today: startsOn,
    })
    let index = 0
    for (let day = addDays(startsOn, 3); day <= lastDay; day = addDays(day, 14)) {
      await logOffTheJobHours(db, {
        apprenticeshipId: id,
        doneOn: day,
        minutes: demo.fortnightlyMinutes,
        activity: ACTIVITIES[index++ % ACTIVITIES.length],
        evidenceId: null,
        actorId: personId,
      })
    }
    const [from, to] = demo.placement.weeksAgo
    await logPlacementHours(db, {
      apprenticeshipId: id,
      setting: demo.placement.setting,
      startsOn: addDays(today, -7 * from),
      endsOn: addDays(today, -7 * to),
      minutes: demo.placement.minutes,
      actorId: supervisorId,
    })
    const reviewGap = 7 * demo.reviewEveryWeeks
    for (
      let held = addDays(startsOn, reviewGap);
      held <= addDays(today, -7 * demo.lastReviewWeeksAgo);
      held = addDays(held, reviewGap)
    ) {
      await recordProgressReview(db, {
        apprenticeshipId: id,
        heldOn: held,
        nextOn: addDays(held, reviewGap),
        providerContact: 'Practice education lead, UWE',
        notes: 'Reviewed off-the-job evidence and progress against the training plan; actions agreed and signed.',
        actorId: supervisorId,
      })
    }
    if (demo.breakWeeksAgo) {
      await changeApprenticeshipStatus(db, {
        apprenticeshipId: id,
        status: 'break-in-learning',
        effectiveOn: addDays(today, -7 * demo.breakWeeksAgo),
        note: 'Agreed break in learning; planned return to be confirmed at the next review.',
        actorId: supervisorId,
      })
    }
  }
  return wrote
}
