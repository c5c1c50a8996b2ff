import axios from 'axios'
import { type Kysely, type Updateable, sql } from 'kysely'
import { NotifyClient } from 'notifications-node-client'
import type { DB, OutboxMessageTable } from '#db/schema'
import type { Env } from '#app/lib/env.server'

/** A message claimed for sending. */
export interface ClaimedMessage {
  id: string
  kind: string
  recipientEmail: string
  template: string
  personalisation: Record<string, string>
  attempts: number
  lockedUntil: Date
}

/** What a delivery attempt came to: sent, worth trying again later, or never going to work as it is. */
export type SendOutcome =
  { kind: 'sent'; reference: string } | { kind: 'retry'; error: string } | { kind: 'permanent'; error: string }

export interface MessageSender {
  send(message: ClaimedMessage): Promise<SendOutcome>
}

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
}

/** One JSON line per entry on standard output, where a scheduler's log collector picks it up. */
export const jsonLineLogger: Logger = {
  info: (message, data) => process.stdout.write(`${JSON.stringify({ level: 'info', message, ...data })}\n`),
  warn: (message, data) => process.stdout.write(`${JSON.stringify({ level: 'warn', message, ...data })}\n`),
}

export interface NotifyConfig {
  apiKey: string
  baseUrl?: string
  templateIds: Record<string, string>
  /** Milliseconds before a request is abandoned; kept well inside the lease. */
  timeoutMs?: number
}

function describeNotifyErrors(data: unknown): string {
  const errors = (data as { errors?: { error?: string; message?: string }[] } | undefined)?.errors
  if (!Array.isArray(errors) || errors.length === 0) return ''
  return errors.map((e) => [e.error, e.message].filter(Boolean).join(': ')).join('; ')
}

/**
 * The Notify id of an email sent earlier with this outbox id as its reference, if Notify has one. An earlier try
 * may have been accepted with its answer lost (a timeout, a dropped connection, or the process stopping before it
 * recorded the answer); Notify has no idempotency key, so asking is what keeps a retry from sending it twice. If
 * Notify cannot say, the retry sends: a rare duplicate is better than an email never sent.
 */
async function findAcceptedEarlier(client: NotifyClient, outboxId: string): Promise<string | undefined> {
  try {
    const response = await client.getNotifications('email', undefined, outboxId)
    const notifications = (response.data as { notifications?: { id: string; reference?: string | null }[] })
      .notifications
    return notifications?.find((n) => n.reference === outboxId)?.id
  } catch {
    return undefined
  }
}

/**
 * Sends email through GOV.UK Notify and sorts its answers into sent, retry and permanent failure. A retry first
 * asks Notify whether an earlier try got through.
 */
export function createNotifySender(config: NotifyConfig): MessageSender {
  const client = config.baseUrl ? new NotifyClient(config.baseUrl, config.apiKey) : new NotifyClient(config.apiKey)
  client.setClient(axios.create({ timeout: config.timeoutMs ?? 20_000 }))
  return {
    async send(message) {
      const templateId = config.templateIds[message.template]
      if (!templateId) {
        return { kind: 'permanent', error: `No Notify template id is configured for '${message.template}'` }
      }
      if (message.attempts > 1) {
        const earlier = await findAcceptedEarlier(client, message.id)
        if (earlier) return { kind: 'sent', reference: earlier }
      }
      try {
        const response = await client.sendEmail(templateId, message.recipientEmail, {
          personalisation: message.personalisation,
          reference: message.id,
        })
        return { kind: 'sent', reference: String(response.data.id) }
      } catch (error) {
        const status = axios.isAxiosError(error) ? error.response?.status : undefined
        if (status === undefined) {
          const code = (error as { code?: string }).code
          return { kind: 'retry', error: `Network error${code ? ` (${code})` : ''}: ${(error as Error).message}` }
        }
        const detail = describeNotifyErrors(axios.isAxiosError(error) ? error.response?.data : undefined)
        const text = `Notify answered ${status}${detail ? `: ${detail}` : ''}`
        // 429 is Notify's rate limit: wait and try again. Any other 4xx will fail the same way every time.
        if (status === 429 || status >= 500) return { kind: 'retry', error: text }
        return { kind: 'permanent', error: text }
      }
    },
  }
}

export interface DeliveryOptions {
  /** null: no Notify key, so messages are logged, not sent. */
  sender: MessageSender | null
  logger: Logger
  now?: () => Date
  batchSize?: number
  /** How long a claim holds a message before another process may take it. */
  leaseMs?: number
  maxAttempts?: number
}

export interface DeliveryReport {
  sent: number
  logged: number
  retrying: number
  failed: number
}

/** Tries before a message is marked failed and waits for an administrator. */
export const MAX_DELIVERY_ATTEMPTS = 12

