import { Button, Callout, Card, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize, authorizeVisible, requireUser } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { Attachments } from '#app/components/evidence/attachments'
import { EvidenceFacts } from '#app/components/evidence/evidence-facts'
import { EvidenceStatusBadge } from '#app/components/evidence/status-badge'
import { FormError } from '#app/components/form-error'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDateTime } from '#app/lib/dates'
import { isUuid } from '#app/lib/ids'
import { redirectWithFlash } from '#app/lib/flash.server'
import { isMultipart, readMultipartForm } from '#app/lib/uploads.server'
import { newFormToken, readFormToken } from '#app/lib/form-token'
import { submitOnce } from '#app/models/shared/form-submission.server'
import { invariantFound, replyToRuleError, readForm } from '#app/lib/http.server'
import { formText, parseForm } from '#app/lib/forms'
import {
  EVIDENCE_FIELD_LABELS,
  EVIDENCE_TEXT_FIELDS,
  listMissingForComplete,
  withdrawSchema,
} from '#app/models/evidence/evidence.schema'
import { attachEvidenceFile, listEvidenceFiles, removeEvidenceFile } from '#app/models/evidence/files.server'
import { ATTACHMENT_MAX_BYTES } from '#app/models/evidence/file-types.rules'
import {
  getEvidenceDetail,
  getEvidenceSubject,
  reinstateEvidence,
  withdrawEvidence,
} from '#app/models/evidence/evidence.server'
import { listSignoffsAtStake, readConfirmedSignoffs } from '#app/models/signoffs/at-stake.server'
import { type SignoffAtStake, SignoffsAtStakeError } from '#app/models/signoffs/errors'
import { isConfirmedForm } from '#app/components/confirm-form'
import {
  CONFIRM_SIGNOFFS_FIELD,
  SignoffsAtStakeNotice,
  UPLOAD_AT_STAKE_MESSAGE,
} from '#app/components/evidence/signoffs-at-stake'
import { WithdrawSection } from '#app/components/evidence/withdraw-section'

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.entry.title ?? 'CPD entry'} – OT Capability Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  const canEdit = can(user, 'evidence.update', subject)
  const [found, files, atStake] = await Promise.all([
    getEvidenceDetail(context.db, params.id!),
    listEvidenceFiles(context.db, params.id!),
    canEdit ? listSignoffsAtStake(context.db, params.id!) : [],
  ])
  const entry = invariantFound(found)
  const missing = listMissingForComplete(entry)
  return {
    entry,
    files,
    missing,
    isOwner: entry.ownerId === user.id,
    canEdit,
    canWithdraw: can(user, 'evidence.withdraw', subject),
    canReinstate: can(user, 'evidence.reinstate', subject),
    atStake,
    // The upload form's one-time token: the same upload sent twice adds the file once.
    uploadToken: newFormToken(),
  }
}

const detailIntent = z.enum(['remove-file', 'withdraw', 'reinstate'])

type ActionReply = {
  fieldErrors: Record<string, string>
  values: Record<string, string>
  /** The change needs confirming first: no JavaScript, or more sign-offs stand on the entry than were shown. */
  confirm?: { intent: 'withdraw' | 'remove-file'; fileId?: string }
  atStake?: SignoffAtStake[]
}
const refuse = (field: string, message: string, status = 400) =>
  data<ActionReply>({ fieldErrors: { [field]: message }, values: {} }, { status })
