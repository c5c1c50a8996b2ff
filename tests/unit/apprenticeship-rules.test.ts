import { describe, expect, it } from 'vitest'
import { APPRENTICESHIP_RULES, readApprenticeshipRules } from '#app/models/apprenticeship/rules.data'
import {
  EMPTY_CHECKLIST,
  type ProgrammeFacts,
  activeDays,
  breaksFromHistory,
  countsTowardsOffTheJob,
  englishMathsRequired,
  gatewayReadiness,
  offTheJobProgress,
  offTheJobRuleFor,
  placementProgress,
  progressSeries,
  requiredOffTheJobMinutes,
  reviewDueBy,
  reviewProgress,
} from '#app/models/apprenticeship/progress.rules'

const FULL_TIME = 37.5 * 60
const PART_TIME = 20 * 60

function facts(overrides: Partial<ProgrammeFacts> = {}): ProgrammeFacts {
  return {
    startsOn: '2025-01-06',
    plannedEndOn: '2029-01-05',
    weeklyMinutes: FULL_TIME,
    gatewayOn: null,
    endedOn: null,
    breaks: [],
    ...overrides,
  }
}

describe('the apprenticeship rules file', () => {
  it('names its source and holds the OT degree standard with its 1,000 placement hours', () => {
    expect(APPRENTICESHIP_RULES.source).toMatch(/FACTS\.md §5/)
    const ot = APPRENTICESHIP_RULES.standards.find((s) => s.code === 'ST0517')
    expect(ot).toMatchObject({ level: 6, placementHoursRequired: 1000, jobRoleOnCompletion: 'ot' })
    expect(APPRENTICESHIP_RULES.reviewIntervalWeeks).toBe(12)
  })

  it('refuses a file whose first off-the-job rule does not apply from the beginning', () => {
    const broken = structuredClone(APPRENTICESHIP_RULES)
    broken.offTheJob[0].startsFrom = '2020-01-01'
    expect(() => readApprenticeshipRules(broken)).toThrow(/offTheJob/)
  })
})

describe('which off-the-job rule applies', () => {
  it('asks 20% of contracted hours of a start on 31 July 2022', () => {
    const rule = offTheJobRuleFor('2022-07-31', FULL_TIME)
    expect(rule.weeklyMinutes).toBe(450)
    expect(rule.description).toMatch(/^20% of contracted hours/)
  })

  it('asks 6 hours a week of a full-time start on 1 August 2022, however long the week', () => {
    expect(offTheJobRuleFor('2022-08-01', FULL_TIME).weeklyMinutes).toBe(360)
    expect(offTheJobRuleFor('2022-08-01', 45 * 60).weeklyMinutes).toBe(360)
    expect(offTheJobRuleFor('2022-08-01', 30 * 60)).toMatchObject({ weeklyMinutes: 360, fullTime: true })
  })

  it('asks 20% of a part-time apprentice (under 30 hours) after the change', () => {
    expect(offTheJobRuleFor('2024-09-02', PART_TIME)).toMatchObject({ weeklyMinutes: 240, fullTime: false })
    expect(offTheJobRuleFor('2024-09-02', 29.5 * 60).weeklyMinutes).toBe(354)
  })
})

describe('off-the-job hours required to date', () => {
  it('grows by the weekly requirement for each week on programme', () => {
    expect(requiredOffTheJobMinutes(facts(), '2025-01-05')).toBe(0)
    expect(requiredOffTheJobMinutes(facts(), '2025-01-12')).toBe(360)
    expect(requiredOffTheJobMinutes(facts(), '2025-03-30')).toBe(12 * 360)
  })

  it('does not count the days of a break in learning', () => {
    const withBreak = facts({ breaks: [{ from: '2025-02-03', to: '2025-03-02' }] })
    expect(requiredOffTheJobMinutes(withBreak, '2025-03-30')).toBe(8 * 360)
    const ongoing = facts({ breaks: [{ from: '2025-02-03', to: null }] })
    expect(requiredOffTheJobMinutes(ongoing, '2025-03-30')).toBe(4 * 360)
  })

  it('stops at gateway: nothing more is required or counted after it', () => {
    const atGateway = facts({ gatewayOn: '2025-02-03' })
    expect(requiredOffTheJobMinutes(atGateway, '2025-12-31')).toBe(4 * 360)
    expect(countsTowardsOffTheJob('2025-02-02', atGateway)).toBe(true)
    expect(countsTowardsOffTheJob('2025-02-03', atGateway)).toBe(false)
  })

  it('stops at the planned end date', () => {
    const short = facts({ plannedEndOn: '2025-02-02' })
    expect(requiredOffTheJobMinutes(short, '2026-01-01')).toBe(4 * 360)
  })

  it('uses the part-time 20% for a part-time apprentice', () => {
    expect(requiredOffTheJobMinutes(facts({ weeklyMinutes: PART_TIME }), '2025-03-30')).toBe(12 * 240)
  })

  it('counts nothing before the start or during a break', () => {
    const withBreak = facts({ breaks: [{ from: '2025-02-03', to: '2025-03-02' }] })
    expect(countsTowardsOffTheJob('2025-01-05', withBreak)).toBe(false)
    expect(countsTowardsOffTheJob('2025-02-10', withBreak)).toBe(false)
    expect(countsTowardsOffTheJob('2025-03-03', withBreak)).toBe(true)
  })
})

