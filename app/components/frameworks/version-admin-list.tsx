import { Button, Card, Flex, Heading, Link as ThemeLink } from '@radix-ui/themes'
import { Form, Link } from '@remix-run/react'
import { EmptyState } from '#app/components/empty-state'
import type { FrameworkSummary } from '#app/models/frameworks/admin.schema'
import { VersionStatusBadge } from './status-badge'

function VersionAction({
  intent,
  versionId,
  label,
  color,
}: {
  intent: 'retire' | 'discard'
  versionId: string
  label: string
  color: 'gray' | 'red'
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="versionId" value={versionId} />
      <Button
        type="submit"
        size="1"
        variant="soft"
        color={color}
        aria-label={`${intent === 'retire' ? 'Retire' : 'Discard'} ${label}`}
      >
        {intent === 'retire' ? 'Retire' : 'Discard'}
      </Button>
    </Form>
  )
}

/** Every framework's versions with what an administrator can do to each: publish (after confirming), retire, discard. */
export function FrameworkVersionAdminList({ frameworks }: { frameworks: FrameworkSummary[] }) {
  return (
    <>
      <Heading as="h2" size="5" mb="3">
        Frameworks and versions
      </Heading>
      {frameworks.length === 0 ? (
        <EmptyState title="No frameworks yet">
          Run npm run frameworks:load to load the shipped frameworks, or import a Moodle file above.
        </EmptyState>
      ) : (
        <div className="card-grid">
          {frameworks.map((framework) => (
            <Card size="2" key={framework.id} asChild>
              <section aria-labelledby={`manage-${framework.id}`}>
                <Heading as="h3" size="4" mb="2" id={`manage-${framework.id}`}>
                  {framework.name}
                </Heading>
                <ul className="version-list">
                  {framework.versions.map((version) => (
                    <li key={version.id}>
                      <Flex gap="2" align="center" wrap="wrap">
                        <ThemeLink asChild>
                          <Link to={`/frameworks/${encodeURIComponent(framework.code)}/${version.number}`}>
                            {version.label}
                          </Link>
                        </ThemeLink>
                        <VersionStatusBadge status={version.status} />
                        {version.status === 'draft' ? (
                          <>
                            <Button asChild size="1" variant="soft">
                              <Link to={`?confirm=${version.id}`} aria-label={`Publish ${version.label}`}>
                                Publish…
                              </Link>
                            </Button>
                            <VersionAction intent="discard" versionId={version.id} label={version.label} color="red" />
                          </>
                        ) : null}
                        {version.status === 'published' ? (
                          <VersionAction intent="retire" versionId={version.id} label={version.label} color="gray" />
                        ) : null}
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
