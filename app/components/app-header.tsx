import { Button, Container, Flex, Text } from '@radix-ui/themes'
import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import type { NavItem } from './navigation'

/**
 * The item for where the reader is: the one whose address is the longest match for the page, so that on
 * /supervision/me only My supervision is current, and on a supervisee's page only Supervision.
 */
export function currentNavItem(pathname: string, items: readonly NavItem[]): NavItem | undefined {
  const matches = items.filter((item) =>
    item.to === '/' ? pathname === '/' : pathname === item.to || pathname.startsWith(`${item.to}/`),
  )
  return matches.sort((x, y) => y.to.length - x.to.length)[0]
}

export interface HeaderUser {
  name: string
  roleLabels: string[]
}

export function AppHeader({ user, items }: { user: HeaderUser | null; items: NavItem[] }) {
  const current = currentNavItem(useLocation().pathname, items)
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
                  <Link to={item.to} prefetch="intent" aria-current={item === current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </Container>
    </header>
  )
}
