import { describe, expect, it } from 'vitest'
import {
  SUPERVISION_FREQUENCY,
  type SupervisionFrequency,
  readSupervisionFrequency,
} from '#app/models/supervision/frequency.data'
import {
  actualAgainstExpected,
  continuousStart,
  describeInterval,
  expectedSessions,
  nextDueAfter,
  reportingPeriod,
  settledFrequencyDays,
  stageOn,
  stageWindows,
  supervisionDue,
} from '#app/models/supervision/supervision.rules'
import { addMonths } from '#app/lib/dates'

const rules = SUPERVISION_FREQUENCY
const QUALIFIED = '2026-01-05'
const newlyQualified = stageWindows(rules, 'ot', QUALIFIED)
const monthly = stageWindows(rules, 'senior-ot', null)

describe('the frequency file', () => {
  it('loads with LGA Standard 5 defaults: 90 minutes, weekly, fortnightly, then monthly for a newly qualified OT', () => {
    expect(rules.minimumSessionMinutes).toBe(90)
    expect(newlyQualified.map((w) => describeInterval(w.stage.every))).toEqual([
      'every week',
      'every fortnight',
      'every month',
    ])
    expect(newlyQualified.map((w) => [w.startsOn, w.endsOn])).toEqual([
      [null, '2026-02-16'],
      ['2026-02-16', '2026-07-05'],
      ['2026-07-05', null],
    ])
  })

  it('refuses an unknown job role, a duplicate role and stages out of order, naming each path', () => {
    const bad = structuredClone(rules) as SupervisionFrequency
    bad.roles.push({ jobRole: 'astronaut', stages: bad.default })
    bad.roles.push({ jobRole: 'ot', stages: bad.default })
    bad.roles[0].stages = [
      { code: 'a', label: 'A', until: { count: 6, unit: 'month' }, every: { count: 1, unit: 'week' } },
      { code: 'b', label: 'B', until: { count: 6, unit: 'week' }, every: { count: 2, unit: 'week' } },
      { code: 'c', label: 'C', every: { count: 1, unit: 'month' } },
    ]
    expect(() => readSupervisionFrequency(bad)).toThrow(/unknown job role 'astronaut'/)
    expect(() => readSupervisionFrequency(bad)).toThrow(/'ot' is listed twice/)
    expect(() => readSupervisionFrequency(bad)).toThrow(
      /roles\.0\.stages\.1\.until: must end after the stage before it/,
    )
  })

  it('refuses a last stage with an end, a middle stage without one, and a file without a source', () => {
    const bad = structuredClone(rules) as SupervisionFrequency
    bad.default = [
      { code: 'a', label: 'A', every: { count: 1, unit: 'week' } },
      { code: 'b', label: 'B', until: { count: 1, unit: 'month' }, every: { count: 1, unit: 'month' } },
    ]
    bad.source = ' '
    expect(() => readSupervisionFrequency(bad)).toThrow(/default\.0\.until: only the last stage may have no end/)
    expect(() => readSupervisionFrequency(bad)).toThrow(/default\.1\.until: the last stage has no end/)
    expect(() => readSupervisionFrequency(bad)).toThrow(/source: must name where the defaults come from/)
  })

  it('uses the default for a person with no job role or a role the file does not list', () => {
    expect(stageWindows(rules, null, QUALIFIED).map((w) => w.stage.code)).toEqual(['standard'])
    expect(stageWindows({ ...rules, roles: [] }, 'ot', QUALIFIED).map((w) => w.stage.code)).toEqual(['standard'])
  })

  it('treats a person with no qualification date as past the newly qualified stages', () => {
    expect(stageWindows(rules, 'ot', null)).toEqual([
      { stage: expect.objectContaining({ code: 'standard' }), startsOn: null, endsOn: null },
    ])
  })
})

describe('dates', () => {
  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15')
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28')
  })

  it('names intervals in plain words', () => {
    expect(describeInterval({ count: 3, unit: 'week' })).toBe('every 3 weeks')
    expect(describeInterval({ count: 2, unit: 'month' })).toBe('every 2 months')
  })
})

describe('the stage in force', () => {
  it('moves from weekly to fortnightly after six weeks and to monthly after six months', () => {
    expect(stageOn(newlyQualified, '2026-01-05').stage.code).toBe('nq-weekly')
    expect(stageOn(newlyQualified, '2026-02-16').stage.code).toBe('nq-weekly')
    expect(stageOn(newlyQualified, '2026-02-17').stage.code).toBe('nq-fortnightly')
    expect(stageOn(newlyQualified, '2026-07-05').stage.code).toBe('nq-fortnightly')
    expect(stageOn(newlyQualified, '2026-07-06').stage.code).toBe('standard')
  })
})

