import type { LoaderFunctionArgs } from '@remix-run/node'
import { authorizeVisible, requireUser } from '#app/auth/guard.server'
import { invariantFound } from '#app/lib/http.server'
import { getEvidenceFile } from '#app/models/evidence/files.server'
import { getEvidenceSubject } from '#app/models/evidence/evidence.server'

// Downloads only for people who may see the entry; always as an attachment, never rendered inline.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const subject = await getEvidenceSubject(context.db, params.id ?? '')
  authorizeVisible(user, 'evidence.read', subject)
  const file = invariantFound(
    await getEvidenceFile(context.db, { evidenceId: params.id!, fileId: params.fileId ?? '' }),
  )
  const asciiName = file.fileName.replace(/[^\x20-\x7e]/g, '_')
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'Content-Type': file.mediaType,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
