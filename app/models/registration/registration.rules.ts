import { addDays, addMonths, daysBetween, formatUkDate } from '#app/lib/dates'
import type { HcpcProfession, HcpcRules } from './hcpc-rules.data'
import type { RegistrationForm } from './registration.schema'

export interface RenewalWindow {
  professionCode: string
  cycle: number
  opens: string
  closes: string
  /** The first day off the register for anyone who did not renew. */
  lapses: string
  /** False for windows projected from the pattern or listed ahead of HCPC confirming them. */
  confirmed: boolean
}

export function findProfession(rules: HcpcRules, code: string): HcpcProfession | undefined {
  return rules.professions.find((p) => p.code === code)
}

/** The HCPC profession for a job role's profession; the portal serves OT teams, so OT when none matches. */
export function professionForJob(rules: HcpcRules, jobProfession: string | null): HcpcProfession {
  return (
    rules.professions.find((p) => jobProfession && p.jobProfessions.includes(jobProfession)) ?? rules.professions[0]
  )
}

/** Listed windows, then the profession's pattern carried forward to cover `throughYear`. */
export function renewalWindows(profession: HcpcProfession, throughYear: number): RenewalWindow[] {
  const windows: RenewalWindow[] = profession.windows.map((w) => ({ professionCode: profession.code, ...w }))
  const pattern = profession.pattern
  if (pattern) {
    const listed = new Set(windows.map((w) => w.cycle))
    for (let cycle = pattern.firstCycle; cycle <= throughYear; cycle += profession.cycleYears) {
      if (listed.has(cycle)) continue
      const closes = `${cycle}-${pattern.closes}`
      windows.push({
        professionCode: profession.code,
        cycle,
        opens: `${cycle}-${pattern.opens}`,
        closes,
        lapses: addDays(closes, 1),
        confirmed: false,
      })
    }
  }
  return windows.sort((a, b) => a.cycle - b.cycle)
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4))
}

/** The window in which a registration ending on `expiresOn` is renewed, if the data knows one. */
export function windowForExpiry(profession: HcpcProfession, expiresOn: string): RenewalWindow | undefined {
  return renewalWindows(profession, yearOf(expiresOn) + profession.cycleYears).find(
    (w) => w.opens <= expiresOn && expiresOn <= w.closes,
  )
}

/** The next window that has not closed by `today`. */
export function nextWindow(profession: HcpcProfession, today: string): RenewalWindow | undefined {
  return renewalWindows(profession, yearOf(today) + profession.cycleYears * 2).find((w) => w.closes >= today)
}

/**
 * The latest expiry a registration can have on `today`: renewing in a window that is open (or, before it opens,
 * the coming one) runs to the following deadline, so anything later is a typing mistake.
 */
export function latestPossibleExpiry(profession: HcpcProfession, today: string): string {
  const windows = renewalWindows(profession, yearOf(today) + profession.cycleYears * 3)
  const next = windows.find((w) => w.opens > today)
  if (next) return next.closes
  return addMonths(today, profession.cycleYears * 12 + 3)
}

export type NumberCheck = { ok: true; number: string } | { ok: false; message: string }

/** HCPC numbers are the profession's prefix and up to six digits (FACTS §4.1). */
export function checkRegistrationNumber(rules: HcpcRules, profession: HcpcProfession, raw: string): NumberCheck {
  const number = raw.replace(/\s+/g, '').toUpperCase()
  if (new RegExp(profession.numberPattern).test(number)) return { ok: true, number }
  const prefix = /^([A-Z]+)\d/.exec(number)?.[1]
  if (prefix && prefix !== profession.code && Object.hasOwn(rules.prefixes, prefix)) {
    return {
      ok: false,
      message: `${prefix} is the prefix for ${rules.prefixes[prefix]}. ${profession.name} numbers start with ${profession.code}, for example ${profession.numberExample}.`,
    }
  }
  return {
    ok: false,
    message: `Enter the number as it appears on the HCPC register: ${profession.code} followed by up to 6 digits, for example ${profession.numberExample}.`,
  }
}

export type RegistrationCheck =
  { ok: true; value: RegistrationForm } | { ok: false; fieldErrors: Record<string, string> }

/** The rules a recorded registration must meet on `today`, with a message for each field that breaks one. */
export function checkRegistration(
  rules: HcpcRules,
  profession: HcpcProfession,
  form: RegistrationForm,
  today: string,
): RegistrationCheck {
  const fieldErrors: Record<string, string> = {}
  const number = checkRegistrationNumber(rules, profession, form.number)
  if (!number.ok) fieldErrors.number = number.message
  if (form.firstRegisteredOn > today)
    fieldErrors.firstRegisteredOn = 'The date you first registered cannot be in the future'
  else if (form.firstRegisteredOn < '1960-01-01') fieldErrors.firstRegisteredOn = 'Enter a date after 1960'
  if (form.expiresOn <= form.firstRegisteredOn) {
    fieldErrors.expiresOn = 'The registration must end after the date you first registered'
  } else {
    const latest = latestPossibleExpiry(profession, today)
    if (form.expiresOn > latest) {
      fieldErrors.expiresOn = `HCPC registration runs for ${profession.cycleYears} years, to the end of a renewal window: it cannot end later than ${formatUkDate(latest)}. Check the date on the HCPC register.`
    }
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors }
  return { ok: true, value: { ...form, number: number.ok ? number.number : form.number } }
}

