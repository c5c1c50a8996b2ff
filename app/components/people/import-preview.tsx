import { Button, Callout, Card, Flex, Heading, Table, Text } from '@radix-ui/themes'
import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { FormTokenInput } from '#app/components/form-token-input'
import { TableFrame } from '#app/components/report-table'
import type { ImportPreviewData, ImportPreviewPerson } from '#app/models/people/import-preview'

const lineLabel = (line: number | null) => (line === null ? 'Named as supervisor' : String(line))

function PeopleTable({
  title,
  people,
  total,
  detail,
}: {
  title: string
  people: ImportPreviewPerson[]
  total: number
  detail: string
}) {
  if (total === 0) return null
  return (
    <section aria-label={title}>
      <Heading as="h3" size="4" mb="2">
        {title} ({total})
      </Heading>
      <TableFrame label={title}>
        <Table.Root variant="surface" size="1" mb="2">
          <caption className="visually-hidden">{title}</caption>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Line</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Employee number</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Work email</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>{detail}</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {people.map((p, i) => (
              <Table.Row key={`${p.line}-${i}`}>
                <Table.Cell>{lineLabel(p.line)}</Table.Cell>
                <Table.Cell>{p.employeeNumber ?? '—'}</Table.Cell>
                <Table.Cell>{p.name}</Table.Cell>
                <Table.Cell>{p.email}</Table.Cell>
                <Table.Cell>{p.detail}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </TableFrame>
      {total > people.length ? <More shown={people.length} total={total} /> : null}
    </section>
  )
}

function More({ shown, total }: { shown: number; total: number }): ReactNode {
  return (
    <Text as="p" size="2" mb="4">
      The first {shown} of {total} are shown.
    </Text>
  )
}

/** The dry run of a staff file: what applying it would do, or what stops it. */
export function ImportPreview({ preview, formToken }: { preview: ImportPreviewData; formToken: string }) {
  const { counts } = preview
  return (
    <Card size="3" mb="5">
      <Heading as="h2" size="5" mb="2" id="preview-title" tabIndex={-1}>
        Dry run of {preview.fileName}
      </Heading>
      {preview.problemCount > 0 ? (
        <div role="alert">
          <Callout.Root color="red" mb="3" highContrast>
            <Callout.Text>
              <strong>
                The file has {preview.problemCount} {preview.problemCount === 1 ? 'problem' : 'problems'}, so it cannot
                be applied.
              </strong>{' '}
              Nothing was written. Correct the file and check it again.
            </Callout.Text>
          </Callout.Root>
        </div>
      ) : (
        <Callout.Root color="green" mb="3" highContrast>
          <Callout.Text>The file has no problems. Nothing has been written yet.</Callout.Text>
        </Callout.Root>
      )}
      <Text as="p" size="2" mb="3">
        {preview.rows} people read: {counts.created} to create, {counts.updated} to update, {counts.deactivated} to
        deactivate, {counts.unchanged} unchanged, {counts.links} supervision links to add.
        {preview.extraColumns.length > 0 ? ` Columns not used: ${preview.extraColumns.join(', ')}.` : ''}
      </Text>
      {preview.problemCount > 0 ? (
        <section aria-label="Problems">
          <TableFrame label="Problems in the file">
            <Table.Root variant="surface" size="1" mb="2">
              <caption className="visually-hidden">Problems in the file</caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Line</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Problem</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {preview.problems.map((problem, i) => (
                  <Table.Row key={`${problem.line}-${i}`}>
                    <Table.Cell>{problem.line}</Table.Cell>
                    <Table.Cell>{problem.message}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </TableFrame>
          {preview.problemCount > preview.problems.length ? (
            <More shown={preview.problems.length} total={preview.problemCount} />
          ) : null}
        </section>
      ) : null}
      <PeopleTable title="To create" people={preview.created} total={counts.created} detail="Start date" />
      <PeopleTable title="To update" people={preview.updated} total={counts.updated} detail="Changes" />
      <PeopleTable
        title="To deactivate"
        people={preview.deactivated}
        total={counts.deactivated}
        detail="Leaving date"
      />
      {preview.uploadId ? (
        <Flex gap="3" align="center" mt="3">
          <Form method="post">
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="uploadId" value={preview.uploadId} />
            <FormTokenInput token={formToken} />
            <Button type="submit" size="3">
              Apply these changes
            </Button>
          </Form>
          <Link to="/admin/import">Cancel</Link>
        </Flex>
      ) : null}
    </Card>
  )
}
