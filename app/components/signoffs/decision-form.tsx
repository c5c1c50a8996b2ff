import { Button, Flex, Heading, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { SelectField, TextAreaField } from '#app/components/form-field'
import { formatUkDate } from '#app/lib/dates'
import { SIGNOFF_TEXT_MAX } from '#app/models/signoffs/signoffs.schema'
import { SUPERVISION_KINDS, type SupervisionKindCode } from '#app/models/supervision/supervision.schema'

/**
 * Approve or return, optionally recorded as decided in one of the reviewer's supervision sessions. With `reReview`
 * (the revisions the reviewer is shown), it decides again on evidence that changed after the request.
 */
export function DecisionForm({
  request,
  sessions,
  errors,
  values,
  reReview,
}: {
  request: { domainName: string; levelName: string }
  sessions: { id: string; heldOn: string; kind: SupervisionKindCode }[]
  errors: Record<string, string>
  values: Record<string, string>
  reReview?: { seen: string }
}) {
  return (
    <section aria-labelledby="decision-title" className="home-section">
      <Heading as="h2" size="5" mb="1" id="decision-title">
        {reReview ? 'Decide again on the evidence as it is now' : 'Your decision'}
      </Heading>
      {reReview ? (
        <Text as="p" size="2" color="gray" highContrast mb="3">
          Your decision is recorded against the current revisions shown above, and added to the history below.
        </Text>
      ) : null}
      <Form method="post" noValidate className="form-stack form-wide">
        <ErrorSummary errors={errors} labels={{ decision: 'Decision', comment: 'Comment', sessionId: 'Session' }} />
        <input type="hidden" name="intent" value={reReview ? 're-review' : 'decide'} />
        {reReview ? <input type="hidden" name="seen" value={reReview.seen} /> : null}
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
                  <input type="radio" name="decision" value="approve" defaultChecked={values.decision === 'approve'} />
                  <span>
                    {reReview ? 'Sign off again: the changed evidence still shows' : 'Approve: the evidence shows'}{' '}
                    {request.domainName} at {request.levelName}
                  </span>
                </Flex>
              </Text>
            </li>
            <li>
              <Text as="label" size="2">
                <Flex gap="2" align="start">
                  <input type="radio" name="decision" value="return" defaultChecked={values.decision === 'return'} />
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
  )
}
