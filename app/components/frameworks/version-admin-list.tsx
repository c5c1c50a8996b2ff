import { Button, Card, Flex, Heading, Link as ThemeLink } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { ConfirmForm } from '#app/components/confirm-form'
import { EmptyState } from '#app/components/empty-state'
import type { FrameworkSummary } from '#app/models/frameworks/admin.schema'
import { VersionStatusBadge } from './status-badge'

const VERSION_ACTIONS = {
  retire: {
    verb: 'Retire',
    lead: 'Staff can no longer map new evidence to it. Sign-offs and mappings already made on it stay as they are.',
  },
  discard: {
    verb: 'Discard',
    lead: 'The draft and everything imported into it are deleted. This cannot be undone; import the file again to get it back.',
  },
} as const

function VersionAction({
  intent,
  versionId,
  label,
  frameworkName,
  asked,
}: {
  intent: 'retire' | 'discard'
  versionId: string
  label: string
  frameworkName: string
  asked: boolean
}) {
  const { verb, lead } = VERSION_ACTIONS[intent]
  return (
    <ConfirmForm
      hidden={{ intent, versionId }}
      size="1"
      triggerLabel={verb}
      triggerAriaLabel={`${verb} ${label}`}
      title={`${verb} ${frameworkName}, ${label}?`}
      description={<p>{lead}</p>}
      confirmLabel={`Yes, ${verb.toLowerCase()} ${label}`}
      asked={asked}
      cancelTo="/admin/frameworks"
    />
  )
}

/** Every framework's versions with what an administrator can do to each: publish (after confirming), retire, discard. */
export function FrameworkVersionAdminList({
  frameworks,
  asked,
}: {
  frameworks: FrameworkSummary[]
  /** The retire or discard the page asks to confirm. */
  asked?: { intent: 'retire' | 'discard'; versionId: string }
}) {
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
                            <VersionAction
                              intent="discard"
                              versionId={version.id}
                              label={version.label}
                              frameworkName={framework.name}
                              asked={asked?.intent === 'discard' && asked.versionId === version.id}
                            />
                          </>
                        ) : null}
                        {version.status === 'published' ? (
                          <VersionAction
                            intent="retire"
                            versionId={version.id}
                            label={version.label}
                            frameworkName={framework.name}
                            asked={asked?.intent === 'retire' && asked.versionId === version.id}
                          />
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
