import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EvidenceForm } from '#app/components/evidence/evidence-form'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { checkEvidencePrivacy, parseEvidenceForm } from '#app/models/evidence/evidence.schema'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { listMappableCapabilities } from '#app/models/evidence/mappings.server'
import { replyToRuleError, readForm } from '#app/lib/http.server'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { submitOnce } from '#app/models/shared/form-submission.server'

export const meta: MetaFunction = () => [{ title: 'New CPD entry – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'evidence.create')
  return { capabilities: await listMappableCapabilities(context.db), today: todayInLondon(), formToken: newFormToken() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'evidence.create')
  const form = await readForm(request)
  const token = readFormToken(form)
  const parsed = parseEvidenceForm(form, { today: todayInLondon() })
  if (!parsed.ok || !token.ok) {
    const fieldErrors = withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors)
    return data({ fieldErrors, values: parsed.values, mappings: parsed.mappings }, { status: 400 })
  }
  const privacy = checkEvidencePrivacy(parsed.data, form)
  if (privacy.length > 0) return data({ privacy, values: parsed.values, mappings: parsed.mappings }, { status: 400 })
  try {
    const { result: id } = await submitOnce(
      context.db,
      { token: token.token, userId: user.id, kind: 'evidence' },
      (trx) => createEvidence(trx, { ownerId: user.id, evidence: parsed.data }),
    )
    const message =
      parsed.data.status === 'draft'
        ? 'Saved as a draft. Finish it whenever you are ready.'
        : 'Entry saved to your CPD log.'
    return await redirectWithFlash(context.env, `/evidence/${id}`, { message, kind: 'success' })
  } catch (error) {
    return replyToRuleError(error, parsed.values, { mappings: parsed.mappings })
  }
}

export default function NewEvidencePage() {
  const { capabilities, today, formToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title="New CPD entry"
        lead="Only a title is needed to save a draft. To count towards your CPD profile, an entry needs the activity, date, hours and your reflection."
      />
      <EvidenceForm
        key={formToken}
        formToken={formToken}
        values={actionData?.values ?? {}}
        mappings={actionData?.mappings ?? []}
        errors={actionData && 'fieldErrors' in actionData ? actionData.fieldErrors : {}}
        privacy={actionData && 'privacy' in actionData ? actionData.privacy : undefined}
        capabilities={capabilities}
        today={today}
        cancelTo="/evidence"
      />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/evidence', label: 'Back to your CPD log' }} />
}
