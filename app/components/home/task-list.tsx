import { Badge, Card, Flex, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import type { HomeTask } from '#app/models/home/tasks.rules'

/** The person's tasks in the order to do them; each says in words when it is due or how late it is. */
export function TaskList({ tasks }: { tasks: HomeTask[] }) {
  return (
    <ul className="task-list">
      {tasks.map((task) => (
        <li key={task.id}>
          <Card size="2">
            {task.when ? (
              <Flex mb="1">
                <Badge color={task.overdue ? 'red' : 'gray'} highContrast>
                  {task.when}
                </Badge>
              </Flex>
            ) : null}
            <Text as="p" size="3">
              {task.text}{' '}
              {task.link ? (
                <ThemeLink asChild underline="always">
                  <Link to={task.link.to}>{task.link.label}</Link>
                </ThemeLink>
              ) : null}
            </Text>
            {task.details && task.details.length > 0 ? (
              <ul className="task-details">
                {task.details.map((detail) => (
                  <li key={detail}>
                    <Text size="2">{detail}</Text>
                  </li>
                ))}
              </ul>
            ) : null}
          </Card>
        </li>
      ))}
    </ul>
  )
}
