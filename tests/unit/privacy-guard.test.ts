import { describe, expect, it } from 'vitest'
import {
  describeFindings,
  findPossibleIdentifiers,
  isValidNhsNumber,
  type PrivacyFinding,
} from '#app/models/evidence/privacy-guard.rules'

const kindsIn = (text: string) => findPossibleIdentifiers({ text }).map((finding) => finding.kind)
const excerptsIn = (text: string) => findPossibleIdentifiers({ text }).map((finding) => finding.excerpt)

describe('NHS number check digit', () => {
  it('accepts an NHS number whose check digit is right', () => {
    // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 % 11 = 2; 11 − 2 = 9
    expect(isValidNhsNumber('9434765919')).toBe(true)
  })

  it('rejects an NHS number with the wrong check digit', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false)
    expect(isValidNhsNumber('9434765910')).toBe(false)
  })

  it('expects a check digit of 0 when the sum divides exactly by 11', () => {
    // 943476508: 90 + 36 + 24 + 28 + 42 + 30 + 20 + 0 + 16 = 286 = 26 × 11, so 11 − 0 = 11, written as 0
    expect(isValidNhsNumber('9434765080')).toBe(true)
    expect(isValidNhsNumber('9434765081')).toBe(false)
  })

  it('rejects every number whose check digit would have to be 10', () => {
    // 943476503: 90 + 36 + 24 + 28 + 42 + 30 + 20 + 0 + 6 = 276; 276 % 11 = 1; 11 − 1 = 10
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`943476503${last}`)).toBe(false)
  })

  it('rejects anything that is not exactly ten digits', () => {
    for (const value of ['', '943476591', '94347659190', '943 476 5919', '943476591a']) {
      expect(isValidNhsNumber(value)).toBe(false)
    }
  })
})

describe('spotting NHS numbers', () => {
  it('warns about an NHS number written with spaces, hyphens or no separators', () => {
    expect(
      findPossibleIdentifiers({ a: 'Patient 943 476 5919 seen', b: 'ref 943-476-5919', c: '9434765919.' }),
    ).toEqual([
      {
        kind: 'nhs-number',
        field: 'a',
        excerpt: '943 *** 5919',
        message: 'Looks like an NHS number (the check digit is valid)',
      },
      {
        kind: 'nhs-number',
        field: 'b',
        excerpt: '943 *** 5919',
        message: 'Looks like an NHS number (the check digit is valid)',
      },
      {
        kind: 'nhs-number',
        field: 'c',
        excerpt: '943 *** 5919',
        message: 'Looks like an NHS number (the check digit is valid)',
      },
    ])
  })

  it('warns about a valid NHS number whose check digit is 0', () => {
    expect(kindsIn('NHS no. 943 476 5080')).toEqual(['nhs-number'])
  })

  it('does not warn about ten-digit numbers that fail the check', () => {
    expect(kindsIn('Order 9434765918, invoice 943 476 5918, ticket 943-476-5030')).toEqual([])
  })

  it('does not warn about phone numbers or longer digit runs', () => {
    expect(kindsIn('Call 01632 960 001 or 0161 496 0000')).toEqual([])
    expect(kindsIn('Reference 94347659190 and 19434765919')).toEqual([])
    expect(kindsIn('Mobile 07700 943 476 5919')).toEqual([])
  })

  it('does not accept mixed separators as one number', () => {
    expect(kindsIn('943 476-5919')).toEqual([])
  })
})

