import { Button, Card, Flex, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { EmptyState } from '#app/components/empty-state'
import { ErrorSummary } from '#app/components/error-summary'
import { SelectField, TextAreaField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm, formValues } from '#app/lib/forms'
import { invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { FormTokenInput } from '#app/components/form-token-input'
import { submitOnce } from '#app/models/shared/form-submission.server'
import { suggestedLevel } from '#app/models/capabilities/capabilities.rules'
import { getCapabilityProfile } from '#app/models/capabilities/capabilities.server'
import { formatHours } from '#app/lib/hours'
import { SIGNOFF_TEXT_MAX, signoffRequestSchema } from '#app/models/signoffs/signoffs.schema'
import { getRequestableDomain, listEvidenceForDomain, requestSignoff } from '#app/models/signoffs/request.server'

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Ask for sign-off${loaded ? `: ${loaded.domain.name}` : ''} – OT Capability Portal` },
]

const FIELD_LABELS = {
  levelId: 'Level',
  evidence: 'Evidence',
  note: 'Note',
  domainId: 'Domain',
  versionId: 'Framework',
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'signoffs.request')
  const url = new URL(request.url)
  const versionId = url.searchParams.get('version') ?? ''
  const domainId = url.searchParams.get('domain') ?? ''
  const domain = invariantFound(
    await getRequestableDomain(context.db, versionId, domainId),
    'That domain is not part of a published framework',
  )
  const [evidence, profile] = await Promise.all([
    listEvidenceForDomain(context.db, user.id, domain.id),
    getCapabilityProfile(context.db, user.id),
  ])
  const standing = profile?.frameworks
    .find((f) => f.versionId === domain.versionId)
    ?.domains.find((d) => d.id === domain.id)
  const suggested = suggestedLevel(
    domain.levels,
    standing?.required?.ordinal ?? null,
    standing?.achieved?.ordinal ?? null,
  )
  return {
    domain,
    evidence,
    required: standing?.required ?? null,
    achieved: standing?.achieved ?? null,
    suggestedLevelId: suggested?.id ?? '',
    formToken: newFormToken(),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'signoffs.request')
  const form = await readForm(request)
  const evidenceIds = form.getAll('evidence').map(String)
  const token = readFormToken(form)
  const parsed = parseForm(form, signoffRequestSchema)
  if (!parsed.ok || !token.ok) {
    const fieldErrors = withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors)
    return data({ fieldErrors, values: formValues(form), evidenceIds }, { status: 400 })
  }
  try {
    const { result: id } = await submitOnce(
      context.db,
      { token: token.token, userId: user.id, kind: 'signoff-request' },
      (trx) => requestSignoff(trx, { ...parsed.data, requesterId: user.id, evidenceIds }),
    )
    return await redirectWithFlash(context.env, `/signoffs/${id}`, {
      message: 'Request sent. Your supervisor has been told; you can see its progress here.',
      kind: 'success',
    })
  } catch (error) {
    return replyToRuleError(error, formValues(form), { evidenceIds })
  }
}

export default function RequestSignoffPage() {
  const { domain, evidence, required, achieved, suggestedLevelId, formToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const chosen = new Set(actionData?.evidenceIds ?? [])
  const evidenceError = errors.evidence
  return (
    <>
      <Text as="p" size="2" mb="2">
        <Link to="/capabilities">My capabilities</Link>
      </Text>
      <PageHeader
        title={`Ask for sign-off: ${domain.name}`}
        lead={`${domain.frameworkName}, ${domain.versionLabel}. Your supervisor sees the entries you choose exactly as they are now.`}
      />
      <Card size="2" mb="4">
        <Text as="p" size="2">
          Your role needs: <strong>{required ? required.name : 'no level set'}</strong>. Signed off so far:{' '}
          <strong>{achieved ? achieved.name : 'none'}</strong>.
        </Text>
      </Card>
      {evidence.length === 0 ? (
        <EmptyState
          title="No evidence mapped to this domain yet"
          action={
            <Button asChild>
              <Link to="/evidence/new">Add a CPD entry</Link>
            </Button>
          }
        >
          A request stands on complete CPD entries mapped to a capability in {domain.name}. Add one, or edit an entry in
          your log to map it here.
        </EmptyState>
      ) : (
        <Form method="post" noValidate className="form-stack form-wide" key={formToken}>
          <ErrorSummary errors={errors} labels={FIELD_LABELS} />
          <FormTokenInput token={formToken} error={errors.formToken} />
          <input type="hidden" name="versionId" value={domain.versionId} />
          <input type="hidden" name="domainId" value={domain.id} />
          {errors.domainId ? (
            <Text as="p" size="2" color="red" id="field-domainId">
              {errors.domainId}
            </Text>
          ) : null}
          <SelectField
            name="levelId"
            label="Level to sign off"
            hint="The level you believe this evidence shows across the domain."
            error={errors.levelId}
            defaultValue={values.levelId ?? suggestedLevelId}
          >
            {domain.levels.map((level) => (
              <option key={level.id} value={level.id}>
                {level.name}
              </option>
            ))}
          </SelectField>
          <fieldset
            className="form-group"
            id="field-evidence"
            aria-describedby={evidenceError ? 'field-evidence-error' : 'field-evidence-hint'}
            aria-invalid={evidenceError ? true : undefined}
            tabIndex={-1}
          >
            <legend>Evidence</legend>
            <Text as="p" size="2" color="gray" highContrast id="field-evidence-hint">
              Complete entries mapped to {domain.name}. Choose the ones that show this level.
            </Text>
            {evidenceError ? (
              <Text as="p" size="2" color="red" id="field-evidence-error" className="form-error">
                <span className="visually-hidden">Error: </span>
                {evidenceError}
              </Text>
            ) : null}
            <ul className="choice-list">
              {evidence.map((entry) => (
                <li key={entry.id}>
                  <Text as="label" size="2">
                    <Flex gap="2" align="start">
                      <input type="checkbox" name="evidence" value={entry.id} defaultChecked={chosen.has(entry.id)} />
                      <span>
                        <strong>{entry.title}</strong>
                        <br />
                        {entry.startsOn ? formatUkDate(entry.startsOn) : 'No date'}
                        {entry.minutes ? ` · ${formatHours(entry.minutes)} hours` : ''} ·{' '}
                        {entry.capabilityCodes.join(', ')}
                      </span>
                    </Flex>
                  </Text>
                </li>
              ))}
            </ul>
          </fieldset>
          <TextAreaField
            name="note"
            label="Note for your supervisor (optional)"
            hint={`Up to ${SIGNOFF_TEXT_MAX.toLocaleString('en-GB')} characters.`}
            error={errors.note}
            defaultValue={values.note ?? ''}
            rows={4}
          />
          <Flex gap="3" mt="2">
            <Button type="submit" size="3">
              Send request
            </Button>
            <Button asChild size="3" variant="soft">
              <Link to="/capabilities">Cancel</Link>
            </Button>
          </Flex>
        </Form>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/capabilities', label: 'Back to my capabilities' }} />
}
