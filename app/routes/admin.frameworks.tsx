import { FileField } from '#app/components/file-field'
import { Button, Card, Flex, Heading, Text } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { FormField } from '#app/components/form-field'
import { FrameworkVersionAdminList } from '#app/components/frameworks/version-admin-list'
import { isConfirmedForm } from '#app/components/confirm-form'
import { UploadPreview, type UploadPreviewData, UploadProblems } from '#app/components/frameworks/upload-preview'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import type { CsvProblem } from '#app/lib/csv'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { redirectWithFlash } from '#app/lib/flash.server'
import { isMultipart, readMultipartForm } from '#app/lib/uploads.server'
import { formText, parseForm } from '#app/lib/forms'
import {
  VERSION_LABEL_MAX,
  importUploadSchema,
  versionActionSchema,
  versionLabelField,
} from '#app/models/frameworks/admin.schema'
import {
  discardDraftVersion,
  importFrameworkDocument,
  publishFrameworkVersion,
  retireFrameworkVersion,
} from '#app/models/frameworks/import.server'
import { getStagedUpload, removeStagedUpload, stageFrameworkUpload } from '#app/models/frameworks/uploads.server'
import { frameworkExists, getVersionRef, listFrameworks } from '#app/models/frameworks/frameworks.server'
import { MOODLE_CSV_MAX_BYTES, readMoodleFramework } from '#app/models/frameworks/moodle-csv-reader'
import { replyToRuleError, readForm } from '#app/lib/http.server'
import { newFormToken, readFormToken } from '#app/lib/form-token'
import { submitOnce } from '#app/models/shared/form-submission.server'
import { FormError } from '#app/components/form-error'

