import { randomUUID } from 'node:crypto'
import { HttpResponse, delay, http } from 'msw'

export const NOTIFY_URL = 'https://api.notifications.service.gov.uk'
/** A key of Notify's shape: name, service id, secret. */
export const FAKE_NOTIFY_KEY = `portal_test-${randomUUID()}-${randomUUID()}`

export interface SentEmail {
  id: string
  templateId: string
  emailAddress: string
  personalisation: Record<string, string>
  reference: string | undefined
}

/** How the pretend Notify answers the next requests: 'ok', one of its error statuses, or a dropped connection. */
export type NotifyMode = 'ok' | 400 | 403 | 429 | 500 | 503 | 'network'

const ERRORS: Record<number, { error: string; message: string }> = {
  400: { error: 'BadRequestError', message: 'Can’t send to this recipient using a team-only API key' },
  403: { error: 'AuthError', message: 'Invalid token: API key not found' },
  429: { error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' },
  500: { error: 'Exception', message: 'Internal server error' },
  503: { error: 'Exception', message: 'Service unavailable' },
}

/** GOV.UK Notify's email endpoint as msw handlers, recording what it accepted and how often it was asked. */
export function createNotifyMock() {
  const state = { mode: 'ok' as NotifyMode, sent: [] as SentEmail[], requests: 0, delayMs: 0 }
  const handler = http.post(`${NOTIFY_URL}/v2/notifications/email`, async ({ request }) => {
    state.requests += 1
    if (state.delayMs > 0) await delay(state.delayMs)
    if (!request.headers.get('Authorization')?.startsWith('Bearer ')) {
      return HttpResponse.json(
        { status_code: 401, errors: [{ error: 'AuthError', message: 'Unauthorized' }] },
        { status: 401 },
      )
    }
    if (state.mode === 'network') return HttpResponse.error()
    if (state.mode !== 'ok') {
      return HttpResponse.json({ status_code: state.mode, errors: [ERRORS[state.mode]] }, { status: state.mode })
    }
    const body = (await request.json()) as {
      template_id: string
      email_address: string
      personalisation?: Record<string, string>
      reference?: string
    }
    const id = randomUUID()
    state.sent.push({
      id,
      templateId: body.template_id,
      emailAddress: body.email_address,
      personalisation: body.personalisation ?? {},
      reference: body.reference,
    })
    return HttpResponse.json(
      {
        id,
        reference: body.reference ?? null,
        content: { body: 'Reminder', subject: 'Reminder', from_email: 'portal@notifications.service.gov.uk' },
        uri: `${NOTIFY_URL}/v2/notifications/${id}`,
        template: { id: body.template_id, version: 1, uri: `${NOTIFY_URL}/v2/template/${body.template_id}` },
      },
      { status: 201 },
    )
  })
  return { handler, state }
}
