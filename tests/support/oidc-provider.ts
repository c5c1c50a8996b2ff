import { type KeyObject, createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

// A real OpenID provider (oidc-provider, the certified implementation) on a loopback port, standing in for
// Microsoft Entra ID: discovery, the authorisation endpoint with PKCE, its own login and consent interactions,
// the token endpoint and the published signing keys. A test picks who signs in at the interaction; a test that
// needs a broken ID token asks the token endpoint to replace it (re-signed with the provider's own key, or with a
// key it does not publish).

export interface TestAccount {
  email?: string
  email_verified?: boolean
  name?: string
}

export type IdTokenClaims = Record<string, unknown>

export interface TokenTamper {
  /** Changes the ID token's claims before it is signed again. */
  claims?: (claims: IdTokenClaims) => IdTokenClaims
  /** 'provider' signs with the published key (the default); 'stranger' with a key the provider does not publish. */
  signer?: 'provider' | 'stranger'
}

export interface TestProvider {
  issuer: string
  clientId: string
  clientSecret: string
  redirectUri: string
  /** The people the provider knows, by subject. */
  accounts: Map<string, TestAccount>
  /** Set to make the next token responses carry a changed ID token; null for the provider's own. */
  tamper: TokenTamper | null
  /** The environment variables that point the portal at this provider. */
  env: Record<string, string>
  close(): Promise<void>
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url')

function signJwt(header: Record<string, unknown>, claims: IdTokenClaims, key: KeyObject): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`
}

function readBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => resolve(new URLSearchParams(body)))
    req.on('error', reject)
  })
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The provider's sign-in page: a button per account (the browser test clicks one). */
function loginPage(uid: string, accounts: Map<string, TestAccount>): string {
  const buttons = [...accounts]
    .map(
      ([subject, account]) =>
        `<button type="submit" name="subject" value="${escapeHtml(subject)}">Continue as ${escapeHtml(account.email ?? subject)}</button>`,
    )
    .join('\n')
  return `<!doctype html><html lang="en"><head><title>Test provider sign-in</title></head><body><main>
<h1>Test provider sign-in</h1><form method="post" action="/interaction/${uid}/login">${buttons}</form></main></body></html>`
}

export async function startTestProvider(options: { redirectUri: string }): Promise<TestProvider> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientId = `portal-${randomUUID()}`
  const clientSecret = createHash('sha256').update(randomUUID()).digest('hex')
  const accounts = new Map<string, TestAccount>()
  const kid = 'test-signing-key'
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const unpublished = generateKeyPairSync('rsa', { modulusLength: 2048 })

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...published.privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomUUID()] },
    pkce: { required: () => true },
    // Lifetimes in seconds, long enough for a test and said outright (the provider notes each default it uses).
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // As Entra ID does: the claims the scopes ask for are in the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, subject: string) => {
      const account = accounts.get(subject)
      if (!account) return undefined
      return { accountId: subject, claims: () => ({ sub: subject, ...account }) }
    },
  })
  const handle = provider.callback()

  const testProvider: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    redirectUri: options.redirectUri,
    accounts,
    tamper: null,
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URI: options.redirectUri,
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse, path: string) {
    const details = await provider.interactionDetails(req, res)
    if (req.method === 'POST' && path.endsWith('/login')) {
      const subject = (await readBody(req)).get('subject') ?? ''
      const result = accounts.has(subject)
        ? { login: { accountId: subject } }
        : { error: 'access_denied', error_description: 'unknown test account' }
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false })
    }
    if (details.prompt.name === 'login') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      return res.end(loginPage(details.uid, accounts))
    }
    // Consent is given at once: the organisation consents for its people, as an Entra ID administrator does.
    const grant = new provider.Grant({
      accountId: details.session!.accountId!,
      clientId: String(details.params.client_id),
    })
    grant.addOIDCScope(String(details.params.scope))
    const claims = details.prompt.details.missingOIDCClaims
    if (Array.isArray(claims)) grant.addOIDCClaims(claims as string[])
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } })
  }

  /** Replaces the ID token in the token endpoint's answer, once koa has written it. */
  function tamperWithTokenResponse(res: http.ServerResponse, tamper: TokenTamper) {
    const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse
    res.end = ((chunk?: unknown) => {
      const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : typeof chunk === 'string' ? chunk : ''
      let body: Record<string, unknown>
      try {
        body = JSON.parse(text) as Record<string, unknown>
      } catch {
        return end(chunk)
      }
      if (typeof body.id_token === 'string') {
        const [header, payload] = body.id_token.split('.')
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as IdTokenClaims
        const key = tamper.signer === 'stranger' ? unpublished.privateKey : published.privateKey
        body.id_token = signJwt(
          JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
          tamper.claims ? tamper.claims(claims) : claims,
          key,
        )
      }
      const replaced = JSON.stringify(body)
      if (!res.headersSent) res.setHeader('Content-Length', Buffer.byteLength(replaced))
      return end(replaced)
    }) as typeof res.end
  }

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname
    if (path.startsWith('/interaction/')) {
      interaction(req, res, path).catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' })
        res.end(`interaction failed: ${String(error)}`)
      })
      return
    }
    if (path === '/token' && testProvider.tamper) tamperWithTokenResponse(res, testProvider.tamper)
    handle(req, res)
  })
  return testProvider
}

/** Cookies per host, as a browser keeps them, for following the provider's redirects with fetch. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>()

  header(url: URL): string {
    return [...(this.cookies.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  store(url: URL, response: Response) {
    const jar = this.cookies.get(url.host) ?? new Map<string, string>()
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
    this.cookies.set(url.host, jar)
  }
}

/**
 * Goes through the provider as a browser would, from the authorisation URL the portal redirected to, signing in
 * as the given subject; returns the URL the provider sends the browser back to (the portal's callback).
 */
export async function signInAtProvider(provider: TestProvider, authorizationUrl: string, subject: string) {
  const jar = new CookieJar()
  let url = new URL(authorizationUrl)
  let method = 'GET'
  let body: URLSearchParams | undefined
  for (let hop = 0; hop < 12; hop++) {
    if (url.href.startsWith(provider.redirectUri)) return url
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { Cookie: jar.header(url) },
    })
    jar.store(url, response)
    if (response.status === 200 && url.pathname.startsWith('/interaction/')) {
      await response.text()
      url = new URL(`${url.pathname}/login`, url)
      method = 'POST'
      body = new URLSearchParams({ subject })
      continue
    }
    const location = response.headers.get('location')
    await response.text()
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the provider answered ${response.status} at ${url.pathname}`)
    }
    url = new URL(location, url)
    method = 'GET'
    body = undefined
  }
  throw new Error('too many redirects at the provider')
}
