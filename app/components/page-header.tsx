import { Flex, Heading, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

export function PageHeader({ title, lead, actions }: { title: string; lead?: ReactNode; actions?: ReactNode }) {
  return (
    <Flex justify="between" align="start" gap="4" wrap="wrap" mb="5">
      <div>
        <Heading as="h1" size="8" mb="2">
          {title}
        </Heading>
        {lead ? (
          <Text as="p" size="3" color="gray" highContrast>
            {lead}
          </Text>
        ) : null}
      </div>
      {actions ? (
        <Flex gap="3" wrap="wrap">
          {actions}
        </Flex>
      ) : null}
    </Flex>
  )
}
