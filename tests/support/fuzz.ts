import type { AppLoadContext } from '@remix-run/node'
import fc from 'fast-check'
import { type Outcome, TEST_ORIGIN, run } from './routes'

// Generated input for the route fuzz tests (tests/routes/fuzz-*.test.ts), the requests that carry it, and the
// checks every answer must pass. FUZZ_SEED replays a run (each file prints its seed), FUZZ_RUNS sets the cases per
// property, and FUZZ_SURVEY=1 lists every distinct failure instead of stopping at the first.

export const FUZZ_SEED = Number.parseInt(process.env.FUZZ_SEED ?? '', 10) || Math.floor(Math.random() * 2 ** 31)

export function fuzzRuns(standard: number): number {
  const asked = Number.parseInt(process.env.FUZZ_RUNS ?? '', 10)
  return asked > 0 ? asked : standard
}

/** A path with each '$name' filled in from params, percent-encoded. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\$(\w+)/g, (_, name: string) => percent(params[name] ?? name))
}

/** A test's time limit for its cases: 90 s, or more when FUZZ_RUNS asks for many cases (a case may take ~200 ms). */
export function fuzzTimeout(standardRuns: number): number {
  return Math.max(90_000, fuzzRuns(standardRuns) * 300)
}

export function announceSeed(file: string): void {
  console.log(`${file}: fuzz seed ${FUZZ_SEED} (replay with FUZZ_SEED=${FUZZ_SEED})`)
}

export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'prototype',
  'isPrototypeOf',
  '__defineGetter__',
] as const

const controls = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\u007f', '\u0085', '\u2028', '\u202e', '\ufeff', '\u200b', '\r\n'),
)
// Lone surrogates: no request can carry one (URLSearchParams, FormData and TextEncoder write U+FFFD, as a server
// decoding invalid UTF-8 does), so forms and queries get U+FFFD; route params, given to loaders directly, get them.
const surrogates = fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00z', '\udc00\ud800', '\ufffd', '\ufffd\ufffd')
const long = fc
  .tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: 201, max: 20_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length))
export const MARKUP = [
  '<script>x</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><b>x</b>',
  '&#x110000;&#0;&#xD800;&amp;&lt;',
  '<!--',
  ']]>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
] as const
const numbers = fc.constantFrom(
  ...['1e308', '-1e308', '1e400', '2147483647', '2147483648', '-2147483649', '4294967296', '9007199254740993'],
  ...['-0', '0', '-1', 'NaN', 'Infinity', '-Infinity', '0x1f', '1_000', '１２', '0.1', '1.25', '37.5', '00012'],
  '999999999999999999999999',
)
const dates = fc.constantFrom(
  ...['2026-02-30', '0000-00-00', '99999-01-01', '2026-13-01', '2026-00-10', '2026-1-1', '2024-02-29', '2025-02-29'],
  ...[
    '1900-01-01',
    '0001-01-01',
    '0100-01-01',
    '0999-12-31',
    '0400-02-29',
    '9999-12-31',
    '+002026-01-01',
    '2026-01-01T00:00:00Z',
  ],
  ...['01/02/2026', '2026-06-31', '2100-01-01', tomorrow()],
)

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
}
const malformedIds = fc.oneof(
  fc.constantFrom('not-an-id', '-'.repeat(36), '0'.repeat(36), 'me', '123', "1' OR '1'='1", '../../etc/passwd'),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ'),
  fc
    .tuple(fc.uuid(), fc.integer({ min: 0, max: 5 }))
    .map(
      ([id, how]) => [id.toUpperCase(), `{${id}}`, ` ${id} `, id.slice(1), `${id}\u0000`, id.replace(/-/g, '')][how],
    ),
)

/** Any id: someone's real record (from the world), a well-formed id of nothing, or a malformed one. */
export function anyId(realIds: readonly string[]): fc.Arbitrary<string> {
  if (realIds.length === 0) return fc.oneof(fc.uuid(), malformedIds)
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...realIds) }, fc.uuid(), malformedIds)
}

/** A hostile field value: each kind of trouble alone, or two or three run together. */
export function nastyValue(realIds: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constant(''),
    fc.constantFrom(' ', '\t', '   x   '),
    controls,
    surrogates,
    long,
    fc.constantFrom(...MARKUP),
    fc.constantFrom(...PROTOTYPE_NAMES),
    numbers,
    dates,
    anyId(realIds),
  )
  return fc.oneof(
    { weight: 4, arbitrary: piece },
    fc.array(piece, { minLength: 2, maxLength: 3 }).map((p) => p.join('')),
  )
}

