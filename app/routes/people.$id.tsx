import { DataList, Link as ThemeLink, Text } from '@radix-ui/themes'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { authorizeVisible, requireUser } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { FrameworkProfile } from '#app/components/capabilities/framework-profile'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { ApprenticeshipSummary } from '#app/components/people/apprenticeship-summary'
import { CpdSummary } from '#app/components/people/cpd-summary'
import { RecordSection } from '#app/components/people/record-section'
import { RegistrationSummary } from '#app/components/people/registration-summary'
import { SignoffTable } from '#app/components/people/signoff-table'
import { SupervisionSummary } from '#app/components/people/supervision-summary'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { invariantFound } from '#app/lib/http.server'
import { getPersonRecord, getPersonRecordSubject } from '#app/models/people/record.server'
import { getSelfMappings } from '#app/models/capabilities/self-mapping.server'

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.person.name ?? 'Person'} – OT Capability Portal` },
]

// The person, their supervisors today and the principal OT may open a record; anyone else, administrators
// included, is answered 404 (as for a malformed or unknown id), so the page does not reveal who exists.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getPersonRecordSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'person.record.read', subject)
  const today = todayInLondon()
  const record = invariantFound(await getPersonRecord(context.db, { personId: subject.id, viewer: user, today }))
  const selfMappings = can(user, 'self-mapping.read', subject)
    ? await getSelfMappings(context.db, {
        personId: subject.id,
        versionIds: record.capabilities.map((f) => f.versionId),
      })
    : null
  return {
    ...record,
    selfMappings,
    today,
    viewerId: user.id,
    isSelf: subject.id === user.id,
    canListSupervision: can(user, 'supervision.list'),
  }
}

export default function PersonRecordPage() {
  const { person, cpd, capabilities, signoffs, supervision, registration, apprenticeship, ...loaded } =
    useLoaderData<typeof loader>()
  const { today, viewerId, isSelf, canListSupervision, selfMappings } = loaded
  return (
    <>
      {canListSupervision ? (
        <Text as="p" size="2" mb="2">
          <ThemeLink asChild>
            <Link to="/supervision">Supervision</Link>
          </ThemeLink>
        </Text>
      ) : null}
      <PageHeader
        title={person.name}
        lead={
          isSelf
            ? 'Your whole record, as your supervisors and the principal OT see it.'
            : 'Their whole record: CPD, capabilities, sign-offs, supervision and registration.'
        }
      />

      <RecordSection id="about" title="Who they are">
        <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }}>
          <DataList.Item>
            <DataList.Label>Job role</DataList.Label>
            <DataList.Value>
              {person.jobRoleTitle ?? 'Not set: an administrator sets it on the account'}
              {person.jobRoleBand ? ` (${person.jobRoleBand})` : ''}
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Team</DataList.Label>
            <DataList.Value>{person.teamName ?? 'Not set'}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Supervisors today</DataList.Label>
            <DataList.Value>
              {person.supervisors.length === 0
                ? 'None linked today: an administrator links supervisors.'
                : person.supervisors
                    .map((s) => `${s.id === viewerId ? 'You' : s.name} (since ${formatUkDate(s.since)})`)
                    .join('; ')}
            </DataList.Value>
          </DataList.Item>
        </DataList.Root>
      </RecordSection>

      <RecordSection id="cpd" title="CPD log">
        <CpdSummary cpd={cpd} personName={person.name} />
      </RecordSection>

      <RecordSection id="capabilities" title="Capability profile">
        {capabilities.length === 0 ? (
          <EmptyState title="No framework is published yet">
            An administrator publishes the capability frameworks; the profile appears here once they do.
          </EmptyState>
        ) : (
          capabilities.map((framework) => (
            <FrameworkProfile
              key={framework.versionId}
              framework={framework}
              viewer={isSelf ? { kind: 'self' } : { kind: 'other', personName: person.name }}
              headingLevel={3}
              idPrefix="record-framework"
              selfMapping={selfMappings ? { mappings: selfMappings } : undefined}
            />
          ))
        )}
      </RecordSection>

      <RecordSection id="signoffs" title="Sign-offs">
        <SignoffTable signoffs={signoffs} personName={person.name} />
      </RecordSection>

      <RecordSection id="supervision" title="Supervision">
        <SupervisionSummary supervision={supervision} person={person} viewerId={viewerId} today={today} />
      </RecordSection>

      {registration ? (
        <RecordSection id="registration" title="HCPC registration">
          <RegistrationSummary registration={registration} personName={person.name} />
        </RecordSection>
      ) : null}

      {apprenticeship ? (
        <RecordSection id="apprenticeship" title="Apprenticeship">
          <ApprenticeshipSummary apprenticeship={apprenticeship} personName={person.name} />
        </RecordSection>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      messages={{
        404: {
          title: 'Record not found',
          body: 'This person does not exist, or their record is not one you may see: the person, their supervisors today and the principal OT can.',
        },
      }}
      backTo={{ to: '/', label: 'Go to your home page' }}
    />
  )
}