describe('spotting dates of birth', () => {
  it('warns about a date labelled DOB', () => {
    expect(findPossibleIdentifiers({ notes: 'Client DOB 12/03/1948 referred for equipment' })).toEqual([
      { kind: 'date-of-birth', field: 'notes', excerpt: 'DOB 1*/0*/19**', message: 'Looks like a date of birth' },
    ])
  })

  it('warns about a date after "born", with the month written out', () => {
    expect(excerptsIn('She was born 12 March 1948 in Leeds')).toEqual(['born 1* March 19**'])
    expect(excerptsIn('born on 3rd Mar 1948')).toEqual(['born on *rd Mar 19**'])
  })

  it('recognises the other ways of labelling and writing a date of birth', () => {
    expect(excerptsIn('D.O.B. 12-03-1948')).toEqual(['D.O.B. 1*-0*-19**'])
    expect(excerptsIn('Date of birth: 12.03.1948')).toEqual(['Date of birth: 1*.0*.19**'])
    expect(excerptsIn('dob 1/3/48')).toEqual(['dob */*/4*'])
  })

  it('warns about a date close to a title and surname', () => {
    expect(findPossibleIdentifiers({ reflection: 'Mrs Smith, who I saw at home, 12/03/1948' })).toEqual([
      {
        kind: 'date-of-birth',
        field: 'reflection',
        excerpt: '1*/0*/19**',
        message: "Looks like a date next to a person's name, which could be a date of birth",
      },
    ])
  })

  it('warns about a date close to a first name and surname', () => {
    expect(kindsIn('12/03/1948 is when Jane Doe was born')).toEqual(['date-of-birth'])
    expect(kindsIn('I reviewed the plan with Jane Doe on 12 Mar 1948')).toEqual(['date-of-birth'])
  })

  it('does not warn about a course date on its own', () => {
    expect(kindsIn('I attended a course on 12/03/2026')).toEqual([])
    expect(kindsIn('Completed 12 March 2026, reflection written 14.03.2026')).toEqual([])
  })

  it('does not treat common capitalised words next to a date as a name', () => {
    expect(kindsIn('The Care Act refresher was on 12/03/2026')).toEqual([])
    expect(kindsIn('On Monday March 9 I booked the session for 12/03/2026')).toEqual([])
    expect(kindsIn('Occupational Therapy Week ran from 3/11/2025')).toEqual([])
  })

  it('does not warn when the name or label is too far from the date', () => {
    expect(kindsIn('Dr Patel led the session. Much later, after a long break for lunch, on 12/03/2026')).toEqual([])
    expect(kindsIn('The idea was born out of a long consultation which closed 12/03/2026')).toEqual([])
  })

  it('links a DOB label only to the date that follows it', () => {
    expect(excerptsIn('DOB 12/03/1948, seen 13/03/2020')).toEqual(['DOB 1*/0*/19**'])
  })

  it('ignores dates that cannot exist', () => {
    expect(kindsIn('DOB 32/03/1948 or DOB 12/13/1948')).toEqual([])
  })
})

describe('spotting postcodes', () => {
  it('warns about full postcodes in every standard format', () => {
    const text = 'M1 1AE, B33 8TH, CR2 6XH, DN55 1PT, W1A 0AX, EC1A 1BB and GIR 0AA'
    expect(excerptsIn(text)).toEqual(['M1 ***', 'B33 ***', 'CR2 ***', 'DN55 ***', 'W1A ***', 'EC1A ***', 'GIR ***'])
    expect(findPossibleIdentifiers({ address: text })[0].message).toBe('Looks like a full UK postcode')
  })

  it('warns about postcodes in lowercase or without the space', () => {
    expect(excerptsIn('lives at sw1a 1aa')).toEqual(['SW1A ***'])
    expect(excerptsIn('visit to ec1a1bb today')).toEqual(['EC1A ***'])
  })

  it('does not warn about an outward code or area on its own', () => {
    expect(kindsIn('Home visits across SW1A and the ME12 area')).toEqual([])
    expect(kindsIn('ME12')).toEqual([])
  })

  it('does not warn about postcode-like text inside longer words or ordinary phrases', () => {
    expect(kindsIn('XSW1A1AAX and SW1A1AA9')).toEqual([])
    expect(kindsIn('module b2 3rd session')).toEqual([])
  })
})

