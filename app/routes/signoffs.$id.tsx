import { Button, Callout, Card, DataList, Flex, Heading, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { authorize, authorizeVisible, requireUser } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { ErrorSummary } from '#app/components/error-summary'
import { EvidenceFacts } from '#app/components/evidence/evidence-facts'
import { SelectField, TextAreaField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { SignoffStatusBadge } from '#app/components/signoffs/status-badge'
import { formatUkDate, formatUkDateTime, wholeDaysSince } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm } from '#app/lib/forms'
import { invariantFound } from '#app/lib/http.server'
import { EVIDENCE_FIELD_LABELS } from '#app/models/evidence/evidence.schema'
import { type RevisionContent, describeEvidenceChanges } from '#app/models/signoffs/evidence-changes.rules'
import { SUPERVISION_KINDS } from '#app/models/supervision/supervision.schema'
import { SIGNOFF_EVENT_LABELS, SIGNOFF_TEXT_MAX, signoffDecisionSchema } from '#app/models/signoffs/signoffs.schema'
import {
  SignoffAlreadyDecidedError,
  SignoffEvidenceChangedError,
  SignoffNotAllowedError,
  SignoffRequestRefusedError,
} from '#app/models/signoffs/errors'
import { decideSignoff, withdrawSignoff } from '#app/models/signoffs/decide.server'
import { getSignoffDetail, getSignoffSubject, listSessionsForDecision } from '#app/models/signoffs/queries.server'
import { requestReReview } from '#app/models/signoffs/request.server'

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
  const sessions = canDecide ? await listSessionsForDecision(context.db, user.id, detail.request.requesterId) : []
  const capabilityCodes = Object.fromEntries(
    detail.evidence.flatMap((e) => e.capabilities.map((c) => [c.id, c.code] as const)),
  )
  return {
    detail,
    capabilityCodes,
    sessions,
    isRequester: detail.request.requesterId === user.id,
    canDecide,
    canWithdraw: can(user, 'signoff.withdraw', subject),
    canAskAgain: can(user, 'signoff.ask-again', subject) && !detail.supersededBy,
    now: new Date().toISOString(),
  }
}

type ActionResult = { formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getSignoffSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'signoff.read', subject)
  const id = params.id!
  const form = await request.formData()
  const intent = form.get('intent')

  if (intent === 'decide') {
    // A request decided a moment ago by someone else is a conflict to explain, not a refusal.
    if (subject.status !== 'pending') {
      return data<ActionResult>({ formError: new SignoffAlreadyDecidedError(subject.status).message }, { status: 409 })
    }
    authorize(user, 'signoff.decide', subject)
    const parsed = parseForm(form, signoffDecisionSchema)
    if (!parsed.ok)
      return data<ActionResult>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 })
    try {
      const status = await decideSignoff(context.db, { ...parsed.data, requestId: id, actor: user })
      return redirectWithFlash(context.env, `/signoffs/${id}`, {
        message:
          status === 'approved'
            ? 'Signed off. The person has been told and the level now counts in their profile.'
            : 'Returned with your comment. The person has been told.',
        kind: 'success',
      })
    } catch (error) {
      if (
        error instanceof SignoffAlreadyDecidedError ||
        error instanceof SignoffEvidenceChangedError ||
        error instanceof SignoffNotAllowedError
      ) {
        return data<ActionResult>(
          { formError: error.message, values: { comment: parsed.data.comment } },
          { status: 409 },
        )
      }
      throw error
    }
  }

  if (intent === 'withdraw') {
    if (subject.requesterId === user.id && subject.status !== 'pending') {
      return data<ActionResult>({ formError: new SignoffAlreadyDecidedError(subject.status).message }, { status: 409 })
    }
    authorize(user, 'signoff.withdraw', subject)
    try {
      await withdrawSignoff(context.db, { requestId: id, actorId: user.id })
    } catch (error) {
      if (error instanceof SignoffAlreadyDecidedError) {
        return data<ActionResult>({ formError: error.message }, { status: 409 })
      }
      throw error
    }
    return redirectWithFlash(context.env, `/signoffs/${id}`, { message: 'Request withdrawn.', kind: 'success' })
  }

  if (intent === 'ask-again') {
    authorize(user, 'signoff.ask-again', subject)
    try {
      const newId = await requestReReview(context.db, { requestId: id, requesterId: user.id })
      return redirectWithFlash(context.env, `/signoffs/${newId}`, {
        message: 'Asked again with your evidence as it is now. Your supervisor has been told.',
        kind: 'success',
      })
    } catch (error) {
      if (error instanceof SignoffRequestRefusedError) {
        return data<ActionResult>({ formError: error.message }, { status: 409 })
      }
      throw error
    }
  }

  return data<ActionResult>({ formError: 'Unknown action' }, { status: 400 })
}

