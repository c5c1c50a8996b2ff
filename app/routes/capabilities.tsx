import { Button, Callout } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { authorize, requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { FrameworkProfile } from '#app/components/capabilities/framework-profile'
import { selfMappingAnchor } from '#app/components/capabilities/self-mapping-form'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { formText, formValues, parseForm } from '#app/lib/forms'
import { isUuid } from '#app/lib/ids'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { submitOnce } from '#app/models/shared/form-submission.server'
import { invariantFound, readForm, replyToRuleError } from '#app/lib/http.server'
import { getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { selfMappingFormSchema } from '#app/models/capabilities/self-mapping.schema'
import { getSelfMappings, recordSelfMapping } from '#app/models/capabilities/self-mapping.server'
import { getPersonSubject } from '#app/models/people/users.server'
import { inSentence, withArticle } from '#app/lib/wording'

export const meta: MetaFunction = () => [{ title: 'My capabilities – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'capabilities.view')
  const profile = invariantFound(await getCapabilityProfile(context.db, user.id))
  const selfMappings = await getSelfMappings(context.db, {
    personId: user.id,
    versionIds: profile.frameworks.map((f) => f.versionId),
  })
  const mapped = new URL(request.url).searchParams.get('mapped')
  return {
    profile,
    selfMappings,
    today: todayInLondon(),
    openDomainId: isUuid(mapped) ? mapped : null,
    formToken: newFormToken(),
  }
}

// Only the signed-in person records a self-mapping, and only their own: the form names no person.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'capabilities.view')
  authorize(user, 'self-mapping.record', invariantFound(await getPersonSubject(context.db, user.id)))
  const formData = await readForm(request)
  const domainId = formText(formData.get('domainId'))
  const token = readFormToken(formData)
  const parsed = parseForm(formData, selfMappingFormSchema(todayInLondon()))
  if (!parsed.ok || !token.ok) {
    const fieldErrors = withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors)
    return data({ domainId, fieldErrors, values: formValues(formData) }, 400)
  }
  try {
    // One token serves every domain's form on the page; the page after a save issues a new one.
    const { result: saved } = await submitOnce(
      context.db,
      { token: token.token, userId: user.id, kind: 'self-mapping' },
      (trx) => recordSelfMapping(trx, { personId: user.id, form: parsed.data }),
    )
    return await redirectWithFlash(
      context.env,
      `/capabilities?mapped=${saved.domainId}#${selfMappingAnchor(saved.domainId)}`,
      {
        message: `Self-mapping saved: ${saved.domainName} at ${saved.levelName}, dated ${formatUkDate(saved.mappedOn)}.`,
        kind: 'success',
      },
    )
  } catch (error) {
    return replyToRuleError(error, formValues(formData), { domainId })
  }
}

export default function CapabilitiesPage() {
  const { profile, selfMappings, today, openDomainId, formToken } = useLoaderData<typeof loader>()
  const echo = useActionData<typeof action>()
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
          <FrameworkProfile
            key={framework.versionId}
            framework={framework}
            viewer={{ kind: 'self' }}
            selfMapping={{ mappings: selfMappings, form: { today, echo, openDomainId, formToken } }}
          />
        ))
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