/** A hostile value for a field, more often of the kind its valid value is (a date, a number, an id). */
function valueLike(sample: string | undefined, realIds: readonly string[], nasty: fc.Arbitrary<string>) {
  if (sample === undefined) return nasty
  if (/^\d{4}-\d{2}-\d{2}$/.test(sample)) return fc.oneof({ weight: 2, arbitrary: dates }, nasty)
  if (/^-?\d+(\.\d+)?$/.test(sample)) return fc.oneof({ weight: 2, arbitrary: numbers }, nasty)
  if (/^[0-9a-f-]{36}$|^@/.test(sample)) return fc.oneof({ weight: 2, arbitrary: anyId(realIds) }, nasty)
  return nasty
}

/** Byte sequences no UTF-8 encoder writes, and percent escapes that are not escapes, for hand-written bodies. */
const RAW_BYTES = ['%ED%A0%80', '%ED%BF%BF', '%FF', '%FE%FF', '%C0%AF', '%E0%80%80', '%F4%90%80%80', '%', '%zz']
const rawBytes = fc.constantFrom(...RAW_BYTES, '%00', '%0D%0A', '+', '%2B', '%26', '%3D', '%EF%BB%BF')

type Op =
  | { kind: 'set' | 'repeat' | 'first'; key: string; value: string }
  | { kind: 'drop'; key: string }
  | { kind: 'file'; key: string; text: string; name: string }
  | { kind: 'swap'; key: string; other: string }
  | { kind: 'many'; key: string; value: string; count: number }

export type Encoding = 'urlencoded' | 'raw' | 'multipart' | 'broken-multipart'

/** Fields as sent, in order; a Blob is a file where the form expects text (multipart only). */
export interface FieldCase {
  fields: [string, string | Blob][]
  encoding: Encoding
  raw: { key: string; bytes: string }
}

/**
 * A valid form (or query) `base`, then a few changes: a field set to a hostile value (or a field the page never
 * sends, named like an Object property or anything else), dropped, repeated after or before itself or thousands of
 * times, sent as a file, or two fields swapped (reversed ranges: from after to); sometimes each field is also changed
 * with a chance of its own. `intents` adds a random intent.
 */
export function fieldCases(
  base: Record<string, string>,
  options: { known?: string[]; intents?: readonly string[]; realIds: readonly string[] },
): fc.Arbitrary<FieldCase> {
  const known = [...new Set([...Object.keys(base), ...(options.known ?? [])])]
  if (known.length === 0) known.push('intent')
  const value = nastyValue(options.realIds)
  const knownKey = fc.constantFrom(...known)
  const anyKey = fc.oneof({ weight: 4, arbitrary: knownKey }, fc.constantFrom(...PROTOTYPE_NAMES), value)
  const like = Object.fromEntries(known.map((key) => [key, valueLike(base[key], options.realIds, value)]))
  const setKnown = knownKey.chain((key) =>
    fc.record({ kind: fc.constant('set' as const), key: fc.constant(key), value: like[key] }),
  )
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: setKnown },
    fc.record({ kind: fc.constant('set' as const), key: anyKey, value }),
    fc.record({ kind: fc.constantFrom('repeat' as const, 'first' as const), key: knownKey, value }),
    fc.record({ kind: fc.constant('drop' as const), key: knownKey }),
    fc.record({ kind: fc.constant('file' as const), key: knownKey, text: fc.string({ maxLength: 50 }), name: value }),
    fc.record({ kind: fc.constant('swap' as const), key: knownKey, other: knownKey }),
    fc.record({ kind: fc.constant('many' as const), key: knownKey, value, count: fc.integer({ min: 2, max: 3000 }) }),
  )
  // Sometimes every field has a chance of its own to be changed, so that each is reached whatever the form's size.
  const spray = fc.record({
    rate: fc.constantFrom(0, 0, 5, 20),
    draws: fc.tuple(...known.map((key) => fc.tuple(fc.nat(99), like[key]))),
  })
  const intent = options.intents
    ? fc.option(fc.oneof(fc.constantFrom(...options.intents), fc.constantFrom(...PROTOTYPE_NAMES), value))
    : fc.constant(null)
  const encoding = fc.constantFrom<Encoding>('urlencoded', 'urlencoded', 'urlencoded', 'raw', 'multipart')
  return fc
    .record({
      spray,
      ops: fc.array(op, { maxLength: 4 }),
      intent,
      encoding: fc.oneof({ weight: 12, arbitrary: encoding }, fc.constant<Encoding>('broken-multipart')),
      raw: fc.record({ key: knownKey, bytes: rawBytes }),
    })
    .map(({ spray, ops, intent, encoding, raw }) => {
      const fields: [string, string | Blob][] = Object.entries(base)
      const sprayed = spray.draws.flatMap(([draw, value], i): Op[] =>
        draw < spray.rate ? [{ kind: 'set', key: known[i], value }] : [],
      )
      ops = [...sprayed, ...(intent === null ? [] : [{ kind: 'set' as const, key: 'intent', value: intent }]), ...ops]
      for (const change of ops) applyOp(fields, change)
      const hasFile = fields.some(([, v]) => v instanceof Blob)
      const sent: Encoding = hasFile && encoding !== 'broken-multipart' ? 'multipart' : encoding
      return described({ fields, encoding: sent, raw })
    })
}

