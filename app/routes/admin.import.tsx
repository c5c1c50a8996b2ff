import { FileField } from '#app/components/file-field'
import { Button, Card, Heading } from '@radix-ui/themes'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { FormError } from '#app/components/form-error'
import { ImportPreview } from '#app/components/people/import-preview'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { redirectWithFlash } from '#app/lib/flash.server'
import { newFormToken, readFormToken } from '#app/lib/form-token'
import { formText } from '#app/lib/forms'
import { readForm } from '#app/lib/http.server'
import { isMultipart, readMultipartForm } from '#app/lib/uploads.server'
import { type ImportPreviewData, toImportPreview } from '#app/models/people/import-preview'
import { IMPORT_COLUMNS, PEOPLE_CSV_MAX_BYTES } from '#app/models/people/import.rules'
import { ImportHasProblemsError, applyPeopleImport, checkPeopleFile } from '#app/models/people/import.server'
import { getPeopleUpload, removePeopleUpload, stagePeopleUpload } from '#app/models/people/import-upload.server'
import { submitOnce } from '#app/models/shared/form-submission.server'

export const meta: MetaFunction = () => [{ title: 'Import staff from HR – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'admin.users.manage')
  return { formToken: newFormToken() }
}

interface Reply {
  fieldErrors: Record<string, string>
  preview: ImportPreviewData | null
}

const reply = (parts: Partial<Reply>, status = 200) =>
  data<Reply>({ fieldErrors: {}, preview: null, ...parts }, { status })

type ApplyReply =
  | { ok: true; counts: Awaited<ReturnType<typeof applyPeopleImport>>; fileName: string }
  | { ok: false; status: 404 | 409; message: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, 'admin.users.manage')
  if (isMultipart(request)) {
    const upload = await readMultipartForm(request, PEOPLE_CSV_MAX_BYTES)
    if (!upload.ok) return reply({ fieldErrors: { file: `${upload.message} Nothing was written.` } }, 400)
    const file = upload.form.get('file')
    if (!(file instanceof File) || file.size === 0) {
      return reply({ fieldErrors: { file: 'Choose a staff CSV file from HR' } }, 400)
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    const check = await checkPeopleFile(context.db, bytes)
    if (check.problems.length > 0) {
      return reply({ preview: toImportPreview(check, { fileName: file.name, uploadId: null }) }, 400)
    }
    // The file is kept server-side until it is applied: a large one is too big to send back in a hidden field.
    const uploadId = await stagePeopleUpload(context.db, { fileName: file.name, content: bytes, uploadedBy: user.id })
    return reply({ preview: toImportPreview(check, { fileName: file.name, uploadId }) })
  }

  const form = await readForm(request)
  if (form.get('intent') !== 'apply') return reply({ fieldErrors: { form: 'Choose a file and check it first.' } }, 400)
  const token = readFormToken(form)
  if (!token.ok) return reply({ fieldErrors: token.fieldErrors }, 400)
  const uploadId = formText(form.get('uploadId'))
  const { result } = await submitOnce<ApplyReply>(
    context.db,
    { token: token.token, userId: user.id, kind: `people-import/${uploadId}` },
    async (trx) => {
      const staged = await getPeopleUpload(trx, { id: uploadId, uploadedBy: user.id })
      if (!staged) {
        return { ok: false, status: 404, message: 'That file has expired or was already applied. Choose it again.' }
      }
      try {
        const counts = await applyPeopleImport(trx, {
          bytes: staged.content,
          actorId: user.id,
          fileName: staged.fileName,
        })
        await removePeopleUpload(trx, uploadId)
        return { ok: true, counts, fileName: staged.fileName }
      } catch (error) {
        if (!(error instanceof ImportHasProblemsError)) throw error
        return {
          ok: false,
          status: 409,
          message: 'The portal has changed since the dry run and the file now has problems: check it again.',
        }
      }
    },
  )
  if (!result.ok) return reply({ fieldErrors: { form: result.message } }, result.status)
  const { counts } = result
  return redirectWithFlash(context.env, '/admin/import', {
    message:
      `Applied ${result.fileName}: ${counts.created} created, ${counts.updated} updated, ` +
      `${counts.deactivated} deactivated, ${counts.unchanged} unchanged, ${counts.links} supervision links added.`,
    kind: 'success',
  })
}

const COLUMN_HINT = IMPORT_COLUMNS.map((c) => (c.required ? c.header : `${c.header} (optional)`)).join(', ')

export default function ImportStaffPage() {
  const { formToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors = actionData?.fieldErrors ?? {}
  return (
    <>
      <PageHeader
        title="Import staff from HR"
        lead="Check a staff file from the HR system against the portal, then apply it. Nothing is written until you apply."
      />
      <FormError message={errors.form ?? errors.formToken} />
      {actionData?.preview ? <ImportPreview preview={actionData.preview} formToken={formToken} /> : null}
      <Card size="3" mb="6" asChild>
        <section aria-labelledby="upload-title">
          <Heading as="h2" size="5" mb="2" id="upload-title">
            Check a staff file
          </Heading>
          <Form method="post" encType="multipart/form-data" className="form-stack" noValidate>
            <FileField
              id="field-file"
              label="Staff CSV file"
              accept=".csv,text/csv"
              error={errors.file}
              hint={
                <>
                  A CSV file with a heading row, one person a row, up to {PEOPLE_CSV_MAX_BYTES / 1024 / 1024} MB.
                  Columns, in any order: {COLUMN_HINT}. Job role is a code or title from the portal; team is a code or
                  name of a current team; dates are like 2026-11-22 or 22/11/2026. People are matched by employee
                  number; a leaving date in the past deactivates the person.
                </>
              }
            />
            <div>
              <Button type="submit" size="3" disabled={navigation.state === 'submitting'}>
                {navigation.state === 'submitting' ? 'Checking…' : 'Check file'}
              </Button>
            </div>
          </Form>
        </section>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary backTo={{ to: '/admin/import', label: 'Back to Import staff' }} />
}