describe('findings across fields', () => {
  it('lists findings field by field in the order given, then in reading order', () => {
    const findings = findPossibleIdentifiers({
      title: 'Home visit in SW1A 1AA',
      description: null,
      reflection: 'Postcode M1 1AE, NHS 943 476 5919, DOB 12/03/1948',
      notes: undefined,
      extra: '',
    })
    expect(findings.map(({ field, kind }) => `${field}:${kind}`)).toEqual([
      'title:postcode',
      'reflection:postcode',
      'reflection:nhs-number',
      'reflection:date-of-birth',
    ])
  })

  it('reports the same identifier only once in a field, however it is written', () => {
    const findings = findPossibleIdentifiers({
      a: '943 476 5919 and again 9434765919; SW1A 1AA and sw1a1aa; DOB 12/03/1948 and DOB 12/03/1948',
      b: '9434765919',
    })
    expect(findings.map(({ field, kind }) => `${field}:${kind}`)).toEqual([
      'a:nhs-number',
      'a:postcode',
      'a:date-of-birth',
      'b:nhs-number',
    ])
  })

  it('finds nothing in empty or ordinary text', () => {
    expect(findPossibleIdentifiers({})).toEqual([])
    expect(
      findPossibleIdentifiers({ reflection: 'Attended the RCOT conference in 2026 and reflected on HCPC standards.' }),
    ).toEqual([])
  })
})

describe('keeping identifiers out of the warning', () => {
  it('never repeats the full identifier in the excerpt or message', () => {
    const findings = findPossibleIdentifiers({
      a: 'NHS 943 476 5919, 943-476-5080',
      b: 'DOB 12/03/1948, Mr Jones 1 March 1950',
      c: 'SW1A 1AA and ec1a1bb',
    })
    expect(findings).toHaveLength(6)
    for (const { excerpt, message } of findings) {
      const shown = `${excerpt} ${message}`
      for (const secret of ['9434765919', '9434765080', '12031948', '131950', 'SW1A1AA', 'EC1A1BB']) {
        expect(shown.replace(/[\s./-]/g, '').toUpperCase()).not.toContain(secret)
      }
      expect(shown).not.toMatch(/1AA|1BB|March 1950/i)
    }
  })
})

describe('summarising the findings', () => {
  const finding = (kind: PrivacyFinding['kind'], field: string): PrivacyFinding => ({
    kind,
    field,
    excerpt: '',
    message: '',
  })

  it('names what was found and where, using the field labels', () => {
    const findings = [
      finding('nhs-number', 'reflection'),
      finding('postcode', 'description'),
      finding('date-of-birth', 'title'),
      finding('postcode', 'reflection'),
    ]
    const labels = { title: 'Title', description: 'Description', reflection: 'Reflection' }
    expect(describeFindings(findings, labels)).toBe(
      'Possible patient identifiers found: an NHS number in Reflection, ' +
        '2 postcodes in Description and Reflection and a date of birth in Title.',
    )
  })

  it('counts several of one kind in one field', () => {
    const findings = [finding('date-of-birth', 'reflection'), finding('date-of-birth', 'reflection')]
    expect(describeFindings(findings, { reflection: 'Reflection' })).toBe(
      'Possible patient identifiers found: 2 dates of birth in Reflection.',
    )
  })

  it('falls back to the field name when no label is given', () => {
    expect(describeFindings(findPossibleIdentifiers({ notes: 'NHS 943 476 5919' }))).toBe(
      'Possible patient identifiers found: an NHS number in notes.',
    )
  })

  it('says nothing when nothing was found', () => {
    expect(describeFindings([])).toBe('')
  })
})

// No timing is asserted here: these prove that long input is read correctly.
describe('long text', () => {
  const fill = (chunk: string) => chunk.repeat(Math.ceil(100_000 / chunk.length)).slice(0, 100_000)

  it('reads a 100,000-character reflection full of identifiers, reporting each once', () => {
    const chunk =
      'Mrs Jane Smith, DOB 12/03/1948, NHS 943 476 5919, at SW1A 1AA. Met Moving Handling Team on 1/2/2020. '
    const findings = findPossibleIdentifiers({ reflection: fill(chunk) })
    expect(findings.map((f) => f.kind)).toEqual(['date-of-birth', 'nhs-number', 'postcode', 'date-of-birth'])
  })

  it('finds nothing in 100,000 characters of awkward near-misses', () => {
    for (const chunk of ['1', '123 ', '1/1/1/', 'Ab ', 'A1A1A1 ', 'born DOB ', 'Mr Ab 1 March 19 ']) {
      expect(findPossibleIdentifiers({ reflection: fill(chunk) })).toEqual([])
    }
  })
})
