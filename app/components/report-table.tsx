import { Table as RadixTable } from '@radix-ui/themes'
import type { ComponentPropsWithoutRef, ReactNode } from 'react'

type Justify = 'start' | 'center' | 'end'
const ALIGN: Record<Justify, string> = { start: 'rt-r-ta-left', center: 'rt-r-ta-center', end: 'rt-r-ta-right' }

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ')

function Row({ className, ...props }: ComponentPropsWithoutRef<'tr'>) {
  return <tr {...props} className={classes('rt-TableRow', className)} />
}

function Cell({ justify, className, ...props }: ComponentPropsWithoutRef<'td'> & { justify?: Justify }) {
  return <td {...props} className={classes('rt-TableCell', justify && ALIGN[justify], className)} />
}

function RowHeaderCell({ justify, className, ...props }: ComponentPropsWithoutRef<'th'> & { justify?: Justify }) {
  return (
    <th
      scope="row"
      {...props}
      className={classes('rt-TableCell rt-TableRowHeaderCell', justify && ALIGN[justify], className)}
    />
  )
}

function ColumnHeaderCell({ justify, className, ...props }: ComponentPropsWithoutRef<'th'> & { justify?: Justify }) {
  return (
    <th
      scope="col"
      {...props}
      className={classes('rt-TableCell rt-TableColumnHeaderCell', justify && ALIGN[justify], className)}
    />
  )
}

/**
 * Radix Themes' table for the whole-service reports, which show hundreds of rows: the root, header and body are
 * Radix's own (the root gives the scrolling frame on a phone), and rows and cells are plain elements with the same
 * class names, so they look the same and cost a tenth as much to render as Radix's cell components.
 */
export const Table = {
  Root: RadixTable.Root,
  Header: RadixTable.Header,
  Body: RadixTable.Body,
  Row,
  Cell,
  RowHeaderCell,
  ColumnHeaderCell,
}

/**
 * A report table in a frame that scrolls sideways on a phone and can be reached and scrolled by keyboard, named by
 * its caption.
 */
export function ScrollingTable({
  id,
  caption,
  className,
  children,
}: {
  id: string
  caption: ReactNode
  className?: string
  children: ReactNode
}) {
  return (
    <TableFrame labelledBy={id}>
      <Table.Root variant="surface" size="1" className={className}>
        <caption id={id} className="table-caption">
          {caption}
        </caption>
        {children}
      </Table.Root>
    </TableFrame>
  )
}

/**
 * The frame every table sits in: it scrolls sideways when the table is wider than the screen, and can be reached
 * and scrolled by keyboard, so it is named, by a visible heading (`labelledBy`) or by `label`.
 */
export function TableFrame({
  label,
  labelledBy,
  className,
  children,
}: ({ label: string; labelledBy?: undefined } | { labelledBy: string; label?: undefined }) & {
  className?: string
  children: ReactNode
}) {
  return (
    <div
      className={classes('table-scroll', className)}
      tabIndex={0}
      role="region"
      aria-label={label}
      aria-labelledby={labelledBy}
    >
      {children}
    </div>
  )
}
