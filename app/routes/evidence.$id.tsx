import { Button, Callout, Card, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { authorize, authorizeVisible, requireUser } from '~/auth/guard.server'
import { can } from '~/auth/policy'
import { Attachments } from '~/components/evidence/attachments'
import { EvidenceFacts } from '~/components/evidence/evidence-facts'
import { EvidenceStatusBadge } from '~/components/evidence/status-badge'
import { FormField } from '~/components/form-field'
import { PageHeader } from '~/components/page-header'
import { RouteErrorBoundary } from '~/components/route-error-boundary'
import { formatUkDateTime } from '~/lib/dates'
import { redirectWithFlash } from '~/lib/flash.server'
import { isMultipart, readMultipartForm } from '~/lib/uploads.server'
import { invariantFound } from '~/lib/http.server'
import { EVIDENCE_FIELD_LABELS, listMissingForComplete } from '~/models/evidence.schema'
import {
  AttachmentRefusedError,
  attachEvidenceFile,
  listEvidenceFiles,
  removeEvidenceFile,
} from '~/models/evidence-files.server'
import { ATTACHMENT_MAX_BYTES } from '~/models/file-types.rules'
import {
  EvidenceWithdrawnError,
  getEvidenceDetail,
  getEvidenceSubject,
  withdrawEvidence,
} from '~/models/evidence.server'

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.entry.title ?? 'CPD entry'} – OT Capability Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  const [found, files] = await Promise.all([
    getEvidenceDetail(context.db, params.id!),
    listEvidenceFiles(context.db, params.id!),
  ])
  const entry = invariantFound(found)
  const missing = listMissingForComplete(entry)
  return {
    entry,
    files,
    missing,
    isOwner: entry.ownerId === user.id,
    canEdit: can(user, 'evidence.update', subject),
    canWithdraw: can(user, 'evidence.withdraw', subject),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  authorize(user, 'evidence.update', subject)
  const id = params.id!
  if (isMultipart(request)) {
    const upload = await readMultipartForm(request, ATTACHMENT_MAX_BYTES)
    if (!upload.ok) return data({ fileError: `${upload.message} Nothing was added.` }, { status: 400 })
    const file = upload.form.get('file')
    if (!(file instanceof File) || file.size === 0) {
      return data(
        { fileError: file instanceof File && file.name ? 'The file is empty' : 'Choose a file to upload' },
        { status: 400 },
      )
    }
    try {
      await attachEvidenceFile(context.db, {
        evidenceId: id,
        actorId: user.id,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })
    } catch (error) {
      if (error instanceof AttachmentRefusedError || error instanceof EvidenceWithdrawnError) {
        return data({ fileError: error.message }, { status: 400 })
      }
      throw error
    }
    return redirectWithFlash(context.env, `/evidence/${id}#files-title`, {
      message: `Added ${file.name}.`,
      kind: 'success',
    })
  }
  const form = await request.formData()
  const intent = form.get('intent')
  if (intent === 'remove-file') {
    const removed = await removeEvidenceFile(context.db, {
      evidenceId: id,
      fileId: String(form.get('fileId') ?? ''),
      actorId: user.id,
    })
    if (!removed) return data({ formError: 'That file was already removed.' }, { status: 409 })
    return redirectWithFlash(context.env, `/evidence/${id}#files-title`, {
      message: 'File removed from the entry.',
      kind: 'success',
    })
  }
  if (intent !== 'withdraw') return data({ formError: 'Unknown action' }, { status: 400 })
  const reason = String(form.get('reason') ?? '').trim()
  if (reason.length > 500) {
    return data({ fieldErrors: { reason: 'The reason must be 500 characters or fewer' }, reason }, { status: 400 })
  }
  try {
    await withdrawEvidence(context.db, { id, reason: reason || null, actorId: user.id })
  } catch (error) {
    if (error instanceof EvidenceWithdrawnError) return data({ formError: error.message }, { status: 409 })
    throw error
  }
  return redirectWithFlash(context.env, `/evidence/${params.id}`, {
    message: 'Entry withdrawn. It stays on record but no longer counts in your CPD log.',
    kind: 'success',
  })
}

const ROWS: [
  keyof typeof EVIDENCE_FIELD_LABELS,
  'description' | 'reflectionWhat' | 'reflectionLearned' | 'reflectionPractice' | 'reflectionBenefit',
][] = [
  ['description', 'description'],
  ['reflectionWhat', 'reflectionWhat'],
  ['reflectionLearned', 'reflectionLearned'],
  ['reflectionPractice', 'reflectionPractice'],
  ['reflectionBenefit', 'reflectionBenefit'],
]

const REVISION_EVENTS: Record<string, string> = {
  created: 'Created',
  edited: 'Edited',
  withdrawn: 'Withdrawn',
  'file-added': 'File added',
  'file-removed': 'File removed',
}

