import { Button, Callout, Card, DataList, Flex, Heading, Table, Text } from '@radix-ui/themes'
import { TableFrame } from '#app/components/report-table'
import { Form, Link } from '@remix-run/react'
import { FormTokenInput } from '#app/components/form-token-input'

export interface UploadPreviewData {
  uploadId: string
  fileName: string
  versionLabel: string
  frameworkName: string
  frameworkCode: string
  existingFramework: boolean
  counts: { levels: number; domains: number; capabilities: number }
  levels: string[]
  sample: { code: string; statement: string; domain: string; level: string | null }[]
}

/** What an upload will become, before anything is written. */
export function UploadPreview({ preview, formToken }: { preview: UploadPreviewData; formToken: string }) {
  return (
    <Card size="3" mb="5">
      <Heading as="h2" size="5" mb="2" id="preview-title" tabIndex={-1}>
        Check before importing
      </Heading>
      <Callout.Root color="green" mb="3" highContrast>
        <Callout.Text>
          {preview.fileName} is a valid Moodle competency framework file. Nothing has been written yet.
        </Callout.Text>
      </Callout.Root>
      <DataList.Root mb="4">
        <DataList.Item>
          <DataList.Label>Framework</DataList.Label>
          <DataList.Value>
            {preview.frameworkName} ({preview.frameworkCode}):{' '}
            {preview.existingFramework ? 'a new version of a framework already in the portal' : 'a new framework'}
          </DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Version name</DataList.Label>
          <DataList.Value>{preview.versionLabel}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Contents</DataList.Label>
          <DataList.Value>
            {preview.counts.levels} levels, {preview.counts.domains} domains, {preview.counts.capabilities} capabilities
          </DataList.Value>
        </DataList.Item>
        {preview.levels.length > 0 ? (
          <DataList.Item>
            <DataList.Label>Levels</DataList.Label>
            <DataList.Value>{preview.levels.join(', ')}</DataList.Value>
          </DataList.Item>
        ) : null}
      </DataList.Root>
      {preview.sample.length > 0 ? (
        <TableFrame label="The first capabilities in the file">
          <Table.Root variant="surface" size="1" mb="4">
            <caption className="visually-hidden">The first capabilities in the file</caption>
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Code</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Capability</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Domain</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Level</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {preview.sample.map((row) => (
                <Table.Row key={row.code}>
                  <Table.Cell>{row.code}</Table.Cell>
                  <Table.Cell>{row.statement}</Table.Cell>
                  <Table.Cell>{row.domain}</Table.Cell>
                  <Table.Cell>{row.level ?? 'None'}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </TableFrame>
      ) : null}
      <Text as="p" size="2" mb="3">
        Importing stores it as a draft version. You can read it in full, then publish or discard it.
      </Text>
      <Flex gap="3" align="center">
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="uploadId" value={preview.uploadId} />
          <FormTokenInput token={formToken} />
          <Button type="submit" size="3">
            Import as a draft
          </Button>
        </Form>
        <Link to="/admin/frameworks">Cancel</Link>
      </Flex>
    </Card>
  )
}

export function UploadProblems({
  fileName,
  problems,
}: {
  fileName: string
  problems: { line: number; message: string }[]
}) {
  return (
    <div role="alert" className="error-summary">
      <Callout.Root color="red" mb="3" highContrast>
        <Callout.Text>
          <strong>
            {fileName} has {problems.length} {problems.length === 1 ? 'problem' : 'problems'}. Nothing was written.
          </strong>{' '}
          Correct the file and choose it again.
        </Callout.Text>
      </Callout.Root>
      <TableFrame label={`Problems found in ${fileName}`}>
        <Table.Root variant="surface" size="1" mb="5">
          <caption className="visually-hidden">Problems found in {fileName}</caption>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Line</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Problem</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {problems.slice(0, 200).map((problem, i) => (
              <Table.Row key={`${problem.line}-${i}`}>
                <Table.Cell>{problem.line > 0 ? problem.line : 'Whole file'}</Table.Cell>
                <Table.Cell>{problem.message}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </TableFrame>
      {problems.length > 200 ? <Text size="2">…and {problems.length - 200} more.</Text> : null}
    </div>
  )
}
