import { type Actor, type RoleAction, can } from '../auth/policy'

export interface NavItem {
  to: string
  label: string
  action: RoleAction
}

/** Every screen in the main navigation, with the permission that shows it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Home', action: 'home.view' },
  { to: '/evidence', label: 'CPD log', action: 'evidence.create' },
  { to: '/cpd-profile', label: 'CPD profile', action: 'evidence.create' },
  { to: '/frameworks', label: 'Frameworks', action: 'frameworks.browse' },
  { to: '/admin/users', label: 'People', action: 'admin.users.manage' },
  { to: '/admin/frameworks', label: 'Manage frameworks', action: 'admin.frameworks.manage' },
  { to: '/account', label: 'Account', action: 'account.manage' },
]

export function navItemsFor(actor: Actor | null): NavItem[] {
  return NAV_ITEMS.filter((item) => can(actor, item.action))
}