describe('pace', () => {
  it('is on pace within one week of the requirement and behind beyond it', () => {
    expect(offTheJobProgress(facts(), 11 * 360, '2025-03-30')).toMatchObject({
      requiredMinutes: 12 * 360,
      shortfallMinutes: 360,
      pace: 'on-pace',
    })
    expect(offTheJobProgress(facts(), 11 * 360 - 15, '2025-03-30').pace).toBe('behind')
  })

  it('pauses during a break: a behind apprentice does not fall further behind', () => {
    const before = offTheJobProgress(facts(), 0, '2025-02-02')
    const during = offTheJobProgress(facts({ breaks: [{ from: '2025-02-03', to: null }] }), 0, '2025-06-01')
    expect(during.requiredMinutes).toBe(before.requiredMinutes)
  })

  it('plans the whole programme less breaks', () => {
    const plain = offTheJobProgress(facts(), 0, '2025-03-30').plannedMinutes
    const withBreak = offTheJobProgress(
      facts({ breaks: [{ from: '2025-02-03', to: '2025-03-02' }] }),
      0,
      '2025-03-30',
    ).plannedMinutes
    expect(plain - withBreak).toBe(4 * 360)
  })
})

describe('breaks from the status history', () => {
  it('runs each break until the day before the next change, or on while it is the latest', () => {
    const breaks = breaksFromHistory([
      { status: 'on-programme', effectiveOn: '2025-01-06' },
      { status: 'break-in-learning', effectiveOn: '2025-05-01' },
      { status: 'on-programme', effectiveOn: '2025-06-01' },
      { status: 'break-in-learning', effectiveOn: '2025-09-01' },
    ])
    expect(breaks).toEqual([
      { from: '2025-05-01', to: '2025-05-31' },
      { from: '2025-09-01', to: null },
    ])
    expect(activeDays('2025-05-01', '2025-06-30', breaks)).toBe(30)
  })
})

describe('progress reviews', () => {
  it('are due within 12 weeks of the last one, or of the start', () => {
    expect(reviewDueBy('2025-01-06', [])).toBe('2025-03-31')
    const review = { heldOn: '2025-03-03', nextOn: '2025-05-26' }
    expect(
      reviewProgress({ status: 'on-programme', startsOn: '2025-01-06', breaks: [], lastReview: review }, '2025-04-01'),
    ).toMatchObject({ dueBy: '2025-05-26', state: 'on-time' })
  })

  it('are due soon two weeks before the limit, and overdue the day after it', () => {
    const input = { status: 'on-programme' as const, startsOn: '2025-01-06', breaks: [], lastReview: null }
    expect(reviewProgress(input, '2025-03-16').state).toBe('on-time')
    expect(reviewProgress(input, '2025-03-17').state).toBe('due-soon')
    expect(reviewProgress(input, '2025-03-31').state).toBe('due-soon')
    expect(reviewProgress(input, '2025-04-01')).toMatchObject({ state: 'overdue', daysOverdue: 1 })
  })

  it('are due soon once the planned date has passed, even inside the 12 weeks', () => {
    const review = { heldOn: '2025-03-03', nextOn: '2025-04-07' }
    const input = { status: 'on-programme' as const, startsOn: '2025-01-06', breaks: [], lastReview: review }
    expect(reviewProgress(input, '2025-04-08').state).toBe('due-soon')
  })

  it('pause during a break and move the limit on by its length afterwards', () => {
    const breaks = [{ from: '2025-02-03', to: '2025-03-02' }]
    expect(reviewDueBy('2025-01-06', breaks)).toBe('2025-04-28')
    const paused = reviewProgress(
      {
        status: 'break-in-learning',
        startsOn: '2025-01-06',
        breaks: [{ from: '2025-02-03', to: null }],
        lastReview: null,
      },
      '2025-09-01',
    )
    expect(paused).toMatchObject({ state: 'paused', dueBy: null })
  })

  it('are no longer required from gateway', () => {
    const input = { status: 'gateway' as const, startsOn: '2025-01-06', breaks: [], lastReview: null }
    expect(reviewProgress(input, '2026-01-01').state).toBe('not-required')
  })
})

