import { Badge, Table, Text } from '@radix-ui/themes'
import type { FrameworkGrid } from '#app/models/frameworks/view.rules'
import { CapabilityText } from './capability-text'

/** Domains down the side, levels across the top: the way a framework's grid is printed. */
export function FrameworkGridTable({
  grid,
  caption,
  evidenceFor,
}: {
  grid: FrameworkGrid
  caption: string
  evidenceFor?: (code: string) => { count: number; href: string } | undefined
}) {
  return (
    <div
      className="table-scroll framework-grid"
      tabIndex={0}
      role="region"
      aria-label={`${caption} (scrolls sideways)`}
    >
      <Table.Root variant="surface" size="1">
        <caption className="visually-hidden">{caption}</caption>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Domain</Table.ColumnHeaderCell>
            {grid.levels.map((level) => (
              <Table.ColumnHeaderCell key={level.id} className="level-heading">
                <Text as="div" weight="bold">
                  {level.name}
                </Text>
                {level.indicativeTitle ? (
                  <Text as="div" size="1" weight="regular">
                    {level.indicativeTitle}
                    {level.provisional ? (
                      <Badge color="amber" size="1" ml="1" highContrast>
                        indicative
                      </Badge>
                    ) : null}
                  </Text>
                ) : level.provisional ? (
                  <Badge color="amber" size="1" highContrast>
                    provisional
                  </Badge>
                ) : null}
              </Table.ColumnHeaderCell>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {grid.rows.map((row) => (
            <Table.Row key={row.domain.id} align="start">
              <Table.RowHeaderCell className="domain-heading">
                <Text as="div" weight="bold">
                  {row.domain.name}
                </Text>
              </Table.RowHeaderCell>
              {row.cells.map((capabilities, i) => (
                <Table.Cell key={grid.levels[i].id}>
                  {capabilities.length === 0 ? (
                    <Text size="1" color="gray" highContrast>
                      None at this level
                    </Text>
                  ) : (
                    capabilities.map((capability) => (
                      <CapabilityText
                        key={capability.id}
                        capability={capability}
                        evidence={evidenceFor?.(capability.code)}
                      />
                    ))
                  )}
                </Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </div>
  )
}
