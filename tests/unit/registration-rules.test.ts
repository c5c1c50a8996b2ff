import { describe, expect, it } from 'vitest'
import {
  type RegistrationFacts,
  assessRegistration,
  checkRegistration,
  checkRegistrationNumber,
  dueReminderOffset,
  findProfession,
  latestPossibleExpiry,
  listStatuses,
  professionForJob,
  renewalWindows,
  windowForExpiry,
} from '#app/models/registration/registration.rules'
import { hcpcRules, readHcpcRules } from '#app/models/registration/hcpc-rules.data'
import hcpcFile from '#framework-data/hcpc-registration.json'
import { addMonths, daysBetween } from '#app/lib/dates'

const rules = hcpcRules()
const OT = findProfession(rules, 'OT')!

function record(overrides: Partial<RegistrationFacts> = {}): RegistrationFacts {
  return {
    professionCode: 'OT',
    number: 'OT12345',
    firstRegisteredOn: '2019-09-01',
    expiresOn: '2027-10-31',
    lastCheckedOn: '2026-01-10',
    recordedOn: '2026-01-05',
    ...overrides,
  }
}

const assess = (facts: RegistrationFacts | null, today: string, required = true) =>
  assessRegistration(rules, { required, record: facts }, today)

describe('the HCPC rules file', () => {
  it('is valid and gives OTs the odd-year window of 1 August to 31 October', () => {
    const windows = renewalWindows(OT, 2031)
    const cycles = windows.map((w) => w.cycle)
    expect(cycles).toEqual([2015, 2017, 2019, 2021, 2023, 2025, 2027, 2029, 2031])
    expect(windows.find((w) => w.cycle === 2029)).toMatchObject({
      opens: '2029-08-01',
      closes: '2029-10-31',
      lapses: '2029-11-01',
      confirmed: false,
    })
    expect(windows.find((w) => w.cycle === 2025)?.confirmed).toBe(true)
  })

  it('refuses a file whose window closes before it opens or whose example breaks its own pattern', () => {
    const broken = structuredClone(hcpcFile) as any
    broken.professions[0].windows[0].closes = '2015-07-01'
    broken.professions[0].numberExample = 'X1'
    expect(() => readHcpcRules(broken)).toThrow(/windows\.0.*\n.*numberExample|numberExample[\s\S]*windows/)
  })

  it('keeps windows per profession, so another profession is data only', () => {
    const physio = findProfession(rules, 'PH')!
    expect(renewalWindows(physio, 2026).at(-1)).toMatchObject({
      cycle: 2026,
      opens: '2026-02-01',
      closes: '2026-04-30',
    })
    expect(professionForJob(rules, 'physiotherapy').code).toBe('PH')
    expect(professionForJob(rules, 'occupational-therapy').code).toBe('OT')
    expect(professionForJob(rules, null).code).toBe('OT')
  })
})

describe('registration numbers', () => {
  it('accepts OT and one to six digits, ignoring spaces and case', () => {
    expect(checkRegistrationNumber(rules, OT, 'OT1')).toEqual({ ok: true, number: 'OT1' })
    expect(checkRegistrationNumber(rules, OT, ' ot 123456 ')).toEqual({ ok: true, number: 'OT123456' })
  })

  it('refuses seven digits, letters only and other shapes with the expected format', () => {
    for (const bad of ['OT1234567', 'OT', '12345', 'OTX123', 'O T-12']) {
      const result = checkRegistrationNumber(rules, OT, bad)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.message).toMatch(/OT followed by up to 6 digits/)
    }
  })

  it('names the profession a number belongs to when it is not an OT number', () => {
    const result = checkRegistrationNumber(rules, OT, 'PH123456')
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^PH is the prefix for physiotherapists/) })
    const psych = checkRegistrationNumber(rules, OT, 'PYL1234')
    expect(psych.ok === false && psych.message).toMatch(/practitioner psychologists/)
  })
})

describe('recording a registration', () => {
  const form = { number: 'OT12345', firstRegisteredOn: '2019-09-01', expiresOn: '2027-10-31' }

  it('accepts a registration that ends at the next deadline', () => {
    expect(checkRegistration(rules, OT, form, '2026-11-23')).toEqual({ ok: true, value: form })
  })

  it('refuses an expiry before the first registration', () => {
    const result = checkRegistration(rules, OT, { ...form, expiresOn: '2019-08-01' }, '2026-11-23')
    expect(result).toEqual({ ok: false, fieldErrors: { expiresOn: expect.stringMatching(/must end after/) } })
  })

  it('refuses an expiry ten years away, naming the latest possible date', () => {
    const result = checkRegistration(rules, OT, { ...form, expiresOn: '2036-10-31' }, '2026-11-23')
    expect(result).toEqual({ ok: false, fieldErrors: { expiresOn: expect.stringMatching(/31 Oct 2027/) } })
  })

  it('allows the following deadline once the window has opened', () => {
    expect(latestPossibleExpiry(OT, '2027-07-31')).toBe('2027-10-31')
    expect(latestPossibleExpiry(OT, '2027-08-01')).toBe('2029-10-31')
    expect(checkRegistration(rules, OT, { ...form, expiresOn: '2029-10-31' }, '2027-08-15').ok).toBe(true)
  })

  it('refuses a first registration in the future and reports every field at once', () => {
    const result = checkRegistration(
      rules,
      OT,
      { number: 'PH1', firstRegisteredOn: '2027-01-01', expiresOn: '2026-12-01' },
      '2026-11-23',
    )
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.fieldErrors).sort()).toEqual(['expiresOn', 'firstRegisteredOn', 'number'])
  })
})

