import { Button, Callout, Card, Flex, Heading, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize, authorizeVisible, requireUser } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { FormError } from '#app/components/form-error'
import { DecisionForm } from '#app/components/signoffs/decision-form'
import { SignoffHistory } from '#app/components/signoffs/history'
import { SeenEntry } from '#app/components/signoffs/seen-entry'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { SignoffStatusBadge } from '#app/components/signoffs/status-badge'
import { wholeDaysSince } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm } from '#app/lib/forms'
import { invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { RuleError } from '#app/lib/rule-error'
import { signoffDecisionSchema } from '#app/models/signoffs/signoffs.schema'
import { SignoffAlreadyDecidedError } from '#app/models/signoffs/errors'
import { decideSignoff, withdrawSignoff } from '#app/models/signoffs/decide.server'
import { getSignoffDetail, getSignoffSubject, listSessionsForDecision } from '#app/models/signoffs/queries.server'
import { requestReReview } from '#app/models/signoffs/request.server'
import { readSeenRevisions, reReviewSignoff, writeSeenRevisions } from '#app/models/signoffs/rereview.server'

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  {
    title: `${loaded ? `${loaded.detail.request.domainName} at ${loaded.detail.request.levelName}` : 'Sign-off'} – OT Capability Portal`,
  },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getSignoffSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'signoff.read', subject)
  const detail = invariantFound(await getSignoffDetail(context.db, params.id!))
  const canDecide = can(user, 'signoff.decide', subject)
  const canReReview = can(user, 'signoff.re-review', subject) && !detail.supersededBy
  const sessions =
    canDecide || canReReview ? await listSessionsForDecision(context.db, user.id, detail.request.requesterId) : []
  const capabilityCodes = Object.fromEntries(
    detail.evidence.flatMap((e) => e.capabilities.map((c) => [c.id, c.code] as const)),
  )
  return {
    detail,
    capabilityCodes,
    sessions,
    isRequester: detail.request.requesterId === user.id,
    canDecide,
    canReReview,
    seen: writeSeenRevisions(detail.evidence),
    canWithdraw: can(user, 'signoff.withdraw', subject),
    canAskAgain: can(user, 'signoff.ask-again', subject) && !detail.supersededBy,
    now: new Date().toISOString(),
  }
}

const signoffIntent = z.enum(['decide', 're-review', 'withdraw', 'ask-again'])

type ActionReply = { fieldErrors: Record<string, string>; values: Record<string, string> }
const conflict = (error: RuleError) =>
  data<ActionReply>({ fieldErrors: { ...error.fieldErrors }, values: {} }, { status: error.status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getSignoffSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'signoff.read', subject)
  const id = params.id!
  const form = await readForm(request)
  const intent = signoffIntent.safeParse(form.get('intent'))
  if (!intent.success)
    return data<ActionReply>({ fieldErrors: { form: 'Unknown action' }, values: {} }, { status: 400 })

  switch (intent.data) {
    case 'decide': {
      // A request decided a moment ago by someone else is a conflict to explain, not a refusal.
      if (subject.status !== 'pending') return conflict(new SignoffAlreadyDecidedError(subject.status))
      authorize(user, 'signoff.decide', subject)
      const parsed = parseForm(form, signoffDecisionSchema)
      if (!parsed.ok)
        return data<ActionReply>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 })
      try {
        const status = await decideSignoff(context.db, { ...parsed.data, requestId: id, actor: user })
        return await redirectWithFlash(context.env, `/signoffs/${id}`, {
          message:
            status === 'approved'
              ? 'Signed off. The person has been told and the level now counts in their profile.'
              : 'Returned with your comment. The person has been told.',
          kind: 'success',
        })
      } catch (error) {
        return replyToRuleError(error, { comment: parsed.data.comment })
      }
    }
    case 're-review': {
      if (subject.status !== 'invalidated') return conflict(new SignoffAlreadyDecidedError(subject.status))
      authorize(user, 'signoff.re-review', subject)
      const parsed = parseForm(form, signoffDecisionSchema)
      if (!parsed.ok)
        return data<ActionReply>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 })
      try {
        const seen = readSeenRevisions(form.get('seen'))
        const status = await reReviewSignoff(context.db, { ...parsed.data, requestId: id, actor: user, seen })
        return await redirectWithFlash(context.env, `/signoffs/${id}`, {
          message:
            status === 'approved'
              ? 'Signed off again on the evidence as it is now. The person has been told and the level counts again.'
              : 'Returned with your comment. The person has been told.',
          kind: 'success',
        })
      } catch (error) {
        return replyToRuleError(error, { comment: parsed.data.comment })
      }
    }
    case 'withdraw': {
      if (subject.requesterId === user.id && subject.status !== 'pending')
        return conflict(new SignoffAlreadyDecidedError(subject.status))
      authorize(user, 'signoff.withdraw', subject)
      try {
        await withdrawSignoff(context.db, { requestId: id, actorId: user.id })
      } catch (error) {
        return replyToRuleError(error, {})
      }
      return redirectWithFlash(context.env, `/signoffs/${id}`, { message: 'Request withdrawn.', kind: 'success' })
    }
    case 'ask-again': {
      authorize(user, 'signoff.ask-again', subject)
      try {
        const newId = await requestReReview(context.db, { requestId: id, requesterId: user.id })
        return await redirectWithFlash(context.env, `/signoffs/${newId}`, {
          message: 'Asked again with your evidence as it is now. Your supervisor has been told.',
          kind: 'success',
        })
      } catch (error) {
        if (error instanceof RuleError) return conflict(new RuleError(error.message, 'form', 409))
        throw error
      }
    }
  }
}

