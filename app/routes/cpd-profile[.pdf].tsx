import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { todayInLondon } from '#app/lib/dates'
import { createCpdProfilePdf } from '#app/models/cpd-profile/pdf.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'evidence.create')
  const now = new Date()
  const { bytes, fileName } = await createCpdProfilePdf(context.db, {
    ownerId: user.id,
    name: user.name,
    today: todayInLondon(now),
    now,
  })
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Content-Length': String(bytes.byteLength),
      'Cache-Control': 'private, no-store',
    },
  })
}