describe('status on a day (Europe/London calendar dates)', () => {
  it('is registered well before the window', () => {
    const standing = assess(record(), '2026-11-23')
    expect(standing).toMatchObject({ status: 'registered', daysLeft: 342, windowOpen: false, needsAction: false })
    expect(standing.explanation).toMatch(/opens on 1 Aug 2027 and closes on 31 Oct 2027 \(expected dates/)
  })

  it('opens the renewal window on 1 August, 91 days before the deadline', () => {
    expect(assess(record(), '2027-07-31')).toMatchObject({ status: 'registered', windowOpen: false })
    const opened = assess(record(), '2027-08-01')
    expect(opened).toMatchObject({ status: 'window-open', windowOpen: true, daysLeft: 91, needsAction: true })
    expect(opened.explanation).toMatch(/declaration and pay the fee/)
  })

  it('counts down through 90, 60 and 30 days with the window still open', () => {
    expect(assess(record(), '2027-08-02')).toMatchObject({ status: 'expiring-90', windowOpen: true })
    expect(assess(record(), '2027-09-01')).toMatchObject({ status: 'expiring-60', daysLeft: 60 })
    expect(assess(record(), '2027-09-02')).toMatchObject({ status: 'expiring-60', daysLeft: 59 })
    expect(assess(record(), '2027-10-01')).toMatchObject({ status: 'expiring-30', daysLeft: 30 })
  })

  it('is still registered on the deadline and lapsed the day after', () => {
    expect(assess(record(), '2027-10-31')).toMatchObject({ status: 'expiring-30', daysLeft: 0, registeredToday: true })
    const lapsed = assess(record(), '2027-11-01')
    expect(lapsed).toMatchObject({ status: 'lapsed', registeredToday: false, auditEligible: false, needsAction: true })
    expect(lapsed.explanation).toMatch(
      /lapsed on 1 Nov 2027.*must not work as, or call themselves, an occupational therapist/,
    )
    expect(lapsed.explanation).toMatch(/short readmission/)
    expect(assess(record(), '2027-12-15').explanation).toMatch(/more than a month ago/)
  })

  it('uses the listed lapse date of a window with an unusual deadline (2015: 30 November)', () => {
    const old = record({ firstRegisteredOn: '2010-01-01', expiresOn: '2015-11-30', lastCheckedOn: null })
    expect(windowForExpiry(OT, '2015-11-30')?.lapses).toBe('2015-12-01')
    expect(assess(old, '2015-11-30').status).toBe('expiring-30')
    expect(assess(old, '2015-12-01').status).toBe('lapsed')
  })

  it('needs a record for a registered role and none for apprentices and assistants', () => {
    expect(assess(null, '2026-11-23')).toMatchObject({
      status: 'to-record',
      needsAction: true,
      label: 'Registration to record',
    })
    expect(assess(null, '2026-11-23', false)).toMatchObject({ status: 'not-registered', needsAction: false })
  })

  it('allows CPD audit selection only after two years on the register', () => {
    const recent = record({ firstRegisteredOn: '2024-11-24' })
    expect(assess(recent, '2026-11-23').auditEligible).toBe(false)
    expect(assess(recent, '2026-11-24').auditEligible).toBe(true)
  })

  it('asks for a register check when never checked, when details changed, and after each deadline', () => {
    expect(assess(record({ lastCheckedOn: null }), '2026-11-23')).toMatchObject({ checkDue: true, needsAction: true })
    expect(assess(record({ lastCheckedOn: '2026-01-01', recordedOn: '2026-01-05' }), '2026-11-23').checkDue).toBe(true)
    const renewed = record({ expiresOn: '2029-10-31', recordedOn: '2027-09-01', lastCheckedOn: '2027-09-02' })
    expect(assess(renewed, '2027-10-31').checkDue).toBe(false)
    expect(assess(renewed, '2027-11-01').checkDue).toBe(true)
  })

  it('sorts what needs action first', () => {
    const ranks = [
      assess(record(), '2027-11-01'),
      assess(null, '2026-11-23'),
      assess(record(), '2027-10-20'),
      assess(record(), '2027-09-15'),
      assess(record({ lastCheckedOn: null }), '2026-11-23'),
      assess(record(), '2026-11-23'),
      assess(null, '2026-11-23', false),
    ].map((s) => s.rank)
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks)
    expect(listStatuses(rules)).toEqual([
      'lapsed',
      'to-record',
      'expiring-30',
      'expiring-60',
      'expiring-90',
      'window-open',
      'registered',
      'not-registered',
    ])
  })
})

describe('reminders', () => {
  it('is due at 90, 60, 30 and 7 days, and only the nearest one when a run was missed', () => {
    expect(dueReminderOffset(rules, '2027-10-31', '2027-08-01')).toBeUndefined()
    expect(dueReminderOffset(rules, '2027-10-31', '2027-08-02')).toBe(90)
    expect(dueReminderOffset(rules, '2027-10-31', '2027-09-01')).toBe(60)
    expect(dueReminderOffset(rules, '2027-10-31', '2027-10-20')).toBe(30)
    expect(dueReminderOffset(rules, '2027-10-31', '2027-10-24')).toBe(7)
    expect(dueReminderOffset(rules, '2027-10-31', '2027-10-31')).toBe(7)
    expect(dueReminderOffset(rules, '2027-10-31', '2027-11-01')).toBeUndefined()
  })

  it('counts days across the clock change as calendar days', () => {
    expect(daysBetween('2027-10-30', '2027-11-01')).toBe(2)
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2)
    expect(addMonths('2024-02-29', 24)).toBe('2026-02-28')
  })
})
