import { Callout, Card, DataList, Heading, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { EvidenceFacts } from '#app/components/evidence/evidence-facts'
import { EVIDENCE_FIELD_LABELS, EVIDENCE_TEXT_FIELDS } from '#app/models/evidence/evidence.schema'
import { type RevisionContent, describeEvidenceChanges } from '#app/models/signoffs/evidence-changes.rules'
import type { SeenEvidence } from '#app/models/signoffs/signoffs.schema'

/** One entry exactly as the request recorded it, with what has changed in it since. */
export function SeenEntry({ entry, codes }: { entry: SeenEvidence; codes: Record<string, string> }) {
  const content = entry.content as RevisionContent
  const changes = entry.currentContent
    ? describeEvidenceChanges(content, entry.currentContent as RevisionContent, (id) => codes[id] ?? 'a capability')
    : []
  const titleId = `entry-${entry.evidenceId}`
  return (
    <li>
      <Card size="3">
        <article aria-labelledby={titleId}>
          <Heading as="h3" size="4" mb="1" id={titleId}>
            {content.title}
          </Heading>
          <Text as="p" size="1" color="gray" highContrast mb="3">
            As seen: revision {entry.revision}, fingerprint {entry.contentHash.slice(0, 12)}
          </Text>
          {changes.length > 0 ? (
            <Callout.Root color="red" mb="3" highContrast id={`changes-${entry.evidenceId}`}>
              <Callout.Text>
                Changed since the request (now revision {entry.currentRevision}). What changed:
              </Callout.Text>
              <ul className="provisional-list">
                {changes.map((change) => (
                  <li key={change.field}>
                    <strong>{change.label}</strong>: <span className="change-before">{change.before}</span> →{' '}
                    <span className="change-after">{change.after}</span>
                  </li>
                ))}
              </ul>
            </Callout.Root>
          ) : null}
          <EvidenceFacts
            activityType={content.activityType}
            startsOn={content.startsOn}
            endsOn={content.endsOn}
            minutes={content.minutes}
          >
            <DataList.Item>
              <DataList.Label>Capabilities</DataList.Label>
              <DataList.Value>
                {entry.capabilities.length > 0
                  ? entry.capabilities.map((c) => `${c.code} ${c.statement}`).join('; ')
                  : 'None'}
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Attachments</DataList.Label>
              <DataList.Value>
                {entry.files.length === 0 ? (
                  'None'
                ) : (
                  <ul className="provisional-list">
                    {entry.files.map((file) => (
                      <li key={`${file.sha256}-${file.name}`}>
                        {file.id && !file.removed ? (
                          <a href={`/evidence/${entry.evidenceId}/files/${file.id}`} className="target-24">
                            {file.name}
                          </a>
                        ) : (
                          <>{file.name} (since removed)</>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </DataList.Value>
            </DataList.Item>
          </EvidenceFacts>
          {EVIDENCE_TEXT_FIELDS.map((key) =>
            content[key] ? (
              <section key={key} className="evidence-text">
                <Heading as="h4" size="2" mb="1">
                  {EVIDENCE_FIELD_LABELS[key]}
                </Heading>
                <Text as="p" size="2" className="capability-description" mb="3">
                  {content[key]}
                </Text>
              </section>
            ) : null,
          )}
          <Text as="p" size="2">
            <Link to={`/evidence/${entry.evidenceId}`}>Open the entry as it is now</Link>
          </Text>
        </article>
      </Card>
    </li>
  )
}
