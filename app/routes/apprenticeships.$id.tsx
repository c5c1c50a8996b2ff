import { Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { authorize, authorizeVisible, requireUser } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { AtAGlance } from '#app/components/apprenticeships/at-a-glance'
import {
  type FormEcho,
  GatewayForm,
  OffTheJobForm,
  PlacementForm,
  ReviewForm,
} from '#app/components/apprenticeships/forms'
import { ApprenticeshipHeader } from '#app/components/apprenticeships/header'
import { ApprenticeshipLogs } from '#app/components/apprenticeships/logs'
import { ProgrammeForms } from '#app/components/apprenticeships/programme-forms'
import { ProgressChart } from '#app/components/apprenticeships/progress-chart'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm, formText, formValues } from '#app/lib/forms'
import { invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { submitOnce } from '#app/models/shared/form-submission.server'
import {
  getApprenticeshipDetail,
  getApprenticeshipSubject,
  summariseApprenticeship,
} from '#app/models/apprenticeship/queries.server'
import { logOffTheJobHours, logPlacementHours, recordProgressReview } from '#app/models/apprenticeship/logs.server'
import { NEXT_STATUSES, OPEN_STATUSES } from '#app/models/apprenticeship/statuses.rules'
import { progressSeries } from '#app/models/apprenticeship/progress.rules'
import { describeStandard, findStandard } from '#app/models/apprenticeship/rules.data'
import {
  completionSchema,
  detailsSchema,
  gatewaySchema,
  otjSchema,
  placementSchema,
  reviewSchema,
  statusChangeSchema,
} from '#app/models/apprenticeship/apprenticeship.schema'
import {
  changeApprenticeshipStatus,
  completeApprenticeship,
  saveGatewayChecklist,
  updateApprenticeshipDetails,
} from '#app/models/apprenticeship/programme.server'
import { formatHours } from '#app/lib/hours'

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded ? `Apprenticeship: ${loaded.record.personName}` : 'Apprenticeship'} – OT Capability Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getApprenticeshipSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'apprenticeship.read', subject)
  const { record, events, otj, placements, reviews, evidence } = invariantFound(
    await getApprenticeshipDetail(context.db, params.id!),
  )
  const today = todayInLondon()
  const { facts, ...summary } = summariseApprenticeship({ record, events, otj, placements, reviews, evidence }, today)
  const open = OPEN_STATUSES.includes(record.status)
  return {
    record,
    events,
    otj,
    placements,
    reviews,
    evidence,
    today,
    isSelf: subject.id === user.id,
    standard: describeStandard(record.standardCode),
    becomes: findStandard(record.standardCode)?.jobRoleOnCompletion === 'ot' ? 'an occupational therapist' : null,
    progress: { ...summary, series: progressSeries(facts, { otj, placements }, today) },
    canLog: open && can(user, 'apprenticeship.log', subject),
    canManage: can(user, 'apprenticeship.manage', subject),
    canList: can(user, 'apprenticeships.list'),
    nextStatuses: NEXT_STATUSES[record.status],
    formToken: newFormToken(),
  }
}

type Intent =
  'log-otj' | 'log-placement' | 'record-review' | 'save-gateway' | 'change-status' | 'complete' | 'update-details'

const SCHEMAS = {
  'log-otj': otjSchema,
  'log-placement': placementSchema,
  'record-review': reviewSchema,
  'save-gateway': gatewaySchema,
  'change-status': statusChangeSchema,
  complete: completionSchema,
  'update-details': detailsSchema,
} satisfies Record<Intent, z.ZodType>

/** The forms that add a record: each carries a one-time token, so sending it twice adds one. */
const CREATES: ReadonlySet<string> = new Set<Intent>(['log-otj', 'log-placement', 'record-review'])

const ANCHORS: Record<Intent, string> = {
  'log-otj': 'otj-title',
  'log-placement': 'placement-title',
  'record-review': 'reviews-title',
  'save-gateway': 'gateway-title',
  'change-status': 'status-title',
  complete: 'status-title',
  'update-details': 'status-title',
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getApprenticeshipSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'apprenticeship.read', subject)
  const id = params.id!
  const form = await readForm(request)
  const intent = formText(form.get('intent'))
  if (!Object.hasOwn(SCHEMAS, intent))
    return data({ intent, fieldErrors: { form: 'Unknown action' }, values: {} }, { status: 400 })
  authorize(
    user,
    intent === 'log-otj' || intent === 'log-placement' ? 'apprenticeship.log' : 'apprenticeship.manage',
    subject,
  )
  const token = CREATES.has(intent) ? readFormToken(form) : ({ ok: true, token: null } as const)
  const parsed = parseForm(form, SCHEMAS[intent as Intent])
  if (!parsed.ok || !token.ok) {
    const fieldErrors = withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors)
    return data({ intent, fieldErrors, values: formValues(form) }, { status: 400 })
  }
  const actorId = user.id
  let message: string
  try {
    const apply = (db: Parameters<typeof applyIntent>[0]) => applyIntent(db, intent as Intent, id, actorId, parsed.data)
    message = token.token
      ? (await submitOnce(context.db, { token: token.token, userId: actorId, kind: `${intent}/${id}` }, apply)).result
      : await apply(context.db)
  } catch (error) {
    return replyToRuleError(error, formValues(form), { intent })
  }
  return redirectWithFlash(context.env, `/apprenticeships/${id}#${ANCHORS[intent as Intent]}`, {
    message,
    kind: 'success',
  })
}

