import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/auth/guard.server'
import { todayInLondon } from '~/lib/dates'
import { createCpdProfilePdf } from '~/models/cpd-profile-pdf.server'

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
