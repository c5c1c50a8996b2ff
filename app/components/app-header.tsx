import { Button, Container, Flex, Text } from '@radix-ui/themes'
import { Form, NavLink } from '@remix-run/react'
import type { NavItem } from './navigation'

export interface HeaderUser {
  name: string
  roleLabels: string[]
}

export function AppHeader({ user, items }: { user: HeaderUser | null; items: NavItem[] }) {
  return (
    <header className="app-header">
      <Container size="4" px="4">
        <Flex align="center" justify="between" gap="4" wrap="wrap" py="3">
          <NavLink to="/" className="service-name">
            OT Capability Portal
          </NavLink>
          {user ? (
            <Flex align="center" gap="3" wrap="wrap">
              <Text size="2" className="signed-in-as">
                Signed in as <strong>{user.name}</strong>
                <span className="visually-hidden"> ({user.roleLabels.join(', ')})</span>
              </Text>
              <Form method="post" action="/logout">
                <Button type="submit" variant="soft" size="2">
                  Sign out
                </Button>
              </Form>
            </Flex>
          ) : null}
        </Flex>
        {user && items.length > 0 ? (
          <nav aria-label="Main">
            <ul className="main-nav">
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/'} prefetch="intent">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </Container>
    </header>
  )
}
