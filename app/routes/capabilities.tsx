import { Button, Callout } from '@radix-ui/themes'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { FrameworkProfile } from '#app/components/capabilities/framework-profile'
import { invariantFound } from '#app/lib/http.server'
import { getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { inSentence, withArticle } from '#app/lib/wording'

export const meta: MetaFunction = () => [{ title: 'My capabilities – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'capabilities.view')
  const profile = invariantFound(await getCapabilityProfile(context.db, user.id))
  return { profile }
}

export default function CapabilitiesPage() {
  const { profile } = useLoaderData<typeof loader>()
  const needsReReview = profile.frameworks.flatMap((f) =>
    f.domains.filter((d) => d.latest?.status === 'invalidated' && d.latest.wasApproved),
  )
  return (
    <>
      <PageHeader
        title="My capabilities"
        lead={
          profile.jobRoleTitle
            ? `Measured against what ${withArticle(inSentence(profile.jobRoleTitle))} needs. Levels count once a supervisor signs them off.`
            : 'Levels count once a supervisor signs them off.'
        }
        actions={
          <Button asChild size="3" variant="soft">
            <Link to="/signoffs">My requests</Link>
          </Button>
        }
      />
      {needsReReview.length > 0 ? (
        <Callout.Root color="red" mb="4" highContrast>
          <Callout.Text>
            Evidence behind {needsReReview.length === 1 ? 'a sign-off' : `${needsReReview.length} sign-offs`} changed
            after it was approved, so{' '}
            {needsReReview.map((d, i) => (
              <span key={d.id}>
                {i > 0 ? ', ' : ''}
                <Link to={`/signoffs/${d.latest!.id}`}>{d.name}</Link>
              </span>
            ))}{' '}
            no longer {needsReReview.length === 1 ? 'counts' : 'count'} until re-reviewed.
          </Callout.Text>
        </Callout.Root>
      ) : null}
      {profile.frameworks.length === 0 ? (
        <EmptyState title="No framework is published yet">
          An administrator publishes the capability frameworks; your profile appears here once they do.
        </EmptyState>
      ) : (
        profile.frameworks.map((framework) => (
          <FrameworkProfile key={framework.versionId} framework={framework} viewer={{ kind: 'self' }} />
        ))
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
