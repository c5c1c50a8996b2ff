import { Button, Heading, Text } from '@radix-ui/themes'
import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react'

export interface StatusMessage {
  title: string
  body: string
}

const DEFAULT_MESSAGES: Record<number, StatusMessage> = {
  403: { title: 'You cannot do that', body: 'Your account does not have permission for this page or action.' },
  404: {
    title: 'Page not found',
    body: 'The page or record you asked for does not exist, or you do not have access to it.',
  },
  503: {
    title: 'The portal is unavailable for a moment',
    body: 'We cannot reach the database. Nothing you saved has been lost. Please try again in a minute.',
  },
}

const UNEXPECTED: StatusMessage = {
  title: 'Something went wrong',
  body: 'This is a problem on our side, and it has been logged. Please try again; if it keeps happening, tell your administrator.',
}

/** Plain words for each failure; never a stack trace. */
export function RouteErrorBoundary({
  messages = {},
  backTo = { to: '/', label: 'Go to your home page' },
}: {
  messages?: Record<number, StatusMessage>
  backTo?: { to: string; label: string }
}) {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message = messages[status] ?? DEFAULT_MESSAGES[status] ?? UNEXPECTED
  return (
    <section aria-labelledby="error-title" className="error-panel">
      <Heading as="h1" size="7" id="error-title" mb="3">
        {message.title}
      </Heading>
      <Text as="p" size="3" mb="4">
        {message.body}
      </Text>
      <Button asChild variant="soft">
        <Link to={backTo.to}>{backTo.label}</Link>
      </Button>
    </section>
  )
}
