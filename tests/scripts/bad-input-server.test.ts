import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '#scripts/server'
import { TEST_PASSWORD, makeUser } from '#tests/support/builders'
import { buildOnce, envFor, quiet, signInOverHttp } from '#tests/support/server'

// What reaches the server as a form post but is not a form: every action reads a form, so anything else is
// refused before a route reads the body (request.formData() would throw, and the answer would be a 500).

beforeAll(buildOnce, 180_000)

describe('a post that is not a form', () => {
  let server: RunningServer
  let cookie: string

  beforeAll(async () => {
    server = await startServer({ env: envFor('pglite://memory'), log: quiet })
    const person = await makeUser(server.database.db, { password: TEST_PASSWORD })
    cookie = await signInOverHttp(server, person.email)
  })
  afterAll(() => server?.close())

  const bodies: { name: string; type: string | null; body: string }[] = [
    { name: 'JSON', type: 'application/json', body: '{"email":"a@b.org","password":"x"}' },
    { name: 'plain text', type: 'text/plain', body: 'email=a@b.org' },
    { name: 'plain text from a form', type: 'text/plain;charset=UTF-8', body: 'email=a@b.org\r\n' },
    { name: 'XML', type: 'application/xml', body: '<email>a@b.org</email>' },
    { name: 'no content type', type: null, body: 'email=a%40b.org&password=x' },
  ]
  const addresses = [
    { name: 'sign in, signed out', path: '/login', signedIn: false },
    { name: 'sign in, as Remix posts it', path: '/login.data', signedIn: false },
    { name: 'a new CPD entry', path: '/evidence/new', signedIn: true },
    { name: 'signing out', path: '/logout', signedIn: true },
  ]

  it.each(addresses.flatMap((a) => bodies.map((b) => ({ ...a, ...b, label: `${b.name} to ${a.name}` }))))(
    'is refused with 415 and a plain explanation: $label',
    async (c) => {
      const headers: Record<string, string> = { Origin: server.url }
      if (c.signedIn) headers.Cookie = cookie
      if (c.type) headers['Content-Type'] = c.type
      const response = await fetch(`${server.url}${c.path}`, {
        method: 'POST',
        redirect: 'manual',
        headers,
        // Bytes, so that fetch adds no content type of its own.
        body: new TextEncoder().encode(c.body),
      })
      expect(response.status).toBe(415)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await response.text()).toMatch(/takes only forms/)
    },
  )

  it('refuses a multipart post without its boundary', async () => {
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'multipart/form-data' },
      body: new TextEncoder().encode('email=a@b.org'),
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toMatch(/could not be read/)
  })

  it('still takes a form, in either encoding and with a character set named', async () => {
    const encoded = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: 'email=&password=',
    })
    expect(encoded.status).toBe(400)
    expect(await encoded.text()).toContain('Enter your email address')
    const form = new FormData()
    form.append('email', '')
    form.append('password', '')
    const multipart = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { Origin: server.url },
      body: form,
    })
    expect(multipart.status).toBe(400)
    expect(await multipart.text()).toContain('Enter your email address')
  })

  it('answers a page request as before', async () => {
    const response = await fetch(`${server.url}/evidence/new`, { headers: { Cookie: cookie } })
    expect(response.status).toBe(200)
  })
})