const BACKOFF_BASE_MS = 60_000
const BACKOFF_CAP_MS = 30 * 60_000

/** 1, 2, 4, 8, 16, then 30 minutes between tries: 12 tries span about four hours of Notify being down. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS)
}

/**
 * Takes up to `limit` due messages for this process. The lease (locked_until) is set in the same statement that
 * picks the rows, and SKIP LOCKED leaves rows another process is claiming to that process, so two jobs never
 * hold the same message.
 */
export async function claimDueMessages(
  db: Kysely<DB>,
  input: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedMessage[]> {
  const lockedUntil = new Date(input.now.getTime() + input.leaseMs)
  const result = await sql<{
    id: string
    kind: string
    recipient_email: string
    template: string
    personalisation: Record<string, string>
    attempts: number
  }>`
    update outbox_message
    set locked_until = ${lockedUntil}, attempts = attempts + 1
    where id in (
      select id from outbox_message
      where status = 'pending' and next_attempt_at <= ${input.now}
        and (locked_until is null or locked_until <= ${input.now})
      order by next_attempt_at, created_at
      limit ${input.limit}
      for update skip locked
    )
    returning id, kind, recipient_email, template, personalisation, attempts`.execute(db)
  return result.rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    recipientEmail: row.recipient_email,
    template: row.template,
    personalisation: row.personalisation,
    attempts: row.attempts,
    lockedUntil,
  }))
}

/** Sends (or logs) every due message, batch by batch, until none is left that this process can claim. */
export async function deliverDueMessages(db: Kysely<DB>, options: DeliveryOptions): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date())
  const batchSize = options.batchSize ?? 50
  const leaseMs = options.leaseMs ?? 5 * 60_000
  const maxAttempts = options.maxAttempts ?? MAX_DELIVERY_ATTEMPTS
  const report: DeliveryReport = { sent: 0, logged: 0, retrying: 0, failed: 0 }
  for (;;) {
    const claimed = await claimDueMessages(db, { now: now(), limit: batchSize, leaseMs })
    if (claimed.length === 0) return report
    for (const message of claimed) {
      const outcome = await deliverOne(db, message, options, { now: now(), maxAttempts })
      report[outcome] += 1
    }
  }
}

/** Sends (or logs) one claimed message and records the outcome, if this process still holds its lease. */
export async function deliverOne(
  db: Kysely<DB>,
  message: ClaimedMessage,
  options: DeliveryOptions,
  context: { now: Date; maxAttempts: number },
): Promise<keyof DeliveryReport> {
  // Every update is conditional on still holding the lease, so a process that overran it changes nothing.
  const finish = (values: Updateable<OutboxMessageTable>) =>
    db
      .updateTable('outbox_message')
      .set({ ...values, locked_until: null })
      .where('id', '=', message.id)
      .where('locked_until', '=', message.lockedUntil)
      .execute()
  const facts = { id: message.id, kind: message.kind, template: message.template, attempt: message.attempts }
  if (!options.sender) {
    options.logger.info('outbox message logged (NOTIFY_API_KEY is not set)', {
      ...facts,
      to: message.recipientEmail,
      personalisation: message.personalisation,
    })
    await finish({ status: 'logged', sent_at: context.now, last_error: null })
    return 'logged'
  }
  const outcome = await options.sender.send(message)
  if (outcome.kind === 'sent') {
    await finish({ status: 'sent', sent_at: context.now, provider_reference: outcome.reference, last_error: null })
    options.logger.info('outbox message sent', { ...facts, reference: outcome.reference })
    return 'sent'
  }
  if (outcome.kind === 'retry' && message.attempts < context.maxAttempts) {
    const next = new Date(context.now.getTime() + retryDelayMs(message.attempts))
    await finish({ next_attempt_at: next, last_error: outcome.error })
    options.logger.warn('outbox message will be retried', { ...facts, error: outcome.error, next: next.toISOString() })
    return 'retrying'
  }
  await finish({ status: 'failed', last_error: outcome.error })
  options.logger.warn('outbox message failed', { ...facts, error: outcome.error })
  return 'failed'
}

/** True when the portal sends email (GOV.UK Notify is configured), rather than writing each message to the log. */
export function emailConfigured(env: Pick<Env, 'NOTIFY_API_KEY'>): boolean {
  return Boolean(env.NOTIFY_API_KEY)
}

/** The GOV.UK Notify sender the configuration asks for, or null when no key is set (messages are then logged). */
export function senderFromEnv(env: Env): MessageSender | null {
  return env.NOTIFY_API_KEY
    ? createNotifySender({
        apiKey: env.NOTIFY_API_KEY,
        baseUrl: env.NOTIFY_BASE_URL,
        templateIds: env.NOTIFY_TEMPLATE_IDS,
      })
    : null
}