const TEXT_ROWS = [
  'description',
  'reflectionWhat',
  'reflectionLearned',
  'reflectionPractice',
  'reflectionBenefit',
] as const

function SeenEntry({
  entry,
  codes,
}: {
  entry: ReturnType<typeof useLoaderData<typeof loader>>['detail']['evidence'][number]
  codes: Record<string, string>
}) {
  const content = entry.content as RevisionContent
  const changes = entry.currentContent
    ? describeEvidenceChanges(content, entry.currentContent as RevisionContent, (id) => codes[id] ?? 'a capability')
    : []
  const titleId = `entry-${entry.evidenceId}`
  return (
    <li>
      <Card size="3">
        <article aria-labelledby={titleId}>
          <Heading as="h3" size="4" mb="1" id={titleId}>
            {content.title}
          </Heading>
          <Text as="p" size="1" color="gray" highContrast mb="3">
            As seen: revision {entry.revision}, fingerprint {entry.contentHash.slice(0, 12)}
          </Text>
          {changes.length > 0 ? (
            <Callout.Root color="red" mb="3" highContrast id={`changes-${entry.evidenceId}`}>
              <Callout.Text>
                Changed since the request (now revision {entry.currentRevision}). What changed:
              </Callout.Text>
              <ul className="provisional-list">
                {changes.map((change) => (
                  <li key={change.field}>
                    <strong>{change.label}</strong>: <span className="change-before">{change.before}</span> →{' '}
                    <span className="change-after">{change.after}</span>
                  </li>
                ))}
              </ul>
            </Callout.Root>
          ) : null}
          <EvidenceFacts
            activityType={content.activityType}
            startsOn={content.startsOn}
            endsOn={content.endsOn}
            minutes={content.minutes}
          >
            <DataList.Item>
              <DataList.Label>Capabilities</DataList.Label>
              <DataList.Value>
                {entry.capabilities.length > 0
                  ? entry.capabilities.map((c) => `${c.code} ${c.statement}`).join('; ')
                  : 'None'}
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Attachments</DataList.Label>
              <DataList.Value>
                {entry.files.length === 0 ? (
                  'None'
                ) : (
                  <ul className="provisional-list">
                    {entry.files.map((file) => (
                      <li key={`${file.sha256}-${file.name}`}>
                        {file.id && !file.removed ? (
                          <a href={`/evidence/${entry.evidenceId}/files/${file.id}`}>{file.name}</a>
                        ) : (
                          <>{file.name} (since removed)</>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </DataList.Value>
            </DataList.Item>
          </EvidenceFacts>
          {TEXT_ROWS.map((key) =>
            content[key] ? (
              <section key={key} className="evidence-text">
                <Heading as="h4" size="2" mb="1">
                  {EVIDENCE_FIELD_LABELS[key]}
                </Heading>
                <Text as="p" size="2" className="capability-description" mb="3">
                  {content[key]}
                </Text>
              </section>
            ) : null,
          )}
          <Text as="p" size="2">
            <Link to={`/evidence/${entry.evidenceId}`}>Open the entry as it is now</Link>
          </Text>
        </article>
      </Card>
    </li>
  )
}

export default function SignoffPage() {
  const { detail, capabilityCodes, sessions, isRequester, canDecide, canWithdraw, canAskAgain, now } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionResult | undefined
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
      {actionData?.formError ? (
        <Callout.Root color="red" role="alert" mb="4" highContrast>
          <Callout.Text>{actionData.formError}</Callout.Text>
        </Callout.Root>
      ) : null}
      {needsReReview ? (
        <Callout.Root color="red" mb="4" highContrast>
          <Callout.Text>
            This sign-off needs re-review: evidence it stood on changed after it was approved, so the level no longer
            counts. <a href="#evidence-title">See what changed</a>.
          </Callout.Text>
        </Callout.Root>
      ) : request.status === 'invalidated' ? (
        <Callout.Root color="amber" mb="4" highContrast>
          <Callout.Text>
            The evidence changed while this request was waiting, so it can no longer be decided.{' '}
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

      {canDecide ? (
        <section aria-labelledby="decision-title" className="home-section">
          <Heading as="h2" size="5" mb="3" id="decision-title">
            Your decision
          </Heading>
          <Form method="post" noValidate className="form-stack form-wide">
            <ErrorSummary errors={errors} labels={{ decision: 'Decision', comment: 'Comment', sessionId: 'Session' }} />
            <input type="hidden" name="intent" value="decide" />
            <fieldset
              className="form-group"
              id="field-decision"
              aria-describedby={errors.decision ? 'field-decision-error' : undefined}
            >
              <legend>Decision</legend>
              {errors.decision ? (
                <Text as="p" size="2" color="red" id="field-decision-error" className="form-error">
                  <span className="visually-hidden">Error: </span>
                  {errors.decision}
                </Text>
              ) : null}
              <ul className="choice-list">
                <li>
                  <Text as="label" size="2">
                    <Flex gap="2" align="start">
                      <input
                        type="radio"
                        name="decision"
                        value="approve"
                        defaultChecked={values.decision === 'approve'}
                      />
                      <span>
                        Approve: the evidence shows {request.domainName} at {request.levelName}
                      </span>
                    </Flex>
                  </Text>
                </li>
                <li>
                  <Text as="label" size="2">
                    <Flex gap="2" align="start">
                      <input
                        type="radio"
                        name="decision"
                        value="return"
                        defaultChecked={values.decision === 'return'}
                      />
                      <span>Return with comments: not yet</span>
                    </Flex>
                  </Text>
                </li>
              </ul>
            </fieldset>
            <TextAreaField
              name="comment"
              label="Comment"
              hint={`Needed when you return a request. Up to ${SIGNOFF_TEXT_MAX.toLocaleString('en-GB')} characters.`}
              error={errors.comment}
              defaultValue={values.comment ?? ''}
              rows={4}
            />
            {sessions.length > 0 ? (
              <SelectField
                name="sessionId"
                label="Decided in supervision (optional)"
                error={errors.sessionId}
                defaultValue={values.sessionId ?? ''}
              >
                <option value="">Not in a session</option>
                {sessions.map((session) => (
                  <option key={session.id} value={session.id}>
                    {formatUkDate(session.heldOn)}, {SUPERVISION_KINDS[session.kind]}
                  </option>
                ))}
              </SelectField>
            ) : null}
            <div>
              <Button type="submit" size="3">
                Record decision
              </Button>
            </div>
          </Form>
        </section>
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

      <section aria-labelledby="history-title" className="home-section">
        <Heading as="h2" size="5" mb="3" id="history-title">
          History
        </Heading>
        <ol className="signoff-history">
          {events.map((event) => (
            <li key={event.id}>
              <Text as="p" size="2">
                <strong>{SIGNOFF_EVENT_LABELS[event.kind]}</strong> by {event.actorName}, {formatUkDateTime(event.at)}
                {event.sessionHeldOn
                  ? ` in ${event.sessionKind ? SUPERVISION_KINDS[event.sessionKind].toLowerCase() : ''} supervision on ${formatUkDate(event.sessionHeldOn)}`
                  : ''}
              </Text>
              {event.comment && event.kind !== 'requested' ? (
                <Text as="p" size="2" className="capability-description">
                  {event.comment}
                </Text>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/signoffs', label: 'Back to sign-offs' }} />
}
