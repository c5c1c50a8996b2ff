import { Button, Flex, Heading, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ErrorSummary } from '#app/components/error-summary'
import { FormTokenInput } from '#app/components/form-token-input'
import { FormField, SelectField, TextAreaField } from '#app/components/form-field'
import { SelfMappingHistoryList } from '#app/components/capabilities/self-mapping-history'
import { formatUkDate } from '#app/lib/dates'
import type { ProfileDomain, ProfileFramework } from '#app/models/capabilities/capabilities.rules'
import type { DomainSelfMapping } from '#app/models/capabilities/self-mapping.rules'
import { RATIONALE_MAX, SELF_MAPPING_LABELS } from '#app/models/capabilities/self-mapping.schema'

/** What the action sends back after a refused self-mapping: which domain's form, its messages and what was typed. */
export interface SelfMappingEcho {
  domainId: string
  fieldErrors: Record<string, string>
  values: Record<string, string>
}

export function selfMappingAnchor(domainId: string) {
  return `self-map-${domainId}`
}

/**
 * The person's own self-mapping for one framework: for each domain, a form to record the level they map
 * themselves at, and the mappings recorded before. It never changes what is signed off.
 */
export function SelfMappingForms({
  framework,
  mappings,
  today,
  echo,
  openDomainId,
  formToken,
}: {
  framework: ProfileFramework
  mappings: Record<string, DomainSelfMapping>
  today: string
  /** The page's one-time token, shared by every domain's form. */
  formToken: string
  echo?: SelfMappingEcho
  /** The domain just saved, opened so its new current mapping shows. */
  openDomainId?: string | null
}) {
  const titleId = `self-mapping-${framework.frameworkCode}`
  return (
    <section aria-labelledby={titleId} className="self-mapping">
      <Heading as="h3" size="4" mb="1" id={titleId}>
        Map yourself: {framework.frameworkName}
      </Heading>
      <Text as="p" size="2" mb="3">
        Record the level you see yourself at in each domain, with the date and a short reason. It is your own view, for
        planning and supervision; only a sign-off changes the signed-off level.
      </Text>
      {framework.domains.map((domain) => (
        <DomainForm
          key={domain.id}
          framework={framework}
          domain={domain}
          mapping={mappings[domain.id]}
          today={today}
          formToken={formToken}
          echo={echo?.domainId === domain.id ? echo : undefined}
          open={echo?.domainId === domain.id || openDomainId === domain.id}
        />
      ))}
    </section>
  )
}

function DomainForm(props: {
  framework: ProfileFramework
  domain: ProfileDomain
  mapping: DomainSelfMapping | undefined
  today: string
  formToken: string
  echo: SelfMappingEcho | undefined
  open: boolean
}) {
  const { framework, domain, mapping, today, formToken, echo, open } = props
  const prefix = selfMappingAnchor(domain.id)
  const errors = echo?.fieldErrors ?? {}
  const values = echo?.values ?? {}
  const current = mapping?.current
  return (
    <details className="self-mapping-domain" id={prefix} open={open || undefined}>
      <summary>
        <Text weight="bold">{domain.name}</Text>
        {': '}
        {current ? `${current.levelName}, mapped ${formatUkDate(current.mappedOn)}` : 'not mapped yet'}
      </summary>
      {/* A new key after each save empties the form for the next mapping. */}
      <Form method="post" key={current?.id ?? 'none'} className="self-mapping-form" preventScrollReset>
        <ErrorSummary errors={errors} labels={SELF_MAPPING_LABELS} fieldIdPrefix={prefix} />
        <input type="hidden" name="versionId" value={framework.versionId} />
        <input type="hidden" name="domainId" value={domain.id} />
        <FormTokenInput token={formToken} error={errors.formToken} />
        <SelectField
          name="levelId"
          fieldId={`${prefix}-levelId`}
          label={`${SELF_MAPPING_LABELS.levelId} in ${domain.name}`}
          defaultValue={values.levelId ?? current?.levelId ?? ''}
          error={errors.levelId}
          required
        >
          <option value="">Choose a level</option>
          {framework.levels.map((level) => (
            <option key={level.id} value={level.id}>
              {level.name}
            </option>
          ))}
        </SelectField>
        <FormField
          type="date"
          name="mappedOn"
          fieldId={`${prefix}-mappedOn`}
          label={SELF_MAPPING_LABELS.mappedOn}
          hint="Today, or the day you mapped yourself. Not a future date."
          defaultValue={values.mappedOn ?? today}
          max={today}
          error={errors.mappedOn}
          required
        />
        <TextAreaField
          name="rationale"
          fieldId={`${prefix}-rationale`}
          label={SELF_MAPPING_LABELS.rationale}
          hint={`What you do now that shows this level, in up to ${RATIONALE_MAX} characters.`}
          defaultValue={values.rationale ?? ''}
          maxLength={RATIONALE_MAX}
          rows={3}
          error={errors.rationale}
          required
        />
        {errors.versionId || errors.domainId ? (
          <Text as="p" size="2" color="red" role="alert">
            {errors.versionId ?? errors.domainId}
          </Text>
        ) : null}
        <Flex mt="2">
          <Button type="submit" size="3">
            Save self-mapping<span className="visually-hidden"> for {domain.name}</span>
          </Button>
        </Flex>
      </Form>
      <SelfMappingHistoryList mapping={mapping} domainName={domain.name} headingLevel={4} />
    </details>
  )
}
