import { Button, Card, Flex, Heading, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Form, useNavigation } from '@remix-run/react'
import { formatUkDateTime } from '#app/lib/dates'
import { formatBytes } from '#app/models/evidence/file-types.rules'
import type { SignoffAtStake } from '#app/models/signoffs/errors'
import { ConfirmForm } from '#app/components/confirm-form'
import { FormTokenInput } from '#app/components/form-token-input'
import { AtStakeDescription, CONFIRM_SIGNOFFS_FIELD, confirmSignoffsValue } from './signoffs-at-stake'

export interface AttachmentItem {
  id: string
  fileName: string
  sizeBytes: number
  uploadedAt: string | Date
}

/**
 * The entry's files, with upload and removal for its owner. Removing asks first; where sign-offs stand on the
 * entry, both say which stop counting, and an upload needs the box ticked (a file cannot survive a second step).
 */
export function Attachments({
  evidenceId,
  files,
  canChange,
  error,
  atStake = [],
  confirmRemove,
  formToken,
  formTokenError,
}: {
  evidenceId: string
  files: AttachmentItem[]
  canChange: boolean
  error?: string
  atStake?: readonly SignoffAtStake[]
  /** The file whose removal the action asked to confirm. */
  confirmRemove?: string
  /** The upload form's one-time token; the form is keyed on it, so it starts blank after a file is added. */
  formToken: string
  formTokenError?: string
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
                  <ConfirmForm
                    hidden={{
                      intent: 'remove-file',
                      fileId: file.id,
                      [CONFIRM_SIGNOFFS_FIELD]: confirmSignoffsValue(atStake),
                    }}
                    size="1"
                    triggerLabel="Remove"
                    triggerAriaLabel={`Remove ${file.fileName}`}
                    title={`Remove ${file.fileName}?`}
                    description={
                      <AtStakeDescription
                        lead="It comes off the entry. Earlier revisions keep showing it."
                        signoffs={atStake}
                      />
                    }
                    confirmLabel="Yes, remove file"
                    asked={confirmRemove === file.id}
                    cancelTo={`/evidence/${evidenceId}#files-title`}
                  />
                ) : null}
              </Flex>
            </li>
          ))}
        </ul>
      )}
      {canChange ? (
        <Card size="2">
          <Form key={formToken} method="post" encType="multipart/form-data" className="form-stack">
            <FormTokenInput token={formToken} error={formTokenError} />
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
            {atStake.length > 0 ? (
              <Text as="label" size="2">
                <Flex gap="2" align="start">
                  <input type="checkbox" name={CONFIRM_SIGNOFFS_FIELD} value={confirmSignoffsValue(atStake)} />
                  <span>
                    I understand that adding a file stops {atStake.length === 1 ? 'the sign-off' : 'the sign-offs'} on
                    this entry counting until a reviewer looks again.
                  </span>
                </Flex>
              </Text>
            ) : null}
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
