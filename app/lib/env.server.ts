import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { z } from 'zod'

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

// Names that express's "trust proxy" setting understands besides addresses and CIDR ranges.
const PROXY_ADDRESS_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isProxyAddress(entry: string): boolean {
  if (PROXY_ADDRESS_NAMES.has(entry) || isIP(entry)) return true
  const [address, prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (!version || rest.length > 0 || !/^\d{1,3}$/.test(prefix ?? '')) return false
  return Number(prefix) <= (version === 4 ? 32 : 128)
}

/**
 * Whom to believe about the client's address in X-Forwarded-For: nobody (false), the number of proxies in front
 * of the server (the address is the entry that many places from the right), or the proxies' own addresses.
 * "true" would believe the left-most entry, which the client writes itself, so it is refused.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    const word = value.toLowerCase()
    if (word === 'false' || word === 'no') return false
    if (word === 'true' || word === 'yes') {
      ctx.addIssue({
        code: 'custom',
        message:
          '"true" would take the client address from what the client itself writes in X-Forwarded-For; ' +
          'give the number of proxies in front of the server (usually 1) or their addresses',
      })
      return z.NEVER
    }
    if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value)
    const entries = value.split(',').map((entry) => entry.trim())
    const bad = entries.filter((entry) => !isProxyAddress(entry))
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be false, a number of proxies, or addresses and CIDR ranges (not "${bad.join('", "')}")`,
      })
      return z.NEVER
    }
    return entries
  })

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^(postgres|postgresql|pglite):\/\//, 'must start with postgres://, postgresql:// or pglite://')
      .optional(),
    TRUST_PROXY: trustProxy.default(false),
    COOKIE_SECURE: booleanFlag.optional(),
    FLASH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(12),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    // Unset: one password hash at a time per core (at most 3), and 8 waiting per slot; see password.server.ts.
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
    // How long a password reset link an administrator issues keeps working.
    PASSWORD_RESET_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(24),
    SEED_DEMO_IF_EMPTY: booleanFlag.default(false),
    // Unset: the outbox writes each message to the log and marks it 'logged' instead of sending it.
    NOTIFY_API_KEY: z.string().min(74, 'must be a GOV.UK Notify API key').optional(),
    NOTIFY_BASE_URL: z.url().optional(),
    // "template=notify-template-id,..." for each portal template name (e.g. hcpc-expiry=0f1e...).
    NOTIFY_TEMPLATE_IDS: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const ids: Record<string, string> = {}
        const pairs = value.split(',').map((part) => part.trim())
        for (const pair of pairs.filter(Boolean)) {
          const match = /^([a-z0-9.-]+)=([0-9a-f-]{36})$/i.exec(pair)
          if (!match) {
            ctx.addIssue({ code: 'custom', message: `"${pair}" is not template=notify-template-id` })
            return z.NEVER
          }
          ids[match[1]] = match[2]
        }
        return ids
      }),
    REMINDER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
    // How often each server delivers the outbox itself; 0 leaves it to `npm run reminders` from cron.
    OUTBOX_DELIVERY_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
    // How often each server runs the workforce snapshot (the first run in a month records the month before); 0: never.
    WORKFORCE_SNAPSHOT_HOURS: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 7)
      .default(24),
    // Server timeouts (scripts/server.ts says why each default was chosen).
    HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
    REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
    KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
    // Single sign-on through OpenID Connect (Microsoft Entra ID): all four, or none for password sign-in only.
    OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
    OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
    OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
    // Who may still sign in with a password once single sign-on is there: everyone, nobody, or administrators.
    PASSWORD_SIGN_IN: z.enum(['on', 'off', 'admins-only']).default('on'),
  })
  .superRefine((value, ctx) => {
    if (value.REQUEST_TIMEOUT_SECONDS < value.HEADERS_TIMEOUT_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['REQUEST_TIMEOUT_SECONDS'],
        message: 'must not be less than HEADERS_TIMEOUT_SECONDS',
      })
    }
    const oidcNames = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const
    const missing = oidcNames.filter((name) => value[name] === undefined)
    if (missing.length > 0 && missing.length < oidcNames.length) {
      for (const name of missing) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `single sign-on needs all of ${oidcNames.join(', ')}; set this one too, or unset the others`,
        })
      }
    }
    if (missing.length === oidcNames.length && value.PASSWORD_SIGN_IN !== 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['PASSWORD_SIGN_IN'],
        message: 'must be "on" unless single sign-on is set up (OIDC_ISSUER and the others): nobody could sign in',
      })
    }
    if (value.NODE_ENV === 'production' && value.COOKIE_SECURE === false && value.TRUST_PROXY) {
      ctx.addIssue({ code: 'custom', path: ['COOKIE_SECURE'], message: 'must not be false behind a TLS proxy' })
    }
  })

export type Env = Readonly<
  Omit<z.infer<typeof schema>, 'FLASH_SECRET' | 'COOKIE_SECURE'> & { FLASH_SECRET: string; COOKIE_SECURE: boolean }
>

export class InvalidEnvironmentError extends Error {}

/** Reads the configuration once; every variable has a default that is safe on a single machine. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''))
  const result = schema.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new InvalidEnvironmentError(`Invalid environment variables:\n${lines.join('\n')}`)
  }
  const value = result.data
  return Object.freeze({
    ...value,
    // Without a shared secret each process signs its own flash cookies; a message read by another
    // instance is simply not shown. Set FLASH_SECRET when running several instances.
    FLASH_SECRET: value.FLASH_SECRET ?? randomBytes(32).toString('hex'),
    // Secure cookies by default in production; browsers accept them on http://localhost as well.
    COOKIE_SECURE: value.COOKIE_SECURE ?? value.NODE_ENV === 'production',
  })
}

export interface SsoSettings {
  issuer: string
  clientId: string
  clientSecret: string
  redirectUri: string
}

/** The single sign-on settings, or null when it is not set up (the environment check allows all four or none). */
export function ssoSettings(env: Env): SsoSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET || !env.OIDC_REDIRECT_URI) return null
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    redirectUri: env.OIDC_REDIRECT_URI,
  }
}

let current: Env | undefined

export function getEnv(): Env {
  current ??= parseEnv(process.env)
  return current
}
