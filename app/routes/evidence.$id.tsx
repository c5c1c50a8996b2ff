import { Button, Callout, Card, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize, authorizeVisible, requireUser } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { Attachments } from '#app/components/evidence/attachments'
import { EvidenceFacts } from '#app/components/evidence/evidence-facts'
import { EvidenceStatusBadge } from '#app/components/evidence/status-badge'
import { FormError } from '#app/components/form-error'
import { FormField } from '#app/components/form-field'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDateTime } from '#app/lib/dates'
import { isUuid } from '#app/lib/ids'
import { redirectWithFlash } from '#app/lib/flash.server'
import { isMultipart, readMultipartForm } from '#app/lib/uploads.server'
import { invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { formText, parseForm } from '#app/lib/forms'
import {
  EVIDENCE_FIELD_LABELS,
  EVIDENCE_TEXT_FIELDS,
  listMissingForComplete,
  withdrawSchema,
  WITHDRAW_REASON_MAX,
} from '#app/models/evidence/evidence.schema'
import { attachEvidenceFile, listEvidenceFiles, removeEvidenceFile } from '#app/models/evidence/files.server'
import { ATTACHMENT_MAX_BYTES } from '#app/models/evidence/file-types.rules'
import { getEvidenceDetail, getEvidenceSubject, withdrawEvidence } from '#app/models/evidence/evidence.server'

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

const detailIntent = z.enum(['remove-file', 'withdraw'])

const refuse = (field: string, message: string, status = 400) =>
  data(
    { fieldErrors: { [field]: message } as Record<string, string>, values: {} as Record<string, string> },
    { status },
  )

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  authorize(user, 'evidence.update', subject)
  const id = params.id!
  if (isMultipart(request)) {
    const upload = await readMultipartForm(request, ATTACHMENT_MAX_BYTES)
    if (!upload.ok) return refuse('file', `${upload.message} Nothing was added.`)
    const file = upload.form.get('file')
    if (!(file instanceof File) || file.size === 0) {
      return refuse('file', file instanceof File && file.name ? 'The file is empty' : 'Choose a file to upload')
    }
    try {
      await attachEvidenceFile(context.db, {
        evidenceId: id,
        actorId: user.id,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })
    } catch (error) {
      return replyToRuleError(error, {})
    }
    return redirectWithFlash(context.env, `/evidence/${id}#files-title`, {
      message: `Added ${file.name}.`,
      kind: 'success',
    })
  }
  const form = await readForm(request)
  const intent = detailIntent.safeParse(form.get('intent'))
  if (!intent.success) return refuse('form', 'Unknown action')
  if (intent.data === 'remove-file') {
    const fileId = formText(form.get('fileId'))
    if (!isUuid(fileId)) return refuse('form', 'Choose a file of this entry to remove.')
    const removed = await removeEvidenceFile(context.db, { evidenceId: id, fileId, actorId: user.id })
    if (!removed) return refuse('form', 'That file was already removed.', 409)
    return redirectWithFlash(context.env, `/evidence/${id}#files-title`, {
      message: 'File removed from the entry.',
      kind: 'success',
    })
  }
  const parsed = parseForm(form, withdrawSchema)
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 })
  try {
    await withdrawEvidence(context.db, { id, reason: parsed.data.reason || null, actorId: user.id })
  } catch (error) {
    return replyToRuleError(error, { reason: parsed.data.reason })
  }
  return redirectWithFlash(context.env, `/evidence/${params.id}`, {
    message: 'Entry withdrawn. It stays on record but no longer counts in your CPD log.',
    kind: 'success',
  })
}

const REVISION_EVENTS: Record<string, string> = {
  created: 'Created',
  edited: 'Edited',
  withdrawn: 'Withdrawn',
  'file-added': 'File added',
  'file-removed': 'File removed',
}

export default function EvidencePage() {
  const { entry, files, missing, isOwner, canEdit, canWithdraw } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
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
      <FormError message={actionData?.fieldErrors.form} />
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
        {EVIDENCE_TEXT_FIELDS.map((key) => (
          <section key={key} className="evidence-text">
            <Heading as="h2" size="3" mb="1">
              {EVIDENCE_FIELD_LABELS[key]}
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

      <Attachments evidenceId={entry.id} files={files} canChange={canEdit} error={actionData?.fieldErrors.file} />

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
                maxLength={WITHDRAW_REASON_MAX}
                defaultValue={actionData?.values.reason ?? ''}
                error={actionData?.fieldErrors.reason}
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