export default function SignoffPage() {
  const {
    detail,
    capabilityCodes,
    sessions,
    isRequester,
    canDecide,
    canReReview,
    seen,
    canWithdraw,
    canAskAgain,
    now,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { request, events, evidence, supersededBy } = detail
  const approvedEvent = events.find((e) => e.kind === 'approved')
  const needsReReview = request.status === 'invalidated' && Boolean(approvedEvent)
  const errors = actionData?.fieldErrors ?? {}
  const values = actionData?.values ?? {}
  return (
    <>
      <Text as="p" size="2" mb="2">
        <Link to="/signoffs">Sign-offs</Link>
      </Text>
      <PageHeader
        title={`${request.domainName} at ${request.levelName}`}
        lead={
          <Flex gap="2" align="center" wrap="wrap" asChild>
            <span>
              {isRequester ? 'Your request' : request.requesterName} · {request.frameworkName} ({request.versionLabel})
              · <SignoffStatusBadge status={request.status} wasApproved={Boolean(approvedEvent)} />
            </span>
          </Flex>
        }
      />
      <FormError message={errors.form} />
      {needsReReview ? (
        <Callout.Root color="red" mb="4" highContrast>
          <Callout.Text>
            This sign-off needs re-review: evidence it stood on changed after it was approved, so the level no longer
            counts. <a href="#evidence-title">See what changed</a>
            {canReReview ? ', then sign it off again or return it below' : ''}.
          </Callout.Text>
        </Callout.Root>
      ) : request.status === 'invalidated' ? (
        <Callout.Root color="amber" mb="4" highContrast>
          <Callout.Text>
            The evidence changed while this request was waiting.{' '}
            {canReReview
              ? 'You can decide on it as it is now, below.'
              : 'It can be decided again on the evidence as it is now.'}{' '}
            <a href="#evidence-title">See what changed</a>.
          </Callout.Text>
        </Callout.Root>
      ) : request.status === 'pending' ? (
        <Callout.Root color="blue" mb="4" highContrast>
          <Callout.Text>Waiting for review for {wholeDaysSince(request.requestedAt, now)} days.</Callout.Text>
        </Callout.Root>
      ) : null}
      {supersededBy ? (
        <Callout.Root color="gray" mb="4" highContrast>
          <Callout.Text>
            Asked again: <Link to={`/signoffs/${supersededBy.id}`}>see the newer request</Link>.
          </Callout.Text>
        </Callout.Root>
      ) : null}
      {request.supersedesId ? (
        <Text as="p" size="2" mb="3">
          This asks again after <Link to={`/signoffs/${request.supersedesId}`}>an earlier request</Link>.
        </Text>
      ) : null}

      {canAskAgain || canWithdraw ? (
        <Flex gap="3" mb="5" wrap="wrap">
          {canAskAgain ? (
            <Form method="post">
              <input type="hidden" name="intent" value="ask-again" />
              <Button type="submit" size="3">
                {needsReReview ? 'Ask for re-review' : 'Ask again with my evidence as it is now'}
              </Button>
            </Form>
          ) : null}
          {canWithdraw ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <Button type="submit" size="3" variant="soft" color="gray" highContrast>
                Withdraw this request
              </Button>
            </Form>
          ) : null}
        </Flex>
      ) : null}

      {request.note ? (
        <Card size="2" mb="5">
          <Heading as="h2" size="3" mb="1">
            Note from {isRequester ? 'you' : request.requesterName}
          </Heading>
          <Text as="p" size="2" className="capability-description">
            {request.note}
          </Text>
        </Card>
      ) : null}

      <section aria-labelledby="evidence-title" className="home-section">
        <Heading as="h2" size="5" mb="1" id="evidence-title">
          Evidence as it was when requested
        </Heading>
        <Text as="p" size="2" color="gray" highContrast mb="3">
          {evidence.length === 1 ? 'One entry' : `${evidence.length} entries`}, each fixed at the revision the request
          recorded.
        </Text>
        <ul className="version-list">
          {evidence.map((entry) => (
            <SeenEntry key={entry.evidenceId} entry={entry} codes={capabilityCodes} />
          ))}
        </ul>
      </section>

      {canDecide ? <DecisionForm request={request} sessions={sessions} errors={errors} values={values} /> : null}
      {canReReview ? (
        <DecisionForm request={request} sessions={sessions} errors={errors} values={values} reReview={{ seen }} />
      ) : null}

      <SignoffHistory events={events} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/signoffs', label: 'Back to sign-offs' }} />
}