function applyOp(fields: [string, string | Blob][], op: Op): void {
  const at = fields.findIndex(([key]) => key === op.key)
  switch (op.kind) {
    case 'set':
      if (at >= 0) fields[at] = [op.key, op.value]
      else fields.push([op.key, op.value])
      return
    case 'repeat':
      fields.push([op.key, op.value])
      return
    case 'first':
      fields.unshift([op.key, op.value])
      return
    case 'drop':
      if (at >= 0) fields.splice(at, 1)
      return
    case 'file':
      fields.splice(at >= 0 ? at : fields.length, at >= 0 ? 1 : 0, [op.key, new File([op.text], op.name || 'fuzz.txt')])
      return
    case 'many': {
      // No more than a form may send (1 MB): past that the server refuses the body before a route reads it.
      const count = Math.min(op.count, Math.floor(1_000_000 / (op.key.length + op.value.length * 3 + 2)))
      for (let i = 0; i < count; i++) fields.push([op.key, op.value])
      return
    }
    case 'swap': {
      const other = fields.findIndex(([key]) => key === op.other)
      if (at >= 0 && other >= 0)
        [fields[at], fields[other]] = [
          [op.key, fields[other][1]],
          [op.other, fields[at][1]],
        ]
    }
  }
}

const short = (value: string | Blob) =>
  value instanceof Blob
    ? `Blob(${value.size})`
    : value.length > 60
      ? `${JSON.stringify(value.slice(0, 30))}…(${value.length} chars)`
      : JSON.stringify(value)

function described(form: FieldCase): FieldCase {
  return Object.assign(form, {
    [fc.toStringMethod]: () =>
      `${form.encoding}${form.encoding === 'raw' ? ` (${form.raw.key} += ${form.raw.bytes})` : ''} ` +
      `{ ${form.fields
        .slice(0, 30)
        .map(([k, v]) => `${short(k)}: ${short(v)}`)
        .join(', ')}${form.fields.length > 30 ? `, …(${form.fields.length} fields)` : ''} }`,
  })
}

/** Percent-encodes text as UTF-8 (a lone surrogate becomes U+FFFD, as TextEncoder writes it). */
export const percent = (text: string) =>
  Array.from(new TextEncoder().encode(text), (b) => `%${b.toString(16).padStart(2, '0')}`).join('')

/** The fields as a query string: encoded as a browser would, or by hand with raw bytes added to one value. */
export function queryString(query: FieldCase): string {
  const text = query.fields.map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : 'file'])
  if (query.encoding !== 'raw') return new URLSearchParams(text).toString()
  return text.map(([k, v]) => `${percent(k)}=${percent(v)}${k === query.raw.key ? query.raw.bytes : ''}`).join('&')
}