describe('the next due date', () => {
  it('is a week after a session in the first six weeks', () => {
    expect(nextDueAfter(newlyQualified, '2026-01-12')).toBe('2026-01-19')
  })

  it('asks for the sixth weekly session by the last day of week six', () => {
    expect(nextDueAfter(newlyQualified, '2026-02-09')).toBe('2026-02-16')
  })

  it('uses the fortnightly interval when a week later would already be past the weekly stage', () => {
    expect(nextDueAfter(newlyQualified, '2026-02-10')).toBe('2026-02-24')
  })

  it('is a calendar month later for established staff', () => {
    expect(nextDueAfter(monthly, '2026-01-31')).toBe('2026-02-28')
    expect(nextDueAfter(monthly, '2026-03-10')).toBe('2026-04-10')
  })

  it('counts from when supervision began until the first session is held', () => {
    const due = supervisionDue(monthly, { lastHeldOn: null, supervisedSince: '2026-03-02' }, '2026-03-20')
    expect(due).toMatchObject({ dueOn: '2026-04-02', overdue: false, daysOverdue: 0 })
  })

  it('is on time on the due date and overdue from the day after', () => {
    const facts = { lastHeldOn: '2026-03-10', supervisedSince: '2025-01-01' }
    expect(supervisionDue(monthly, facts, '2026-04-10')).toMatchObject({ overdue: false, daysOverdue: 0 })
    expect(supervisionDue(monthly, facts, '2026-04-11')).toMatchObject({ overdue: true, daysOverdue: 1 })
    expect(supervisionDue(monthly, facts, '2026-05-10')).toMatchObject({ overdue: true, daysOverdue: 30 })
  })

  it('reports the stage in force today', () => {
    const due = supervisionDue(newlyQualified, { lastHeldOn: '2026-03-02', supervisedSince: QUALIFIED }, '2026-03-05')
    expect(due.stage.code).toBe('nq-fortnightly')
    expect(due.dueOn).toBe('2026-03-16')
  })
})

describe('expected sessions', () => {
  it('counts six weekly, then fortnightly, then monthly sessions across the first year', () => {
    expect(expectedSessions(newlyQualified, QUALIFIED, '2026-02-15')).toBe(5)
    expect(expectedSessions(newlyQualified, QUALIFIED, '2026-02-16')).toBe(6)
    // 6 weekly to 16 Feb; fortnightly from 2 Mar to 22 Jun (9); monthly from 22 Jul to 22 Dec (6).
    expect(expectedSessions(newlyQualified, QUALIFIED, '2027-01-04')).toBe(21)
  })

  it('counts one a month for established staff and none in a period shorter than the interval', () => {
    expect(expectedSessions(monthly, '2026-01-01', '2026-06-30')).toBe(5)
    expect(expectedSessions(monthly, '2026-01-01', '2026-07-01')).toBe(6)
    expect(expectedSessions(monthly, '2026-01-01', '2026-01-31')).toBe(0)
    expect(expectedSessions(monthly, '2026-02-01', '2026-01-01')).toBe(0)
  })
})

describe('actual against expected', () => {
  it('looks back six months, or to when supervision began if later', () => {
    expect(reportingPeriod('2026-11-23', '2020-01-01')).toEqual({ from: '2026-05-23', to: '2026-11-23' })
    expect(reportingPeriod('2026-11-23', '2026-09-01')).toEqual({ from: '2026-09-01', to: '2026-11-23' })
  })

  it('counts sessions in the period, those of full length, and the shortfall', () => {
    const sessions = [
      { heldOn: '2026-04-30', minutes: 90 },
      { heldOn: '2026-05-23', minutes: 90 },
      { heldOn: '2026-07-01', minutes: 60 },
      { heldOn: '2026-09-15', minutes: 120 },
    ]
    const result = actualAgainstExpected(monthly, sessions, { from: '2026-05-23', to: '2026-11-23' }, 90)
    expect(result).toEqual({ from: '2026-05-23', to: '2026-11-23', expected: 6, held: 3, fullLength: 2, shortfall: 3 })
  })

  it('has no shortfall when more sessions are held than expected', () => {
    const sessions = ['2026-01-02', '2026-01-09', '2026-01-16'].map((heldOn) => ({ heldOn, minutes: 90 }))
    const result = actualAgainstExpected(monthly, sessions, { from: '2026-01-01', to: '2026-02-01' }, 90)
    expect(result).toMatchObject({ expected: 1, held: 3, shortfall: 0 })
  })
})

describe('the spell of supervision', () => {
  const today = '2026-11-23'

  it('runs back through a change of supervisor, so the new supervisor inherits the schedule', () => {
    const links = [
      { startsOn: '2025-09-01', endsOn: null },
      { startsOn: '2024-09-02', endsOn: '2025-08-31' },
    ]
    expect(continuousStart(links, today)).toBe('2024-09-02')
  })

  it('starts again after a gap, and ignores links that have not started yet', () => {
    const links = [
      { startsOn: '2026-12-01', endsOn: null },
      { startsOn: '2026-03-01', endsOn: null },
      { startsOn: '2025-01-01', endsOn: '2026-01-31' },
    ]
    expect(continuousStart(links, today)).toBe('2026-03-01')
  })
})

describe('the settled frequency kept on the link', () => {
  it('is the last stage’s interval in days, a month counted as 30', () => {
    expect(settledFrequencyDays(rules, 'ot')).toBe(30)
    const weekly = structuredClone(rules) as SupervisionFrequency
    weekly.default = [{ code: 'w', label: 'Weekly', every: { count: 2, unit: 'week' } }]
    expect(settledFrequencyDays(weekly, 'unknown-role')).toBe(14)
  })
})