export const meta: MetaFunction = () => [{ title: 'Manage frameworks – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'admin.frameworks.manage')
  const confirmId = new URL(request.url).searchParams.get('confirm')
  const frameworks = await listFrameworks(context.db, { includeDrafts: true })
  const confirming = frameworks
    .flatMap((f) => f.versions.map((v) => ({ ...v, framework: f })))
    .find((v) => v.id === confirmId)
  return {
    frameworks,
    formToken: newFormToken(),
    defaultLabel: `Imported ${formatUkDate(todayInLondon())}`,
    confirm: confirming
      ? {
          versionId: confirming.id,
          label: confirming.label,
          frameworkName: confirming.framework.name,
          replaces: confirming.framework.versions.find((v) => v.status === 'published')?.label ?? null,
        }
      : null,
  }
}

const MAX_MB = MOODLE_CSV_MAX_BYTES / 1024 / 1024

/** Every reply the page gets back has this one shape; what does not apply to it is empty or null. */
interface Reply {
  fieldErrors: Record<string, string>
  values: Record<string, string>
  /** The problems found in an uploaded file, each with its line. */
  problems: CsvProblem[] | null
  fileName: string | null
  /** What a valid upload will become, before anything is written. */
  preview: UploadPreviewData | null
  /** A retire or discard waiting for the administrator to confirm it (asked in the page without JavaScript). */
  confirmVersion?: { intent: 'retire' | 'discard'; versionId: string }
}

function reply(parts: Partial<Reply>, status = 200) {
  return data<Reply>(
    { fieldErrors: {}, values: {}, problems: null, fileName: null, preview: null, ...parts },
    { status },
  )
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'admin.frameworks.manage')
  if (isMultipart(request)) {
    const upload = await readMultipartForm(request, MOODLE_CSV_MAX_BYTES)
    if (!upload.ok) return reply({ fieldErrors: { file: `${upload.message} Nothing was written.` } }, 400)
    const form = upload.form
    const label = versionLabelField.safeParse(form.get('versionLabel') ?? '')
    const file = form.get('file')
    const fieldErrors: Record<string, string> = {}
    if (!label.success) fieldErrors.versionLabel = label.error.issues[0].message
    if (!(file instanceof File) || file.size === 0) fieldErrors.file = 'Choose a Moodle competency framework CSV file'
    if (!label.success || !(file instanceof File) || file.size === 0) {
      return reply({ fieldErrors, values: { versionLabel: formText(form.get('versionLabel')) } }, 400)
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    const result = readMoodleFramework(bytes, { fileName: file.name, versionLabel: label.data })
    if (!result.ok) {
      return reply({ problems: result.problems, fileName: file.name, values: { versionLabel: label.data } }, 400)
    }
    const { document, counts } = result.preview
    const uploadId = await stageFrameworkUpload(context.db, {
      fileName: file.name,
      versionLabel: label.data,
      content: bytes,
      uploadedBy: user.id,
    })
    const levelName = new Map(document.levels.map((l) => [l.code, l.name]))
    const domainName = new Map(document.domains.map((d) => [d.code, d.name]))
    return reply({
      preview: {
        uploadId,
        fileName: file.name,
        versionLabel: label.data,
        frameworkName: document.framework.name,
        frameworkCode: document.framework.code,
        existingFramework: await frameworkExists(context.db, document.framework.code),
        counts,
        levels: document.levels.map((l) => l.name),
        sample: document.capabilities.slice(0, 10).map((c) => ({
          code: c.code,
          statement: c.statement,
          domain: domainName.get(c.domain) ?? c.domain,
          level: c.level ? (levelName.get(c.level) ?? c.level) : null,
        })),
      },
    })
  }

  const form = await readForm(request)
  if (form.get('intent') === 'import') {
    const token = readFormToken(form)
    if (!token.ok) return reply({ fieldErrors: token.fieldErrors }, 400)
    const parsed = parseForm(form, importUploadSchema)
    const uploadId = parsed.ok ? parsed.data.uploadId : ''
    const { result } = await submitOnce(
      context.db,
      { token: token.token, userId: user.id, kind: `framework-import/${uploadId}` },
      (trx) => importStagedUpload(trx, { uploadId, userId: user.id }),
    )
    if (!result.ok) return reply({ fieldErrors: { form: result.message } }, result.status)
    return redirectWithFlash(context.env, `/frameworks/${encodeURIComponent(result.code)}/${result.number}`, {
      message: result.unchanged
        ? `This file matches version ${result.number} (${result.label}) already, so nothing new was imported.`
        : `Imported as draft version ${result.number}. Read it through, then publish it from Manage frameworks.`,
      kind: result.unchanged ? 'info' : 'success',
    })
  }

  const parsed = parseForm(form, versionActionSchema)
  if (!parsed.ok) return reply({ fieldErrors: { form: 'Choose a version and an action.' } }, 400)
  const version = await getVersionRef(context.db, parsed.data.versionId)
  if (!version) return reply({ fieldErrors: { form: 'That version no longer exists.' } }, 404)
  const { intent } = parsed.data
  if (intent !== 'publish' && !isConfirmedForm(form)) {
    return reply({ confirmVersion: { intent, versionId: version.id } }, 409)
  }
  try {
    const message = await applyVersionAction(context.db, parsed.data.intent, version, user.id)
    return await redirectWithFlash(context.env, '/admin/frameworks', { message, kind: 'success' })
  } catch (error) {
    return replyToRuleError(error, {}, { problems: null, fileName: null, preview: null })
  }
}

type ImportReply =
  | { ok: true; code: string; number: number; label: string; unchanged: boolean }
  | { ok: false; status: 400 | 404; message: string }

/**
 * Imports a staged upload as a draft and removes it, in the caller's transaction (with the form's token). What it
 * answers is kept with the token, so the same form sent again gets the same answer.
 */
async function importStagedUpload(
  trx: Parameters<typeof importFrameworkDocument>[0],
  input: { uploadId: string; userId: string },
): Promise<ImportReply> {
  const staged = await getStagedUpload(trx, { id: input.uploadId, uploadedBy: input.userId })
  if (!staged) {
    return {
      ok: false,
      status: 404,
      message: 'That upload has expired or was already imported. Choose the file again.',
    }
  }
  const read = readMoodleFramework(staged.content, { fileName: staged.fileName, versionLabel: staged.versionLabel })
  if (!read.ok) return { ok: false, status: 400, message: 'The staged file could not be read again. Choose it again.' }
  const outcome = await importFrameworkDocument(trx, read.preview.document, {
    origin: 'moodle-csv',
    originName: staged.fileName,
    actorId: input.userId,
  })
  await removeStagedUpload(trx, input.uploadId)
  return {
    ok: true,
    code: read.preview.document.framework.code,
    number: outcome.number,
    label: outcome.label,
    unchanged: outcome.outcome === 'unchanged',
  }
}

async function applyVersionAction(
  db: Parameters<typeof publishFrameworkVersion>[0],
  intent: 'publish' | 'retire' | 'discard',
  version: NonNullable<Awaited<ReturnType<typeof getVersionRef>>>,
  actorId: string,
): Promise<string> {
  const name = `${version.frameworkName}, ${version.label}`
  if (intent === 'retire') {
    await retireFrameworkVersion(db, { versionId: version.id, actorId })
    return `Retired ${name}.`
  }
  if (intent === 'discard') {
    await discardDraftVersion(db, { versionId: version.id, actorId })
    return `Discarded the draft ${name}.`
  }
  const outcome = await publishFrameworkVersion(db, { versionId: version.id, actorId })
  const parts = [`Published ${name}.`]
  if (outcome.retiredVersionId) {
    parts.push(
      `The previous version was retired; ${outcome.carriedRequirements} role requirements and ${outcome.carriedEvidenceMappings} evidence mappings carried forward.`,
    )
  }
  if (outcome.capabilitiesWithoutSuccessor.length > 0) {
    const codes = outcome.capabilitiesWithoutSuccessor.map((c) => c.code).join(', ')
    parts.push(`These capabilities have no successor and need review: ${codes}.`)
  }
  return parts.join(' ')
}

export default function ManageFrameworksPage() {
  const { frameworks, defaultLabel, confirm, formToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors = actionData?.fieldErrors ?? {}
  return (
    <>
      <PageHeader
        title="Manage frameworks"
        lead="Import a framework from Moodle, then publish it when it has been checked."
      />
      <FormError message={errors.form ?? errors.formToken} />
      {confirm ? (
        <Card size="3" mb="5" asChild>
          <section aria-labelledby="confirm-title">
            <Heading as="h2" size="5" mb="2" id="confirm-title">
              Publish {confirm.frameworkName}, {confirm.label}?
            </Heading>
            <Text as="p" size="2" mb="3">
              {confirm.replaces
                ? `Publishing retires ${confirm.replaces}. Role requirements carry forward to the new version; capabilities with no successor are listed for review. A published version can no longer be changed.`
                : 'A published version can no longer be changed. Staff can map evidence to it straight away.'}
            </Text>
            <Flex gap="3" align="center">
              <Form method="post">
                <input type="hidden" name="intent" value="publish" />
                <input type="hidden" name="versionId" value={confirm.versionId} />
                <Button type="submit" size="3">
                  Publish
                </Button>
              </Form>
              <Link to="/admin/frameworks">Cancel</Link>
            </Flex>
          </section>
        </Card>
      ) : null}
      {actionData?.preview ? <UploadPreview preview={actionData.preview} formToken={formToken} /> : null}
      {actionData?.problems ? (
        <UploadProblems fileName={actionData.fileName ?? 'The file'} problems={actionData.problems} />
      ) : null}

      <Card size="3" mb="6" asChild>
        <section aria-labelledby="upload-title">
          <Heading as="h2" size="5" mb="2" id="upload-title">
            Import a Moodle competency framework
          </Heading>
          <Text as="p" size="2" mb="4">
            A CSV file in Moodle’s competency framework format (as Moodle exports it), up to {MAX_MB} MB. It is checked
            first; nothing is written until you confirm.
          </Text>
          <Form method="post" encType="multipart/form-data" className="form-stack" noValidate>
            <FileField id="field-file" label="CSV file" accept=".csv,text/csv" error={errors.file} />
            <FormField
              name="versionLabel"
              label="Version name"
              hint="How people will tell this version apart, for example “2024 edition”."
              maxLength={VERSION_LABEL_MAX}
              defaultValue={actionData?.values.versionLabel ?? defaultLabel}
              error={errors.versionLabel}
              required
            />
            <div>
              <Button type="submit" size="3" disabled={navigation.state === 'submitting'}>
                {navigation.state === 'submitting' ? 'Checking…' : 'Check file'}
              </Button>
            </div>
          </Form>
        </section>
      </Card>

      <FrameworkVersionAdminList frameworks={frameworks} asked={actionData?.confirmVersion} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/admin/frameworks', label: 'Back to Manage frameworks' }} />
}
