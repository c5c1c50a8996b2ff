/**
 * The permission matrix. Pure and client-safe: the server enforces it and the UI asks it the same questions.
 * Every rule about who may see or do what lives in this file.
 */

export const ROLES = ['staff', 'supervisor', 'principal', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  staff: 'Staff',
  supervisor: 'Supervisor',
  principal: 'Principal OT',
  admin: 'Administrator',
}

export interface Actor {
  id: string
  roles: readonly Role[]
}

/** A person's record, as far as the policy needs to know it. */
export interface PersonSubject {
  kind: 'person'
  id: string
  /** The people who supervise this person today (links that have started and not ended). */
  currentSupervisorIds: readonly string[]
}

/** A CPD evidence entry, as far as the policy needs to know it. */
export interface EvidenceSubject {
  kind: 'evidence'
  ownerId: string
  /** The owner's supervisors today. */
  currentSupervisorIds: readonly string[]
  withdrawn: boolean
}

export type Subject = PersonSubject | EvidenceSubject

/** Actions that depend on role alone. */
export const ROLE_CAPABILITIES = {
  'home.view': ['staff', 'supervisor', 'principal', 'admin'],
  'account.manage': ['staff', 'supervisor', 'principal', 'admin'],
  'supervisees.list': ['supervisor'],
  'workforce.view': ['principal'],
  'frameworks.browse': ['staff', 'supervisor', 'principal', 'admin'],
  'evidence.create': ['staff'],
  'frameworks.requirements.view': ['principal', 'admin'],
  'frameworks.drafts.view': ['admin'],
  'admin.users.manage': ['admin'],
  'admin.frameworks.manage': ['admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>

export type RoleAction = keyof typeof ROLE_CAPABILITIES
export type SubjectAction = 'person.read' | 'evidence.read' | 'evidence.update' | 'evidence.withdraw'
export type Action = RoleAction | SubjectAction

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role)
}

export function can(actor: Actor | null | undefined, action: RoleAction): boolean
export function can(actor: Actor | null | undefined, action: SubjectAction, subject: Subject): boolean
export function can(actor: Actor | null | undefined, action: Action, subject?: Subject): boolean {
  if (!actor) return false
  if (action in ROLE_CAPABILITIES) {
    const allowed: readonly Role[] = ROLE_CAPABILITIES[action as RoleAction]
    return actor.roles.some((role) => allowed.includes(role))
  }
  if (!subject) return false
  switch (action) {
    case 'person.read':
      return subject.kind === 'person' && canReadPerson(actor, subject)
    case 'evidence.read':
      return subject.kind === 'evidence' && canReadEvidence(actor, subject)
    case 'evidence.update':
    case 'evidence.withdraw':
      // Only the author changes their own record, and a withdrawn entry stays as it was.
      return subject.kind === 'evidence' && subject.ownerId === actor.id && !subject.withdrawn
  }
  return false
}

/** Evidence is professional record: its owner, their supervisors today and the principal OT; not administrators. */
function canReadEvidence(actor: Actor, evidence: EvidenceSubject): boolean {
  if (evidence.ownerId === actor.id) return true
  if (hasRole(actor, 'principal')) return true
  return hasRole(actor, 'supervisor') && evidence.currentSupervisorIds.includes(actor.id)
}

function canReadPerson(actor: Actor, person: PersonSubject): boolean {
  if (person.id === actor.id) return true
  if (hasRole(actor, 'principal')) return true
  if (hasRole(actor, 'supervisor') && person.currentSupervisorIds.includes(actor.id)) return true
  // An administrator manages accounts, so sees who people are, but not their professional records.
  return hasRole(actor, 'admin')
}

/** How far a person's lists reach: one place where "who sees what" is decided for SQL scoping. */
export type Visibility = 'self' | 'supervisees' | 'all'

export function visibility(actor: Actor): Visibility {
  if (hasRole(actor, 'principal')) return 'all'
  if (hasRole(actor, 'supervisor')) return 'supervisees'
  return 'self'
}
