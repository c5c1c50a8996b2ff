import { z } from 'zod'
import { Card, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { authorize, authorizeVisible, requireUser } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { SessionForm } from '#app/components/supervision/session-form'
import { SessionList } from '#app/components/supervision/session-list'
import { ScheduleSummary } from '#app/components/supervision/schedule-summary'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { parseForm, formText, formValues } from '#app/lib/forms'
import { newFormToken, readFormToken, withFormTokenError } from '#app/lib/form-token'
import { submitOnce } from '#app/models/shared/form-submission.server'
import { forbidden, invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { sessionFormSchema } from '#app/models/supervision/supervision.schema'
import {
  completeSupervisionAction,
  getSupervisionActionFacts,
  getSupervisionSubject,
  listSupervisionSessions,
  recordSupervisionSession,
} from '#app/models/supervision/sessions.server'
import { getSupervisionPerson } from '#app/models/supervision/overview.server'
import { FormError } from '#app/components/form-error'

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  {
    title: `${loaded?.isSelf ? 'Your supervision' : `Supervision: ${loaded?.person.name ?? ''}`} – OT Capability Portal`,
  },
]

/** '/supervision/me' is the signed-in person's own page, so the navigation can point at it. */
function personIdFrom(param: string | undefined, userId: string): string {
  return param === 'me' ? userId : (param ?? '')
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getSupervisionSubject(context.db, personIdFrom(params.personId, user.id))
  authorizeVisible(user, 'supervision.read', subject)
  const today = todayInLondon()
  const [found, sessions] = await Promise.all([
    getSupervisionPerson(context.db, subject.id, today),
    listSupervisionSessions(context.db, { personId: subject.id, viewer: user }, today),
  ])
  return {
    person: invariantFound(found),
    sessions,
    today,
    viewerId: user.id,
    isSelf: subject.id === user.id,
    canRecord: can(user, 'supervision.record', subject),
    canList: can(user, 'supervision.list'),
    formToken: newFormToken(),
  }
}

const personIntent = z.enum(['record-session', 'complete-action'])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getSupervisionSubject(context.db, personIdFrom(params.personId, user.id))
  authorizeVisible(user, 'supervision.read', subject)
  const form = await readForm(request)
  const intent = personIntent.safeParse(form.get('intent'))
  const back = `/supervision/${subject.id}`
  if (!intent.success) {
    return data({ fieldErrors: { form: 'Unknown action' } as Record<string, string>, values: {} }, { status: 400 })
  }
  if (intent.data === 'record-session') {
    authorize(user, 'supervision.record', subject)
    const today = todayInLondon()
    const token = readFormToken(form)
    const parsed = parseForm(form, sessionFormSchema(today))
    if (!parsed.ok || !token.ok) {
      const fieldErrors = withFormTokenError(token, parsed.ok ? {} : parsed.fieldErrors)
      return data({ fieldErrors, values: formValues(form) }, { status: 400 })
    }
    try {
      await submitOnce(
        context.db,
        { token: token.token, userId: user.id, kind: `supervision-session/${subject.id}` },
        (trx) =>
          recordSupervisionSession(trx, { ...parsed.data, supervisorId: user.id, superviseeId: subject.id }, today),
      )
    } catch (error) {
      return replyToRuleError(error, formValues(form))
    }
    return redirectWithFlash(context.env, back, { message: 'Session recorded.', kind: 'success' })
  }
  const facts = await getSupervisionActionFacts(context.db, {
    actionId: formText(form.get('actionId')),
    personId: subject.id,
  })
  authorizeVisible(user, 'supervision.actions.read', facts?.session)
  // The person who owns an action, or a supervisor of the person today, closes it.
  if (facts!.ownerId !== user.id && !can(user, 'supervision.record', subject)) throw forbidden()
  try {
    await completeSupervisionAction(context.db, { actionId: facts!.id, actorId: user.id, superviseeId: subject.id })
  } catch (error) {
    return replyToRuleError(error, {})
  }
  return redirectWithFlash(context.env, back, { message: 'Action marked done.', kind: 'success' })
}

export default function SupervisionPersonPage() {
  const { person, sessions, today, viewerId, isSelf, canRecord, canList, formToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const current = person.links.filter((link) => link.current)
  const past = person.links.filter((link) => !link.current)
  const { schedule } = person
  return (
    <>
      {canList ? (
        <Text as="p" size="2" mb="2">
          <ThemeLink asChild>
            <Link to="/supervision">Supervision</Link>
          </ThemeLink>
        </Text>
      ) : null}
      <PageHeader
        title={isSelf ? 'Your supervision' : `Supervision: ${person.name}`}
        lead={person.jobRoleTitle ?? undefined}
      />
      <FormError message={actionData?.fieldErrors.form} />

      <section aria-labelledby="arrangements-title" className="home-section">
        <Heading as="h2" size="5" mb="3" id="arrangements-title">
          Supervision arrangements
        </Heading>
        <Card size="2">
          {current.length === 0 ? (
            <Text as="p" size="2" mb="2">
              {isSelf ? 'You have' : `${person.name} has`} no supervisor linked today. An administrator links
              supervisors.
            </Text>
          ) : (
            current.map((link) => (
              <Text as="p" size="3" mb="2" key={`${link.supervisorId}-${link.startsOn}`}>
                Supervised by <strong>{link.supervisorId === viewerId ? 'you' : link.supervisorName}</strong> since{' '}
                {formatUkDate(link.startsOn)}
                {link.endsOn ? ` until ${formatUkDate(link.endsOn)}` : ''}.
              </Text>
            ))
          )}
          <ScheduleSummary schedule={schedule} qualifiedOn={person.qualifiedOn} />
          {past.length > 0 ? (
            <>
              <Heading as="h3" size="2" mt="3" mb="1">
                Earlier supervisors
              </Heading>
              <ul className="history-list">
                {past.map((link) => (
                  <li key={`${link.supervisorId}-${link.startsOn}`}>
                    <Text size="2">
                      {link.supervisorName}: {formatUkDate(link.startsOn)}
                      {link.endsOn ? ` to ${formatUkDate(link.endsOn)}` : ' (starts later)'}
                    </Text>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Card>
      </section>

      {canRecord ? (
        <SessionForm
          key={formToken}
          formToken={formToken}
          personName={person.name}
          today={today}
          minimumMinutes={schedule.minimumMinutes}
          values={actionData?.values ?? {}}
          errors={actionData?.fieldErrors ?? {}}
        />
      ) : null}

      <section aria-labelledby="sessions-title" className="home-section">
        <Heading as="h2" size="5" mb="3" id="sessions-title">
          Sessions
        </Heading>
        <SessionList
          sessions={sessions}
          viewerId={viewerId}
          canRecord={canRecord}
          minimumMinutes={schedule.minimumMinutes}
          today={today}
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      messages={{
        404: {
          title: 'Supervision record not found',
          body: 'This person does not exist, or you do not supervise them today.',
        },
        403: { title: 'You cannot do that', body: 'Only someone supervising this person today can record a session.' },
      }}
      backTo={{ to: '/', label: 'Go to your home page' }}
    />
  )
}