export default function EvidencePage() {
  const { entry, files, missing, isOwner, canEdit, canWithdraw } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { formError?: string; fieldErrors?: Record<string, string>; reason?: string; fileError?: string } | undefined
  return (
    <>
      <Text as="p" size="2" mb="2">
        <ThemeLink asChild>
          <Link to="/evidence">{isOwner ? 'Your CPD log' : 'CPD log'}</Link>
        </ThemeLink>
      </Text>
      <PageHeader
        title={entry.title}
        lead={
          <Flex gap="2" align="center" wrap="wrap" asChild>
            <span>
              {isOwner ? null : <span>{entry.ownerName} · </span>}
              <EvidenceStatusBadge withdrawn={Boolean(entry.withdrawnAt)} status={entry.status} showComplete />
            </span>
          </Flex>
        }
        actions={
          canEdit ? (
            <Button asChild size="3">
              <Link to={`/evidence/${entry.id}/edit`}>Edit</Link>
            </Button>
          ) : undefined
        }
      />
      {actionData?.formError ? (
        <Callout.Root color="red" role="alert" mb="4" highContrast>
          <Callout.Text>{actionData.formError}</Callout.Text>
        </Callout.Root>
      ) : null}
      {entry.withdrawnAt ? (
        <Callout.Root color="gray" mb="4" highContrast>
          <Callout.Text>
            Withdrawn {formatUkDateTime(entry.withdrawnAt)}
            {entry.withdrawnReason ? `: ${entry.withdrawnReason}` : '.'} It is kept because sign-offs and CPD profiles
            may refer to it.
          </Callout.Text>
        </Callout.Root>
      ) : missing.length > 0 ? (
        <Callout.Root color="amber" mb="4" highContrast>
          <Callout.Text>
            To count towards your CPD profile this entry still needs: {missing.join(', ').toLowerCase()}.
          </Callout.Text>
        </Callout.Root>
      ) : null}

      <Card size="3" mb="5">
        <EvidenceFacts
          activityType={entry.activityType}
          startsOn={entry.startsOn}
          endsOn={entry.endsOn}
          minutes={entry.minutes}
        />
        {ROWS.map(([label, key]) => (
          <section key={key} className="evidence-text">
            <Heading as="h2" size="3" mb="1">
              {EVIDENCE_FIELD_LABELS[label]}
            </Heading>
            <Text as="p" size="3" className="capability-description" mb="3">
              {entry[key] ?? <em>Not written yet</em>}
            </Text>
          </section>
        ))}
      </Card>

      <section aria-labelledby="mapped-title" className="home-section">
        <Heading as="h2" size="5" mb="3" id="mapped-title">
          Capabilities it supports
        </Heading>
        {entry.mappings.length === 0 ? (
          <Text as="p" size="2">
            Not mapped to any capability yet.{' '}
            {canEdit ? <Link to={`/evidence/${entry.id}/edit`}>Map it to your frameworks</Link> : null}
          </Text>
        ) : (
          <ul className="version-list">
            {entry.mappings.map((m) => (
              <li key={m.capabilityId}>
                <Card size="1">
                  <Text as="p" size="1" color="gray" highContrast>
                    {m.frameworkName} · {m.domainName}
                    {m.levelName ? ` · ${m.levelName}` : ''}
                    {m.versionStatus === 'retired' ? ' · retired version' : ''}
                  </Text>
                  <Text as="p" size="2">
                    <span className="capability-code">{m.code}</span>
                    <Link
                      to={`/frameworks/${encodeURIComponent(m.frameworkCode)}/${m.versionNumber}#capability-${m.code}`}
                    >
                      {m.statement}
                    </Link>
                  </Text>
                  {m.carriedFromCode ? (
                    <Text as="p" size="1" color="gray" highContrast>
                      Carried forward from {m.carriedFromCode} when this framework version was published.
                    </Text>
                  ) : null}
                  {m.note ? (
                    <Text as="p" size="2">
                      Note: {m.note}
                    </Text>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>

      <Attachments evidenceId={entry.id} files={files} canChange={canEdit} error={actionData?.fileError} />

      <section aria-labelledby="history-title" className="home-section">
        <Heading as="h2" size="5" mb="3" id="history-title">
          History
        </Heading>
        <ol className="history-list" reversed>
          {entry.revisions.map((r) => (
            <li key={r.revision}>
              <Text size="2">
                <strong>{REVISION_EVENTS[r.event]}</strong> {formatUkDateTime(r.savedAt)} by {r.savedBy} · revision{' '}
                {r.revision} · fingerprint <code title={r.contentHash}>{r.contentHash.slice(0, 12)}</code>
              </Text>
            </li>
          ))}
        </ol>
      </section>

      {canWithdraw ? (
        <Card size="2" asChild>
          <section aria-labelledby="withdraw-title">
            <Heading as="h2" size="4" mb="2" id="withdraw-title">
              Withdraw this entry
            </Heading>
            <Text as="p" size="2" mb="3">
              Withdrawing takes it out of your log and CPD profile. It is kept on record, because sign-offs may point at
              it.
            </Text>
            <Form method="post" className="form-stack">
              <input type="hidden" name="intent" value="withdraw" />
              <FormField
                name="reason"
                label="Reason (optional)"
                maxLength={500}
                defaultValue={actionData?.reason ?? ''}
                error={actionData?.fieldErrors?.reason}
              />
              <div>
                <Button type="submit" color="red" variant="soft">
                  Withdraw entry
                </Button>
              </div>
            </Form>
          </section>
        </Card>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      messages={{
        404: { title: 'Entry not found', body: 'This CPD entry does not exist, or it is not yours to see.' },
      }}
      backTo={{ to: '/evidence', label: 'Back to your CPD log' }}
    />
  )
}