// The parsed form of each intent, as its schema gives it.
async function applyIntent(
  db: Parameters<typeof logOffTheJobHours>[0],
  intent: Intent,
  apprenticeshipId: string,
  actorId: string,
  input: any,
): Promise<string> {
  switch (intent) {
    case 'log-otj': {
      const v = input as z.infer<typeof otjSchema>
      await logOffTheJobHours(db, {
        apprenticeshipId,
        doneOn: v.otjDate,
        minutes: v.otjHours,
        activity: v.otjActivity,
        evidenceId: v.otjEvidenceId,
        actorId,
      })
      return `Logged ${formatHours(v.otjHours)} hours of off-the-job training.`
    }
    case 'log-placement': {
      const v = input as z.infer<typeof placementSchema>
      await logPlacementHours(db, {
        apprenticeshipId,
        setting: v.placementSetting,
        startsOn: v.placementFrom,
        endsOn: v.placementTo,
        minutes: v.placementHours,
        actorId,
      })
      return `Logged ${formatHours(v.placementHours)} placement hours.`
    }
    case 'record-review': {
      const v = input as z.infer<typeof reviewSchema>
      await recordProgressReview(db, {
        apprenticeshipId,
        heldOn: v.reviewHeldOn,
        nextOn: v.reviewNextOn,
        providerContact: v.reviewProvider,
        notes: v.reviewNotes,
        actorId,
      })
      return `Review recorded. The next is planned for ${formatUkDate(v.reviewNextOn)}.`
    }
    case 'save-gateway': {
      const { englishMathsInPlan, ...done } = input as z.infer<typeof gatewaySchema>
      await saveGatewayChecklist(db, { apprenticeshipId, done, englishMathsInPlan, actorId })
      return 'Gateway checklist saved.'
    }
    case 'change-status': {
      const v = input as z.infer<typeof statusChangeSchema>
      await changeApprenticeshipStatus(db, {
        apprenticeshipId,
        status: v.newStatus,
        effectiveOn: v.statusOn,
        note: v.statusNote,
        actorId,
      })
      return 'Status changed.'
    }
    case 'complete': {
      const v = input as z.infer<typeof completionSchema>
      const { jobRoleCode } = await completeApprenticeship(db, { apprenticeshipId, ...v, actorId })
      return jobRoleCode === 'ot'
        ? 'Result recorded. They are now an occupational therapist in the portal: record their HCPC registration.'
        : 'Result recorded.'
    }
    case 'update-details': {
      const v = input as z.infer<typeof detailsSchema>
      await updateApprenticeshipDetails(db, {
        id: apprenticeshipId,
        provider: v.provider,
        plannedEndOn: v.plannedEndOn,
        weeklyMinutes: v.weeklyHours,
        actorId,
      })
      return 'Programme details saved.'
    }
  }
}

export default function ApprenticeshipPage() {
  const loaded = useLoaderData<typeof loader>()
  const { record, progress, today, canLog, canManage, formToken } = loaded
  const actionData = useActionData<typeof action>()
  const echo = (intent: Intent): FormEcho | undefined =>
    actionData?.intent === intent ? { errors: actionData.fieldErrors, values: actionData.values } : undefined
  const { otj, review, placement, gateway } = progress
  return (
    <>
      <ApprenticeshipHeader loaded={loaded} formError={actionData?.intent ? actionData.fieldErrors.form : undefined} />

      <AtAGlance otj={otj} review={review} placement={placement} gateway={gateway} />

      {progress.series.length > 0 ? (
        <ProgressChart points={progress.series} showPlacement={Boolean(placement)} />
      ) : (
        <Text as="p" size="2" className="home-section">
          The progress chart starts once the apprenticeship has started on {formatUkDate(record.startsOn)}.
        </Text>
      )}

      <ApprenticeshipLogs
        loaded={loaded}
        forms={{
          otj: canLog ? (
            <OffTheJobForm
              key={formToken}
              formToken={formToken}
              echo={echo('log-otj')}
              evidence={loaded.evidence}
              today={today}
            />
          ) : null,
          placement:
            canLog && placement ? (
              <PlacementForm key={formToken} formToken={formToken} echo={echo('log-placement')} today={today} />
            ) : null,
          review:
            canManage && OPEN_STATUSES.includes(record.status) ? (
              <ReviewForm key={formToken} formToken={formToken} echo={echo('record-review')} today={today} />
            ) : null,
          gateway:
            canManage && OPEN_STATUSES.includes(record.status) ? (
              <GatewayForm readiness={gateway} inPlan={record.englishMathsInPlan} />
            ) : null,
          status: canManage ? (
            <ProgrammeForms
              loaded={loaded}
              echo={{ status: echo('change-status'), complete: echo('complete'), details: echo('update-details') }}
            />
          ) : null,
        }}
      />
    </>
  )
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      messages={{
        404: {
          title: 'Apprenticeship not found',
          body: 'This apprenticeship does not exist, or it is not one you can see.',
        },
      }}
    />
  )
}
