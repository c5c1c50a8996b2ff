import { Button, Card, Heading, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'

/** What a refused single sign-on says; every case ends with a way back to the sign-in page. */
export const SSO_MESSAGES = {
  state: {
    title: 'This sign-in link has expired',
    body: 'The sign-in was started in another window, took longer than ten minutes, or was already used. Please start again.',
  },
  provider: {
    title: 'Microsoft did not sign you in',
    body: 'The sign-in was cancelled or refused at Microsoft. Please try again.',
  },
  token: {
    title: 'We could not confirm your sign-in',
    body: 'The answer from Microsoft did not pass our checks, so you have not been signed in. Please try again; if it keeps happening, tell your administrator.',
  },
  unavailable: {
    title: 'Single sign-on is unavailable for a moment',
    body: 'We cannot reach Microsoft to sign you in. Please try again in a minute.',
  },
  unknown: {
    title: 'There is no portal account for you',
    body: 'Microsoft signed you in, but no portal account has your work email address. Ask your administrator to add you.',
  },
  deactivated: {
    title: 'Your portal account is closed',
    body: 'Your account has been deactivated. Ask your administrator if you need access again.',
  },
  'unverified-email': {
    title: 'We could not confirm your email address',
    body: 'Microsoft did not confirm that your email address is verified, so we cannot match it to a portal account. Ask your administrator.',
  },
  'linked-elsewhere': {
    title: 'Your account is linked to another Microsoft sign-in',
    body: 'The portal account with your email address already signs in with a different Microsoft account. Ask your administrator.',
  },
} as const

export type SsoMessageKey = keyof typeof SSO_MESSAGES

export function SsoRefusal({ reason }: { reason: SsoMessageKey }) {
  const message = SSO_MESSAGES[reason]
  return (
    <Card size="4" style={{ maxWidth: '36rem' }}>
      <Heading as="h1" size="7" mb="2">
        {message.title}
      </Heading>
      <Text as="p" size="3" mb="4">
        {message.body}
      </Text>
      <Button asChild size="3">
        <Link to="/login">Back to sign in</Link>
      </Button>
    </Card>
  )
}
