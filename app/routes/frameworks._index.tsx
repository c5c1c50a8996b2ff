import { Card, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '#app/auth/guard.server'
import { can } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { VersionStatusBadge } from '#app/components/frameworks/status-badge'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { formatUkDateTime } from '#app/lib/dates'
import { plainText } from '#app/lib/text'
import { listFrameworks } from '#app/models/frameworks/frameworks.server'

export const meta: MetaFunction = () => [{ title: 'Frameworks – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, 'frameworks.browse')
  const frameworks = await listFrameworks(context.db, { includeDrafts: can(user, 'frameworks.drafts.view') })
  return {
    frameworks: frameworks.map((f) => ({ ...f, description: plainText(f.description, 1) })),
    canManage: can(user, 'admin.frameworks.manage'),
  }
}

export default function FrameworksPage() {
  const { frameworks, canManage } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader
        title="Capability frameworks"
        lead="The frameworks your evidence maps to, with every version kept. Open a version to read its levels and capabilities."
      />
      {frameworks.length === 0 ? (
        <EmptyState
          title="No frameworks yet"
          action={
            canManage ? (
              <ThemeLink asChild>
                <Link to="/admin/frameworks">Import a framework</Link>
              </ThemeLink>
            ) : undefined
          }
        >
          {canManage
            ? 'Load the shipped frameworks with npm run frameworks:load, or import a Moodle competency framework file.'
            : 'Your administrator has not loaded any frameworks yet.'}
        </EmptyState>
      ) : (
        <div className="card-grid">
          {frameworks.map((framework) => (
            <Card size="3" key={framework.id} asChild>
              <section aria-labelledby={`framework-${framework.id}`}>
                <Heading as="h2" size="5" mb="1" id={`framework-${framework.id}`}>
                  {framework.name}
                </Heading>
                {framework.owner ? (
                  <Text as="p" size="2" color="gray" highContrast mb="2">
                    {framework.owner}
                  </Text>
                ) : null}
                {framework.description ? (
                  <Text as="p" size="2" mb="3" className="clamp-3">
                    {framework.description}
                  </Text>
                ) : null}
                <Heading as="h3" size="2" mb="2">
                  Versions
                </Heading>
                <ul className="version-list">
                  {framework.versions.map((version) => (
                    <li key={version.id}>
                      <Flex gap="2" align="center" wrap="wrap">
                        <ThemeLink asChild weight="medium">
                          <Link to={`/frameworks/${encodeURIComponent(framework.code)}/${version.number}`}>
                            {version.label}
                          </Link>
                        </ThemeLink>
                        <VersionStatusBadge status={version.status} />
                        <Text size="1" color="gray" highContrast>
                          {version.capabilityCount} capabilities
                          {version.publishedAt ? `, published ${formatUkDateTime(version.publishedAt)}` : ''}
                        </Text>
                      </Flex>
                    </li>
                  ))}
                </ul>
              </section>
            </Card>
          ))}
        </div>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
