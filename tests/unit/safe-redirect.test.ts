import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from '#app/lib/http.server'

const ORIGIN = 'https://portal.example'

// What a browser would do with the path: it must stay on this site and be a valid header value.
function staysHere(path: string): boolean {
  new Headers({ Location: path })
  return new URL(path, ORIGIN).origin === ORIGIN && !path.startsWith('//')
}

describe('the path a person is sent back to after signing in', () => {
  const kept: [string, string][] = [
    ['/', '/'],
    ['/account', '/account'],
    ['/evidence?q=manual+handling&page=2#results', '/evidence?q=manual+handling&page=2#results'],
    ['/frameworks/rcot-cdf/1', '/frameworks/rcot-cdf/1'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ]
  it.each(kept)('keeps a same-site path: %j', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected)
    expect(staysHere(expected)).toBe(true)
  })

  const encoded: [string, string][] = [
    ['/é', '/%C3%A9'],
    ['/evidence?q=café', '/evidence?q=caf%C3%A9'],
    ['/evidence#résumé', '/evidence#r%C3%A9sum%C3%A9'],
    ['/日本', '/%E6%97%A5%E6%9C%AC'],
  ]
  it.each(encoded)('percent-encodes characters outside ASCII: %j', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected)
  })

  const refused: [string, string][] = [
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with three slashes', '///evil.example'],
    ['backslash after the slash', '/\\evil.example'],
    ['backslash later on', '/account\\..\\..\\evil'],
    ['encoded backslash', '/%5Cevil.example'],
    ['encoded backslash, lower case', '/%5cevil.example'],
    ['tab between the slashes', '/\t/evil.example'],
    ['encoded tab between the slashes', '/%09/evil.example'],
    ['leading tab', '\t//evil.example'],
    ['carriage return and line feed', '/account\r\nSet-Cookie: otp_session=x'],
    ['line feed alone', '/\n/evil.example'],
    ['encoded line feed', '/account%0d%0aSet-Cookie:%20x'],
    ['NUL', '/account\u0000'],
    ['DEL', '/account\u007f'],
    ['C1 control', '/account\u0085'],
    ['space', '/account page'],
    ['no-break space', '/account\u00a0'],
    ['line separator', '/account\u2028'],
    ['right-to-left override', '/\u202eevil'],
    ['lone surrogate', '/\ud800'],
    ['absolute URL', 'https://evil.example/'],
    ['scheme without slashes', 'https:evil.example'],
    ['javascript URL', 'javascript:alert(1)'],
    ['relative path', 'account'],
    ['dot segments that resolve to //', '/.//evil.example'],
    ['dot-dot segments that resolve to //', '/..//evil.example'],
    ['very long', `/${'a'.repeat(5000)}`],
    ['empty', ''],
  ]
  it.each(refused)('falls back to / for %s', (_name, input) => {
    expect(safeRedirectPath(input)).toBe('/')
  })

  it('falls back to / for anything that is not a string', () => {
    expect(safeRedirectPath(null)).toBe('/')
    expect(safeRedirectPath(undefined)).toBe('/')
    expect(safeRedirectPath(new File(['x'], 'x.txt'))).toBe('/')
  })

  it('uses the fallback it is given', () => {
    expect(safeRedirectPath('//evil.example', '/workforce/registrations')).toBe('/workforce/registrations')
  })
})