export type RegistrationStatus =
  'lapsed' | 'to-record' | `expiring-${number}` | 'window-open' | 'registered' | 'not-registered'

export interface RegistrationFacts {
  professionCode: string
  number: string
  firstRegisteredOn: string
  expiresOn: string
  lastCheckedOn: string | null
  /** The day the details were last recorded or changed (London date). */
  recordedOn: string
}

export interface RegistrationStanding {
  status: RegistrationStatus
  label: string
  /** Days from today to the expiry date; negative once it has passed. */
  daysLeft: number | null
  window: RenewalWindow | null
  windowOpen: boolean
  /** Whether the person may use the protected title today. */
  registeredToday: boolean
  auditEligible: boolean
  /** Nobody has checked the register since the details changed or since a renewal deadline passed. */
  checkDue: boolean
  needsAction: boolean
  /** Sort key: lower needs action sooner. */
  rank: number
  explanation: string
}

export function statusLabel(status: RegistrationStatus): string {
  if (status.startsWith('expiring-')) return `Expiring within ${status.slice('expiring-'.length)} days`
  switch (status) {
    case 'lapsed':
      return 'Lapsed'
    case 'to-record':
      return 'Registration to record'
    case 'window-open':
      return 'Renewal window open'
    case 'registered':
      return 'Registered'
    default:
      return 'Not required'
  }
}

/** Every status in the order of urgency, for filters and legends. */
export function listStatuses(rules: HcpcRules): RegistrationStatus[] {
  const buckets = [...rules.statusBucketsDays].sort((a, b) => a - b).map((d): RegistrationStatus => `expiring-${d}`)
  return ['lapsed', 'to-record', ...buckets, 'window-open', 'registered', 'not-registered']
}

/**
 * Where a person stands with HCPC on `today`. A registration not renewed lapses the day after the deadline
 * (FACTS §4.3): on the expiry date itself the person is still registered.
 */
export function assessRegistration(
  rules: HcpcRules,
  input: { required: boolean; record: RegistrationFacts | null },
  today: string,
): RegistrationStanding {
  const order = listStatuses(rules)
  const standing = (status: RegistrationStatus, rest: Omit<RegistrationStanding, 'status' | 'label' | 'rank'>) => ({
    status,
    label: statusLabel(status),
    rank: order.indexOf(status) * 2 + (rest.checkDue && status === 'registered' ? -1 : 0),
    ...rest,
  })
  const record = input.record
  if (!record) {
    return standing(input.required ? 'to-record' : 'not-registered', {
      daysLeft: null,
      window: null,
      windowOpen: false,
      registeredToday: false,
      auditEligible: false,
      checkDue: false,
      needsAction: input.required,
      explanation: input.required
        ? 'This role needs HCPC registration and none is recorded. Record the registration number and the date it ends.'
        : 'This role does not need HCPC registration.',
    })
  }
  const profession = findProfession(rules, record.professionCode) ?? rules.professions[0]
  const window = windowForExpiry(profession, record.expiresOn) ?? null
  const lapsesOn = window && window.closes === record.expiresOn ? window.lapses : addDays(record.expiresOn, 1)
  const daysLeft = daysBetween(today, record.expiresOn)
  const lapsed = today >= lapsesOn
  const windowOpen = !lapsed && window !== null && window.opens <= today && today <= window.closes
  const auditEligible =
    !lapsed && addMonths(record.firstRegisteredOn, rules.auditEligibility.minimumYearsRegistered * 12) <= today
  const checkDue = isCheckDue(profession, record, today)
  const bucket = [...rules.statusBucketsDays].sort((a, b) => a - b).find((days) => daysLeft <= days)
  const status: RegistrationStatus = lapsed
    ? 'lapsed'
    : bucket !== undefined
      ? `expiring-${bucket}`
      : windowOpen
        ? 'window-open'
        : 'registered'
  return standing(status, {
    daysLeft,
    window,
    windowOpen,
    registeredToday: !lapsed,
    auditEligible,
    checkDue,
    needsAction: status !== 'registered' || checkDue,
    explanation: explain(rules, profession, record, { status, daysLeft, window, windowOpen, lapsesOn }, today),
  })
}

