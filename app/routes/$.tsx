import type { MetaFunction } from '@remix-run/node'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { notFound } from '#app/lib/http.server'

export const meta: MetaFunction = () => [{ title: 'Page not found – OT Capability Portal' }]

export function loader() {
  throw notFound()
}

export default function NotFoundPage() {
  return null
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