const askFirst = (reply: Omit<ActionReply, 'fieldErrors'>) =>
  data<ActionReply>({ fieldErrors: {}, ...reply }, { status: 409 })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  // Refused before the body is read: an owner changes a current entry, or reinstates a withdrawn one.
  authorize(user, subject.withdrawn ? 'evidence.reinstate' : 'evidence.update', subject)
  const id = params.id!
  if (isMultipart(request)) {
    const upload = await readMultipartForm(request, ATTACHMENT_MAX_BYTES)
    if (!upload.ok) return refuse('file', `${upload.message} Nothing was added.`)
    const token = readFormToken(upload.form)
    if (!token.ok) return data<ActionReply>({ fieldErrors: token.fieldErrors, values: {} }, { status: 400 })
    const file = upload.form.get('file')
    if (!(file instanceof File) || file.size === 0) {
      return refuse('file', file instanceof File && file.name ? 'The file is empty' : 'Choose a file to upload')
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    try {
      await submitOnce(context.db, { token: token.token, userId: user.id, kind: `evidence-file/${id}` }, (trx) =>
        attachEvidenceFile(trx, {
          evidenceId: id,
          actorId: user.id,
          fileName: file.name,
          bytes,
          confirmedSignoffs: readConfirmedSignoffs(upload.form.get(CONFIRM_SIGNOFFS_FIELD)),
        }),
      )
    } catch (error) {
      if (error instanceof SignoffsAtStakeError) {
        return data<ActionReply>(
          { fieldErrors: { file: UPLOAD_AT_STAKE_MESSAGE }, values: {}, atStake: error.signoffs },
          { status: 409 },
        )
      }
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
  if (intent.data === 'reinstate') {
    authorize(user, 'evidence.reinstate', subject)
    await reinstateEvidence(context.db, { id, actorId: user.id })
    return redirectWithFlash(context.env, `/evidence/${id}`, {
      message: 'Entry reinstated. It counts in your CPD log again.',
      kind: 'success',
    })
  }
  authorize(user, 'evidence.update', subject)
  const confirmedSignoffs = readConfirmedSignoffs(form.get(CONFIRM_SIGNOFFS_FIELD))
  if (intent.data === 'remove-file') {
    const fileId = formText(form.get('fileId'))
    if (!isUuid(fileId)) return refuse('form', 'Choose a file of this entry to remove.')
    if (!isConfirmedForm(form)) return askFirst({ values: {}, confirm: { intent: 'remove-file', fileId } })
    try {
      const removed = await removeEvidenceFile(context.db, {
        evidenceId: id,
        fileId,
        actorId: user.id,
        confirmedSignoffs,
      })
      if (!removed) return refuse('form', 'That file was already removed.', 409)
    } catch (error) {
      if (error instanceof SignoffsAtStakeError)
        return askFirst({ values: {}, confirm: { intent: 'remove-file', fileId }, atStake: error.signoffs })
      throw error
    }
    return redirectWithFlash(context.env, `/evidence/${id}#files-title`, {
      message: 'File removed from the entry.',
      kind: 'success',
    })
  }
  const parsed = parseForm(form, withdrawSchema)
  if (!parsed.ok) return data<ActionReply>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 })
  const values = { reason: parsed.data.reason }
  if (!isConfirmedForm(form)) return askFirst({ values, confirm: { intent: 'withdraw' } })
  try {
    await withdrawEvidence(context.db, { id, reason: parsed.data.reason || null, actorId: user.id, confirmedSignoffs })
  } catch (error) {
    if (error instanceof SignoffsAtStakeError)
      return askFirst({ values, confirm: { intent: 'withdraw' }, atStake: error.signoffs })
    return replyToRuleError(error, values)
  }
  return redirectWithFlash(context.env, `/evidence/${params.id}`, {
    message: 'Entry withdrawn. It stays on record but no longer counts in your CPD log. You can reinstate it here.',
    kind: 'success',
  })
}

const REVISION_EVENTS: Record<string, string> = {
  created: 'Created',
  edited: 'Edited',
  withdrawn: 'Withdrawn',
  'file-added': 'File added',
  'file-removed': 'File removed',
  reinstated: 'Reinstated',
}

export default function EvidencePage() {
  const { entry, files, missing, isOwner, canEdit, canWithdraw, canReinstate, atStake, uploadToken } =
    useLoaderData<typeof loader>()
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
      {canEdit ? <SignoffsAtStakeNotice signoffs={atStake} /> : null}
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

      <Attachments
        evidenceId={entry.id}
        files={files}
        canChange={canEdit}
        error={actionData?.fieldErrors.file}
        formToken={uploadToken}
        formTokenError={actionData?.fieldErrors.formToken}
        atStake={actionData?.atStake ?? atStake}
        confirmRemove={actionData?.confirm?.intent === 'remove-file' ? actionData.confirm.fileId : undefined}
      />

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

      <WithdrawSection
        evidenceId={entry.id}
        canWithdraw={canWithdraw}
        canReinstate={canReinstate}
        atStake={actionData?.atStake ?? atStake}
        asked={actionData?.confirm?.intent === 'withdraw'}
        values={actionData?.values ?? {}}
        errors={actionData?.fieldErrors ?? {}}
      />
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
