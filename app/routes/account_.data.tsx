import { Button, Card, Heading, Text } from '@radix-ui/themes'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Your data – OT Capability Portal' }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'account.manage')
  return null
}

export default function AccountDataPage() {
  return (
    <>
      <PageHeader
        title="Your data"
        lead="Download everything the portal holds about you, as one zip file, whenever you like."
      />
      <Card size="3">
        <Heading as="h2" size="5" mb="3">
          What the download holds
        </Heading>
        <Text as="p" mb="3">
          Your account details, roles and team; every CPD entry with each saved version, its capability mappings and its
          attachments; the sign-offs you asked for and what happened to them; the supervision sessions you took part in,
          with their notes and actions; your HCPC registration; any apprenticeship; your self-mapping and CPD profile;
          the audit trail of what you did and what was done to your record; and the emails sent to you.
        </Text>
        <Text as="p" mb="4">
          A README.txt inside explains each file. The records are plain-text JSON files that any text editor opens. Each
          download is recorded in the audit trail.
        </Text>
        <Button asChild size="3">
          <a href="/account/data.zip" download className="target-24">
            Download your data (zip)
          </a>
        </Button>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
