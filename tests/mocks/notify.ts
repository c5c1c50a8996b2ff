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

/**
 * How the pretend Notify answers the next requests: 'ok', one of its error statuses, a dropped connection, or
 * 'lost-answer': the email is accepted (and would go out) but the connection drops before the answer arrives.
 */
export type NotifyMode = 'ok' | 400 | 403 | 429 | 500 | 503 | 'network' | 'lost-answer'

const ERRORS: Record<number, { error: string; message: string }> = {
  400: { error: 'BadRequestError', message: 'Can’t send to this recipient using a team-only API key' },
  403: { error: 'AuthError', message: 'Invalid token: API key not found' },
  429: { error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' },
  500: { error: 'Exception', message: 'Internal server error' },
  503: { error: 'Exception', message: 'Service unavailable' },
}

function unauthorised(request: Request) {
  if (request.headers.get('Authorization')?.startsWith('Bearer ')) return null
  return HttpResponse.json(
    { status_code: 401, errors: [{ error: 'AuthError', message: 'Unauthorized' }] },
    { status: 401 },
  )
}

/**
 * GOV.UK Notify's email endpoint and its list of sent notifications (searched by reference) as msw handlers,
 * recording what it accepted and how often each was asked.
 */
export function createNotifyMock() {
  const state = { mode: 'ok' as NotifyMode, sent: [] as SentEmail[], requests: 0, lookups: 0, delayMs: 0 }
  const send = http.post(`${NOTIFY_URL}/v2/notifications/email`, async ({ request }) => {
    state.requests += 1
    if (state.delayMs > 0) await delay(state.delayMs)
    const refused = unauthorised(request)
    if (refused) return refused
    if (state.mode === 'network') return HttpResponse.error()
    if (state.mode !== 'ok' && state.mode !== 'lost-answer') {
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
    if (state.mode === 'lost-answer') return HttpResponse.error()
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
  const lookup = http.get(`${NOTIFY_URL}/v2/notifications`, ({ request }) => {
    state.lookups += 1
    const refused = unauthorised(request)
    if (refused) return refused
    if (state.mode === 'network' || state.mode === 'lost-answer') return HttpResponse.error()
    if (state.mode !== 'ok') {
      return HttpResponse.json({ status_code: state.mode, errors: [ERRORS[state.mode]] }, { status: state.mode })
    }
    const reference = new URL(request.url).searchParams.get('reference')
    const notifications = state.sent
      .filter((email) => reference === null || email.reference === reference)
      .map((email) => ({ id: email.id, reference: email.reference ?? null, type: 'email', status: 'sending' }))
    return HttpResponse.json({ notifications, links: { current: `${NOTIFY_URL}/v2/notifications` } })
  })
  return { handlers: [send, lookup], state }
}
