import { type Actor, type RoleAction, can } from '#app/auth/policy'

export interface NavItem {
  to: string
  label: string
  /** Shown to anyone allowed any of these. */
  action: RoleAction | readonly RoleAction[]
}

/** Every screen in the main navigation, with the permission that shows it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Home', action: 'home.view' },
  { to: '/evidence', label: 'CPD log', action: 'evidence.create' },
  { to: '/cpd-profile', label: 'CPD profile', action: 'evidence.create' },
  { to: '/capabilities', label: 'My capabilities', action: 'capabilities.view' },
  { to: '/signoffs', label: 'Sign-offs', action: ['signoffs.request', 'signoffs.review'] },
  { to: '/supervision/me', label: 'My supervision', action: 'supervision.own' },
  { to: '/supervision', label: 'Supervision', action: 'supervision.list' },
  { to: '/apprenticeships', label: 'Apprenticeships', action: 'apprenticeships.list' },
  { to: '/registration', label: 'HCPC registration', action: 'registration.own' },
  { to: '/workforce', label: 'Workforce', action: 'workforce.view' },
  { to: '/workforce/capability', label: 'Workforce capability', action: 'workforce.view' },
  { to: '/workforce/registrations', label: 'Registrations', action: 'workforce.registrations.view' },
  { to: '/frameworks', label: 'Frameworks', action: 'frameworks.browse' },
  { to: '/admin/users', label: 'People', action: 'admin.users.manage' },
  { to: '/admin/teams', label: 'Teams', action: 'admin.users.manage' },
  { to: '/admin/import', label: 'Import staff', action: 'admin.users.manage' },
  { to: '/admin/frameworks', label: 'Manage frameworks', action: 'admin.frameworks.manage' },
  { to: '/admin/supervision', label: 'Supervision links', action: 'admin.supervision.manage' },
  { to: '/admin/outbox', label: 'Outgoing email', action: 'outbox.view' },
  { to: '/account', label: 'Account', action: 'account.manage' },
]

export function navItemsFor(actor: Actor | null): NavItem[] {
  return NAV_ITEMS.filter((item) =>
    (typeof item.action === 'string' ? [item.action] : item.action).some((action) => can(actor, action)),
  )
}