describe('placement hours', () => {
  it('count towards the 1,000 hours of the OT degree', () => {
    expect(placementProgress('ST0517', 250 * 60)).toEqual({
      requiredMinutes: 60_000,
      loggedMinutes: 15_000,
      percent: 25,
      remainingMinutes: 45_000,
    })
    expect(placementProgress('ST0517', 1200 * 60)?.percent).toBe(100)
  })

  it('do not apply to the support-worker standards', () => {
    expect(placementProgress('ST0216', 600)).toBeNull()
  })
})

describe('gateway readiness', () => {
  const done = { ...EMPTY_CHECKLIST, ksbsMetOn: '2028-10-01', modulesPassedOn: '2028-10-01', padSignedOn: '2028-10-02' }

  it('needs every item of the standard', () => {
    const partial = gatewayReadiness(
      { standardCode: 'ST0517', agedNineteenPlusAtStart: false, checklist: { ...done, padSignedOn: null } },
      '2028-10-03',
    )
    expect(partial).toMatchObject({ ready: false, outstanding: 2 })
    expect(partial.items.map((i) => i.item)).toEqual(['ksbs', 'modules', 'pad', 'englishMaths'])
  })

  it('lets an apprentice who was 19 or over at the start go without English and maths from 11 February 2025', () => {
    const input = { standardCode: 'ST0517', agedNineteenPlusAtStart: true, checklist: done }
    expect(gatewayReadiness(input, '2025-02-10').ready).toBe(false)
    expect(gatewayReadiness(input, '2025-02-11').ready).toBe(true)
    const optedIn = { ...input, checklist: { ...done, englishMathsInPlan: true } }
    expect(gatewayReadiness(optedIn, '2025-02-11').ready).toBe(false)
  })

  it('still needs English and maths of an apprentice under 19 at the start', () => {
    expect(englishMathsRequired({ agedNineteenPlusAtStart: false, inTrainingPlan: false }, '2026-01-01')).toBe(true)
    expect(
      gatewayReadiness(
        {
          standardCode: 'ST0517',
          agedNineteenPlusAtStart: false,
          checklist: { ...done, englishMathsOn: '2027-06-01' },
        },
        '2028-10-03',
      ).ready,
    ).toBe(true)
  })
})

describe('the progress chart series', () => {
  it('gives cumulative hours month by month, counting only what counts', () => {
    const series = progressSeries(
      facts({ gatewayOn: '2025-03-10' }),
      {
        otj: [
          { doneOn: '2025-01-10', minutes: 360 },
          { doneOn: '2025-02-14', minutes: 720 },
          { doneOn: '2025-03-12', minutes: 600 },
        ],
        placements: [{ endsOn: '2025-02-28', minutes: 1800 }],
      },
      '2025-03-20',
    )
    expect(series.map((p) => [p.month, p.loggedHours, p.placementHours])).toEqual([
      ['2025-01', 6, 0],
      ['2025-02', 18, 30],
      ['2025-03', 18, 30],
    ])
    expect(series[0].label).toBe('Jan 2025')
    expect(series[2].requiredHours).toBe(
      requiredOffTheJobMinutes(facts({ gatewayOn: '2025-03-10' }), '2025-03-20') / 60,
    )
  })

  it('writes the months of a programme that started before the year 1000 with four-digit years', () => {
    // '400-01-01' was no date: the apprenticeship's page answered 500 on every view.
    const series = progressSeries(
      facts({ startsOn: '0400-02-29', plannedEndOn: '0404-02-28' }),
      { otj: [], placements: [] },
      '0400-04-15',
    )
    expect(series.map((p) => [p.month, p.label])).toEqual([
      ['0400-02', 'Feb 400'],
      ['0400-03', 'Mar 400'],
      ['0400-04', 'Apr 400'],
    ])
  })
})
