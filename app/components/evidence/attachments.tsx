import { Button, Card, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Form, useNavigation } from '@remix-run/react'
import { formatUkDateTime } from '#app/lib/dates'
import { formatBytes } from '#app/models/evidence/file-types.rules'

export interface AttachmentItem {
  id: string
  fileName: string
  sizeBytes: number
  uploadedAt: string | Date
}

/** The entry's files, with upload and removal for its owner. */
export function Attachments({
  evidenceId,
  files,
  canChange,
  error,
}: {
  evidenceId: string
  files: AttachmentItem[]
  canChange: boolean
  error?: string
}) {
  const navigation = useNavigation()
  return (
    <section aria-labelledby="files-title" className="home-section">
      <Heading as="h2" size="5" mb="3" id="files-title">
        Attachments
      </Heading>
      {files.length === 0 ? (
        <Text as="p" size="2" mb="3">
          No files attached.{canChange ? ' Add a certificate, notes or a photo below.' : ''}
        </Text>
      ) : (
        <ul className="version-list" style={{ marginBottom: '1rem' }}>
          {files.map((file) => (
            <li key={file.id}>
              <Flex gap="3" align="center" wrap="wrap">
                <ThemeLink asChild>
                  <a href={`/evidence/${evidenceId}/files/${file.id}`} download>
                    {file.fileName}
                  </a>
                </ThemeLink>
                <Text size="1" color="gray" highContrast>
                  {formatBytes(file.sizeBytes)}, added {formatUkDateTime(file.uploadedAt)}
                </Text>
                {canChange ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-file" />
                    <input type="hidden" name="fileId" value={file.id} />
                    <Button type="submit" size="1" variant="soft" color="red" aria-label={`Remove ${file.fileName}`}>
                      Remove
                    </Button>
                  </Form>
                ) : null}
              </Flex>
            </li>
          ))}
        </ul>
      )}
      {canChange ? (
        <Card size="2">
          <Form method="post" encType="multipart/form-data" className="form-stack">
            <div className="form-field" data-invalid={error ? 'true' : undefined}>
              <Text as="label" htmlFor="field-attachment" size="2" weight="bold">
                Add a file
              </Text>
              <Text as="p" id="field-attachment-hint" size="2" color="gray" highContrast className="form-hint">
                PDF, PNG, JPEG, Word (.docx) or plain text, up to 10 MB each and 50 MB for the entry.
              </Text>
              {error ? (
                <Text as="p" id="field-attachment-error" size="2" color="red" className="form-error" role="alert">
                  <span className="visually-hidden">Error: </span>
                  {error}
                </Text>
              ) : null}
              <input
                id="field-attachment"
                name="file"
                type="file"
                accept=".pdf,.png,.jpg,.jpeg,.docx,.txt,application/pdf,image/png,image/jpeg,text/plain"
                aria-describedby={error ? 'field-attachment-hint field-attachment-error' : 'field-attachment-hint'}
                aria-invalid={error ? true : undefined}
              />
            </div>
            <div>
              <Button type="submit" name="intent" value="attach" disabled={navigation.state === 'submitting'}>
                Upload
              </Button>
            </div>
          </Form>
        </Card>
      ) : null}
    </section>
  )
}
