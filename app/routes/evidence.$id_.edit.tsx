import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { authorize, authorizeVisible, requireUser } from '#app/auth/guard.server'
import { EvidenceForm } from '#app/components/evidence/evidence-form'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { checkEvidencePrivacy, parseEvidenceForm } from '#app/models/evidence/evidence.schema'
import { formatHours } from '#app/lib/hours'
import { getEvidenceDetail, getEvidenceSubject, updateEvidence } from '#app/models/evidence/evidence.server'
import { listMappableCapabilitiesFor } from '#app/models/evidence/mappings.server'
import { listSignoffsAtStake, readConfirmedSignoffs } from '#app/models/signoffs/at-stake.server'
import { SignoffsAtStakeError } from '#app/models/signoffs/errors'
import { CONFIRM_SIGNOFFS_FIELD, SignoffsAtStakeNotice } from '#app/components/evidence/signoffs-at-stake'

export const meta: MetaFunction = () => [{ title: 'Edit CPD entry – OT Capability Portal' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  authorize(user, 'evidence.update', subject)
  const entry = invariantFound(await getEvidenceDetail(context.db, params.id!))
  const [capabilities, atStake] = await Promise.all([
    listMappableCapabilitiesFor(context.db, entry.id),
    listSignoffsAtStake(context.db, entry.id),
  ])
  return {
    id: entry.id,
    title: entry.title,
    revision: entry.revision,
    values: {
      title: entry.title,
      activityType: entry.activityType ?? '',
      startsOn: entry.startsOn ?? '',
      endsOn: entry.endsOn ?? '',
      hours: entry.minutes ? formatHours(entry.minutes) : '',
      description: entry.description ?? '',
      reflectionWhat: entry.reflectionWhat ?? '',
      reflectionLearned: entry.reflectionLearned ?? '',
      reflectionPractice: entry.reflectionPractice ?? '',
      reflectionBenefit: entry.reflectionBenefit ?? '',
    },
    mappings: entry.mappings.map((m) => ({ capabilityId: m.capabilityId, note: m.note ?? '' })),
    capabilities,
    atStake,
    today: todayInLondon(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  authorize(user, 'evidence.update', subject)
  const form = await readForm(request)
  const parsed = parseEvidenceForm(form, { today: todayInLondon() })
  const echo = { values: parsed.values, mappings: parsed.mappings }
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, ...echo }, { status: 400 })
  const privacy = checkEvidencePrivacy(parsed.data, form)
  if (privacy.length > 0) return data({ privacy, ...echo }, { status: 400 })
  try {
    await updateEvidence(context.db, {
      id: params.id!,
      expectedRevision: parsed.revision ?? -1,
      evidence: parsed.data,
      actorId: user.id,
      confirmedSignoffs: readConfirmedSignoffs(form.get(CONFIRM_SIGNOFFS_FIELD)),
    })
  } catch (error) {
    if (error instanceof SignoffsAtStakeError) {
      const privacyConfirmed = form.get('privacyConfirmed') === 'yes'
      return data({ atStake: error.signoffs, privacyConfirmed, ...echo }, { status: 409 })
    }
    return replyToRuleError(error, parsed.values, { mappings: parsed.mappings })
  }
  const message = parsed.data.status === 'draft' ? 'Draft saved.' : 'Entry saved.'
  return redirectWithFlash(context.env, `/evidence/${params.id}`, { message, kind: 'success' })
}

export default function EditEvidencePage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title="Edit CPD entry" lead={loaded.title} />
      <SignoffsAtStakeNotice signoffs={loaded.atStake} />
      <EvidenceForm
        values={actionData?.values ?? loaded.values}
        mappings={actionData?.mappings ?? loaded.mappings}
        errors={actionData && 'fieldErrors' in actionData ? actionData.fieldErrors : {}}
        privacy={actionData && 'privacy' in actionData ? actionData.privacy : undefined}
        atStake={actionData && 'atStake' in actionData ? actionData.atStake : undefined}
        privacyConfirmed={actionData && 'privacyConfirmed' in actionData ? actionData.privacyConfirmed : false}
        capabilities={loaded.capabilities}
        revision={loaded.revision}
        today={loaded.today}
        cancelTo={`/evidence/${loaded.id}`}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/evidence', label: 'Back to your CPD log' }} />
}