/** A POST of the fields from this site's pages, in the case's encoding. */
export function formRequest(path: string, form: FieldCase, headers: Record<string, string> = {}): Request {
  const url = `${TEST_ORIGIN}${path}`
  const init = { method: 'POST', headers: { Origin: TEST_ORIGIN, ...headers } }
  const urlencoded = { ...init.headers, 'Content-Type': 'application/x-www-form-urlencoded' }
  switch (form.encoding) {
    case 'multipart': {
      const body = new FormData()
      for (const [key, value] of form.fields) {
        if (value instanceof File) body.append(key, value, value.name)
        else if (value instanceof Blob) body.append(key, value, 'fuzz.txt')
        else body.append(key, value)
      }
      return new Request(url, { ...init, body })
    }
    case 'broken-multipart': {
      const [key, value] = form.fields[0] ?? ['x', '']
      const body = `--fuzz\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${typeof value === 'string' ? value : ''}`
      return new Request(url, {
        ...init,
        headers: { ...init.headers, 'Content-Type': 'multipart/form-data; boundary=fuzz' },
        body,
      })
    }
    case 'urlencoded':
    case 'raw':
      return new Request(url, { ...init, headers: urlencoded, body: queryString(form) })
  }
}

// What an answer must never show: a stack frame, a path on the server, or a database error passed through.
const LEAKS = [
  /\n\s+at \S[^\n]*:\d+:\d+/,
  /\bat (?:async )?[\w$.<>]+ \((?:file:|node:|\/)/,
  /node_modules\/|file:\/\/\/|(?<![\w.:/])\/(?:work|home|usr|tmp|app)\/\w|\.server\.ts/,
  /invalid input syntax for|violates \w+(?: \w+)? constraint|out of range for type|invalid byte sequence for/,
]

/** The first thing in a body that looks like a stack frame, a server path or a database error, with its context. */
export function findLeak(body: string): string | null {
  for (const leak of LEAKS) {
    const found = leak.exec(body)
    if (found) return body.slice(Math.max(0, found.index - 60), found.index + 120)
  }
  return null
}

/**
 * Runs a loader or action as Remix would and checks its answer: no error other than a Response thrown, no 5xx
 * (but 503 with Retry-After, the deliberate answer when too many password checks are queued), nothing in the body
 * that looks like a stack trace or a database error, and no redirect off the site.
 */
export async function expectSafe(
  fn: Parameters<typeof run>[0],
  request: Request,
  context: AppLoadContext,
  params: Record<string, string> = {},
  /** A page on another site the answer may send the browser to (a sign-in provider). */
  options: { mayRedirectTo?: string } = {},
): Promise<Outcome> {
  let outcome: Outcome
  try {
    outcome = await run(fn, request, context, params)
  } catch (error) {
    throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
  }
  const busy = outcome.status === 503 && outcome.headers.has('Retry-After')
  if (outcome.status >= 500 && !busy) throw new Error(`answered ${outcome.status}: ${bodyText(outcome).slice(0, 200)}`)
  const leak = findLeak(bodyText(outcome))
  if (leak) throw new Error(`the answer shows internals: …${leak}…`)
  const allowedElsewhere = options.mayRedirectTo && outcome.location?.startsWith(options.mayRedirectTo)
  if (outcome.location !== null && !allowedElsewhere && !/^\/(?![/\\])/.test(outcome.location)) {
    throw new Error(`redirected off the site: ${outcome.location}`)
  }
  return outcome
}

function bodyText(outcome: Outcome): string {
  return typeof outcome.data === 'string' ? outcome.data : (JSON.stringify(outcome.data) ?? '')
}

/** Asserts a property over generated cases with the run's seed; in a survey, records each distinct failure instead. */
export async function fuzz<T>(
  label: string,
  cases: fc.Arbitrary<T>,
  check: (value: T) => Promise<unknown>,
  runs: number,
): Promise<void> {
  const survey = process.env.FUZZ_SURVEY ? new Map<string, string>() : null
  const statuses: Record<string, number> = {}
  const property = fc.asyncProperty(cases, async (value) => {
    if (!survey) return void (await check(value))
    try {
      const answer = await check(value)
      const status = typeof answer === 'string' ? answer : ((answer as { status?: number })?.status ?? 'other')
      statuses[status] = (statuses[status] ?? 0) + 1
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 240)
      const key = message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<id>').replace(/\d+/g, 'N')
      if (!survey.has(key)) survey.set(key, `${message}\n    input: ${fc.stringify(value).slice(0, 600)}`)
    }
  })
  await fc.assert(property, { seed: FUZZ_SEED, numRuns: fuzzRuns(runs) })
  if (!survey) return
  console.log(`FUZZ ${label}: answers ${JSON.stringify(statuses)}`)
  for (const found of survey.values()) console.log(`FUZZ ${label}: ${found}`)
}