function isCheckDue(profession: HcpcProfession, record: RegistrationFacts, today: string): boolean {
  if (!record.lastCheckedOn || record.lastCheckedOn < record.recordedOn) return true
  // Employers are asked to check that everyone shows as renewed once a deadline has passed (FACTS §4.3).
  const lastChecked = record.lastCheckedOn
  return renewalWindows(profession, yearOf(today)).some((w) => w.lapses > lastChecked && w.lapses <= today)
}

function explain(
  rules: HcpcRules,
  profession: HcpcProfession,
  record: RegistrationFacts,
  facts: {
    status: RegistrationStatus
    daysLeft: number
    window: RenewalWindow | null
    windowOpen: boolean
    lapsesOn: string
  },
  today: string,
): string {
  const ends = formatUkDate(record.expiresOn)
  const renew =
    'To renew, complete the professional declaration and pay the fee on the HCPC website; paying alone is not enough.'
  if (facts.status === 'lapsed') {
    const shortRoute = addMonths(facts.lapsesOn, rules.shortReadmissionMonths) > today
    return [
      `The registration lapsed on ${formatUkDate(facts.lapsesOn)}, the day after it ended on ${ends}.`,
      `Until HCPC readmits the person they must not work as, or call themselves, an ${profession.title}.`,
      shortRoute
        ? 'They left the register less than a month ago, so HCPC’s short readmission route (no readmission fee) applies.'
        : 'They left the register more than a month ago, so they apply for readmission.',
    ].join(' ')
  }
  const window = facts.window
  const windowText = window
    ? facts.windowOpen
      ? `The renewal window is open until ${formatUkDate(window.closes)}.`
      : window.opens > today
        ? `The renewal window opens on ${formatUkDate(window.opens)} and closes on ${formatUkDate(window.closes)}${window.confirmed ? '' : ' (expected dates; HCPC confirms them nearer the time)'}.`
        : ''
    : ''
  if (facts.status === 'registered') return `Registered until ${ends}. ${windowText}`.trim()
  const days = facts.daysLeft === 0 ? 'today' : `in ${facts.daysLeft} ${facts.daysLeft === 1 ? 'day' : 'days'}`
  return `The registration ends on ${ends}, ${days}. ${windowText} ${renew} Then record the new end date here.`
    .replace(/\s+/g, ' ')
    .trim()
}

/** The reminder due on `today` for a registration: the nearest offset reached, so a late run sends one, not all. */
export function dueReminderOffset(rules: HcpcRules, expiresOn: string, today: string): number | undefined {
  const daysLeft = daysBetween(today, expiresOn)
  if (daysLeft < 0) return undefined
  return [...rules.reminderOffsetsDays].sort((a, b) => a - b).find((offset) => daysLeft <= offset)
}

export type RegistrationFilter = 'all' | 'needs-action' | 'check-due' | RegistrationStatus

/** Reads ?status= from a list URL; anything unknown shows everything. */
export function readRegistrationFilter(rules: HcpcRules, value: string | null): RegistrationFilter {
  if (value === 'needs-action' || value === 'check-due') return value
  return listStatuses(rules).find((status) => status === value) ?? 'all'
}

export function matchesRegistrationFilter(standing: RegistrationStanding, filter: RegistrationFilter): boolean {
  if (filter === 'all') return true
  if (filter === 'needs-action') return standing.needsAction
  if (filter === 'check-due') return standing.checkDue
  // A registration whose window is open shows there whichever countdown it is in.
  if (filter === 'window-open') return standing.windowOpen
  return standing.status === filter
}

export interface ExpiryBucket {
  key: string
  label: string
  count: number
  deadline: boolean
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Lapsed registrations, then each month from this one to the last expiry (at most three years ahead). */
export function expiryTimeline(
  rules: HcpcRules,
  registrations: { expiresOn: string; lapsed: boolean; professionCode: string }[],
  today: string,
): ExpiryBucket[] {
  const lastMonth = addMonths(today, 36).slice(0, 7)
  const furthest = registrations.reduce((max, r) => (r.expiresOn.slice(0, 7) > max ? r.expiresOn.slice(0, 7) : max), '')
  const end = furthest && furthest < lastMonth ? furthest : lastMonth
  const deadlines = new Set(
    rules.professions
      .filter((p) => registrations.some((r) => r.professionCode === p.code))
      .flatMap((p) => renewalWindows(p, yearOf(today) + 4).map((w) => w.closes.slice(0, 7))),
  )
  const buckets: ExpiryBucket[] = [
    { key: 'lapsed', label: 'Lapsed', count: registrations.filter((r) => r.lapsed).length, deadline: false },
  ]
  for (let month = today.slice(0, 7); month <= end; month = addMonths(`${month}-01`, 1).slice(0, 7)) {
    buckets.push({
      key: month,
      label: `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`,
      count: registrations.filter((r) => !r.lapsed && r.expiresOn.slice(0, 7) === month).length,
      deadline: deadlines.has(month),
    })
  }
  return buckets
}
