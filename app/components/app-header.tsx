import { Button, Container, Flex, Text } from '@radix-ui/themes'
import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import { Collapsible } from 'radix-ui'
import { useEffect, useState } from 'react'
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
        {user && items.length > 0 ? <MainNav items={items} current={current} /> : null}
      </Container>
    </header>
  )
}

/**
 * The main navigation. On a phone it folds behind a Menu button once the page runs scripts, and closes again on
 * each new page; without scripts, and on wider screens, it is always open.
 */
function MainNav({ items, current }: { items: NavItem[]; current: NavItem | undefined }) {
  const { pathname } = useLocation()
  const [enhanced, setEnhanced] = useState(false)
  const [open, setOpen] = useState(false)
  useEffect(() => setEnhanced(true), [])
  useEffect(() => setOpen(false), [pathname])
  return (
    <Collapsible.Root open={!enhanced || open} onOpenChange={setOpen} className="main-nav-root">
      {enhanced ? (
        <Collapsible.Trigger asChild>
          <Button type="button" variant="soft" size="2" className="menu-toggle" mb="2">
            {open ? 'Close menu' : 'Menu'}
          </Button>
        </Collapsible.Trigger>
      ) : null}
      <Collapsible.Content forceMount className="main-nav-content">
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
      </Collapsible.Content>
    </Collapsible.Root>
  )
}
