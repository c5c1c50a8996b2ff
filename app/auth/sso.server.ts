import { timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import * as oidc from 'openid-client'
import type { DB } from '#db/schema'
import type { SsoSettings } from '#app/lib/env.server'
import { matchSsoPerson, saveSsoLoginRequest, takeSsoLoginRequest } from '#app/models/people/sso.server'
import type { AppLucia } from './session.server'
import { startSession } from './sign-in.server'

export type SsoFailure =
  'state' | 'provider' | 'token' | 'unavailable' | 'unknown' | 'deactivated' | 'unverified-email' | 'linked-elsewhere'

/** The longest subject OpenID Connect allows, as the sso_identity table holds it. */
const SUBJECT_MAX = 255

export type SsoResult = { ok: true; setCookie: string; redirectTo: string } | { ok: false; reason: SsoFailure }

const configurations = new Map<string, Promise<oidc.Configuration>>()

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The provider's configuration from its discovery document, fetched once per process (again after a failure).
 * ID tokens are checked against the provider's published keys as well as for issuer, audience, expiry and nonce.
 * Plain http is allowed only for a provider on this machine, as in the tests.
 */
function providerConfiguration(settings: SsoSettings): Promise<oidc.Configuration> {
  const key = JSON.stringify(settings)
  let found = configurations.get(key)
  if (!found) {
    const issuer = new URL(settings.issuer)
    const execute = [oidc.enableNonRepudiationChecks]
    if (issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname)) execute.push(oidc.allowInsecureRequests)
    found = oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, { execute, timeout: 10 })
    found.catch(() => configurations.delete(key))
    configurations.set(key, found)
  }
  return found
}

export class SsoUnavailableError extends Error {}

/** Starts a sign-in at the provider; the state comes back to be kept in a cookie until the callback. */
export async function startSsoSignIn(
  db: Kysely<DB>,
  settings: SsoSettings,
  redirectTo: string,
): Promise<{ url: string; state: string }> {
  let config: oidc.Configuration
  try {
    config = await providerConfiguration(settings)
  } catch (error) {
    warn('the provider could not be reached to start a sign-in', error)
    throw new SsoUnavailableError('The sign-in provider could not be reached', { cause: error })
  }
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const codeVerifier = oidc.randomPKCECodeVerifier()
  await saveSsoLoginRequest(db, { state, nonce, codeVerifier, redirectTo })
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })
  return { url: url.href, state }
}

/** For whoever runs the server: why a sign-in failed, without tokens or codes. */
function warn(what: string, error: unknown) {
  let detail = String(error)
  if (error instanceof oidc.ResponseBodyError) {
    // The provider's own error code and description (Entra ID's AADSTS number and its explanation).
    detail = `${error.name}: ${error.error}${error.error_description ? ` – ${error.error_description}` : ''}`
  } else if (error instanceof Error) {
    detail = `${error.name}: ${error.message}${error.cause instanceof Error ? `; ${error.cause.message}` : ''}`
  }
  // eslint-disable-next-line no-console -- whoever sets up the provider needs to see why its answers are refused
  console.warn(`[sso] ${what} (${detail})`)
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Finishes a sign-in when the provider sends the browser back: the state must be the one this browser started
 * with and not used before; the code is exchanged and the ID token checked; then the person is matched and a
 * session starts exactly as a password sign-in starts one.
 */
export async function finishSsoSignIn(
  db: Kysely<DB>,
  lucia: AppLucia,
  settings: SsoSettings,
  input: { params: URLSearchParams; stateCookie: string | null; previousSessionId?: string },
): Promise<SsoResult> {
  const params = input.params
  const state = params.get('state')
  if (!state || !input.stateCookie || !sameText(state, input.stateCookie)) return { ok: false, reason: 'state' }
  const request = await takeSsoLoginRequest(db, state)
  if (!request) return { ok: false, reason: 'state' }
  if (params.has('error')) return { ok: false, reason: 'provider' }

  let config: oidc.Configuration
  try {
    config = await providerConfiguration(settings)
  } catch (error) {
    warn('sign-in refused: the provider could not be reached', error)
    return { ok: false, reason: 'unavailable' }
  }
  // The URL the provider was given, whatever the proxy in front of the server made of it.
  const currentUrl = new URL(settings.redirectUri)
  for (const [name, value] of params) currentUrl.searchParams.append(name, value)
  let claims: oidc.IDToken
  try {
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    })
    const found = tokens.claims()
    if (!found) return { ok: false, reason: 'token' }
    claims = found
  } catch (error) {
    warn('sign-in refused: the code exchange or the ID token check failed', error)
    return { ok: false, reason: 'token' }
  }

  // OpenID Connect caps the subject at 255 characters; a longer or empty one is not a token to trust.
  if (claims.sub.length === 0 || claims.sub.length > SUBJECT_MAX) {
    warn(
      'sign-in refused: the ID token names no usable subject',
      new Error(`subject of ${claims.sub.length} characters`),
    )
    return { ok: false, reason: 'token' }
  }
  const match = await matchSsoPerson(db, {
    issuer: claims.iss,
    subject: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : null,
    // Entra ID does not send email_verified; its optional xms_edov claim says the tenant owns the address's domain.
    emailVerified: claims.email_verified === true || claims.xms_edov === true,
  })
  if (!match.ok) return { ok: false, reason: match.reason }
  const setCookie = await startSession(db, lucia, {
    userId: match.userId,
    previousSessionId: input.previousSessionId,
    method: 'sso',
  })
  return { ok: true, setCookie, redirectTo: request.redirectTo }
}
