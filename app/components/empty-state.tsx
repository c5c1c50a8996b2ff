import { Card, Heading, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

/** What an empty list looks like: what it is, and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card size="2" className="empty-state">
      <Heading as="h3" size="3" mb="1">
        {title}
      </Heading>
      <Text as="p" size="2">
        {children}
      </Text>
      {action ? <div className="empty-state-action">{action}</div> : null}
    </Card>
  )
}
