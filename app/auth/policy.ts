/**
 * The permission matrix. Pure and client-safe: the server enforces it and the UI asks it the same questions.
 * Every rule about who may see or do what lives in this file.
 */

import type { SignoffStatus } from '#db/schema'

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

/** A request for sign-off of a capability domain at a level, as far as the policy needs to know it. */
export interface SignoffSubject {
  kind: 'signoff'
  requesterId: string
  /** The requester's supervisors today. */
  currentSupervisorIds: readonly string[]
  status: SignoffStatus
}

/** A supervision session between two people. */
export interface SupervisionSessionSubject {
  kind: 'supervision-session'
  supervisorId: string
  superviseeId: string
  /** The supervisee's supervisors today. */
  currentSupervisorIds: readonly string[]
}

export type Subject = PersonSubject | EvidenceSubject | SignoffSubject | SupervisionSessionSubject

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
  'capabilities.view': ['staff'],
  'signoffs.request': ['staff'],
  'signoffs.review': ['supervisor', 'principal'],
  'supervision.list': ['supervisor', 'principal'],
  'supervision.own': ['staff'],
  'admin.supervision.manage': ['admin'],
  'registration.own': ['staff'],
  'workforce.registrations.view': ['supervisor', 'principal', 'admin'],
  'apprenticeships.list': ['supervisor', 'principal'],
  'outbox.view': ['admin'],
  'calendar.manage': ['staff', 'supervisor', 'principal', 'admin'],
} as const satisfies Record<string, readonly Role[]>

export type RoleAction = keyof typeof ROLE_CAPABILITIES
export type SubjectAction =
  | 'person.read'
  | 'person.record.read'
  | 'evidence.read'
  | 'evidence.update'
  | 'evidence.withdraw'
  | 'evidence.reinstate'
  | 'signoff.read'
  | 'signoff.decide'
  | 'signoff.re-review'
  | 'signoff.withdraw'
  | 'signoff.ask-again'
  | 'supervision.read'
  | 'supervision.record'
  | 'supervision.notes.read'
  | 'supervision.actions.read'
  | 'registration.read'
  | 'registration.update'
  | 'registration.check'
  | 'apprenticeship.read'
  | 'apprenticeship.log'
  | 'apprenticeship.manage'
  | 'self-mapping.record'
  | 'self-mapping.read'
  | 'personal-data.export'
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
  // Role actions were answered above; naming every subject action lets the linter catch a new one without a case.
  switch (action as SubjectAction) {
    case 'person.read':
      return subject.kind === 'person' && canReadPerson(actor, subject)
    case 'person.record.read':
      return subject.kind === 'person' && canReadProfessionalRecord(actor, subject)
    case 'evidence.read':
      return subject.kind === 'evidence' && canReadEvidence(actor, subject)
    case 'evidence.update':
    case 'evidence.withdraw':
      // Only the author changes their own record, and a withdrawn entry stays as it was.
      return subject.kind === 'evidence' && subject.ownerId === actor.id && !subject.withdrawn
    case 'evidence.reinstate':
      return subject.kind === 'evidence' && subject.ownerId === actor.id && subject.withdrawn
    case 'signoff.read':
      return subject.kind === 'signoff' && canReadSignoff(actor, subject)
    case 'signoff.decide':
      return subject.kind === 'signoff' && subject.status === 'pending' && canDecideSignoff(actor, subject)
    case 'signoff.re-review':
      // A request whose evidence changed is decided again on the entries as they now are, by the same reviewers.
      return subject.kind === 'signoff' && subject.status === 'invalidated' && canDecideSignoff(actor, subject)
    case 'signoff.withdraw':
      return subject.kind === 'signoff' && subject.requesterId === actor.id && subject.status === 'pending'
    case 'signoff.ask-again':
      // After a return, or when the evidence changed, the requester asks again with the evidence as it is now.
      return (
        subject.kind === 'signoff' &&
        subject.requesterId === actor.id &&
        (subject.status === 'returned' || subject.status === 'invalidated')
      )
    case 'supervision.read':
      // A person's supervision page: the person, their supervisors today and the principal OT.
      return subject.kind === 'person' && canReadSupervision(actor, subject)
    case 'supervision.record':
      // Only someone supervising the person today records a session with them.
      return (
        subject.kind === 'person' &&
        subject.id !== actor.id &&
        hasRole(actor, 'supervisor') &&
        subject.currentSupervisorIds.includes(actor.id)
      )
    case 'supervision.notes.read':
      // Notes are confidential to the two people in the session, whoever else can see the person.
      return (
        subject.kind === 'supervision-session' &&
        (subject.supervisorId === actor.id || subject.superviseeId === actor.id)
      )
    case 'supervision.actions.read':
      return (
        subject.kind === 'supervision-session' &&
        (subject.supervisorId === actor.id ||
          subject.superviseeId === actor.id ||
          hasRole(actor, 'principal') ||
          (hasRole(actor, 'supervisor') && subject.currentSupervisorIds.includes(actor.id)))
      )
    case 'registration.read':
      return subject.kind === 'person' && canReadRegistration(actor, subject)
    case 'registration.update':
      // The registrant keeps their own record current; the principal OT and administrators correct and check it.
      return (
        subject.kind === 'person' && (subject.id === actor.id || hasRole(actor, 'principal') || hasRole(actor, 'admin'))
      )
    case 'registration.check':
      // A look-up on the HCPC register by the service, not by the registrant: it verifies what they recorded.
      return (
        subject.kind === 'person' && subject.id !== actor.id && (hasRole(actor, 'principal') || hasRole(actor, 'admin'))
      )
    case 'apprenticeship.read':
      return subject.kind === 'person' && canReadSupervision(actor, subject)
    case 'apprenticeship.log':
      // The apprentice logs their own hours; their supervisor may log on their behalf in a review.
      return (
        subject.kind === 'person' &&
        (subject.id === actor.id || (hasRole(actor, 'supervisor') && subject.currentSupervisorIds.includes(actor.id)))
      )
    case 'apprenticeship.manage':
      // Programme details, reviews, the gateway and the result: the apprentice's supervisor or the principal OT.
      return (
        subject.kind === 'person' &&
        subject.id !== actor.id &&
        (hasRole(actor, 'principal') ||
          (hasRole(actor, 'supervisor') && subject.currentSupervisorIds.includes(actor.id)))
      )
    case 'self-mapping.record':
      // A self-mapping is the person's own view of where they stand (RCOT CDF): nobody records one for them.
      return subject.kind === 'person' && subject.id === actor.id && hasRole(actor, 'staff')
    case 'self-mapping.read':
      return subject.kind === 'person' && canReadProfessionalRecord(actor, subject)
    case 'personal-data.export':
      // Everything the portal holds about a person, for a subject access request: the person themselves, or an
      // administrator answering the request for them. Not a supervisor or the principal OT: it is not a review.
      return subject.kind === 'person' && (subject.id === actor.id || hasRole(actor, 'admin'))
  }
  return false
}

function canReadSignoff(actor: Actor, signoff: SignoffSubject): boolean {
  if (signoff.requesterId === actor.id) return true
  if (hasRole(actor, 'principal')) return true
  return hasRole(actor, 'supervisor') && signoff.currentSupervisorIds.includes(actor.id)
}

/** Nobody decides their own request; a supervisor of the requester today, or the principal OT, decides. */
function canDecideSignoff(actor: Actor, signoff: SignoffSubject): boolean {
  if (signoff.requesterId === actor.id) return false
  if (hasRole(actor, 'principal')) return true
  return hasRole(actor, 'supervisor') && signoff.currentSupervisorIds.includes(actor.id)
}

function canReadSupervision(actor: Actor, person: PersonSubject): boolean {
  if (person.id === actor.id) return true
  if (hasRole(actor, 'principal')) return true
  return hasRole(actor, 'supervisor') && person.currentSupervisorIds.includes(actor.id)
}

/** Registration is checked by the service, so administrators see it as well as the person's line of supervision. */
function canReadRegistration(actor: Actor, person: PersonSubject): boolean {
  return canReadSupervision(actor, person) || hasRole(actor, 'admin')
}

/** Evidence is professional record: its owner, their supervisors today and the principal OT; not administrators. */
function canReadEvidence(actor: Actor, evidence: EvidenceSubject): boolean {
  if (evidence.ownerId === actor.id) return true
  if (hasRole(actor, 'principal')) return true
  return hasRole(actor, 'supervisor') && evidence.currentSupervisorIds.includes(actor.id)
}

/**
 * A person's whole professional picture (CPD, capabilities, sign-offs, supervision, registration, apprenticeship):
 * the person themselves, their supervisors today and the principal OT. Not administrators: they manage accounts,
 * not professional records. A former supervisor loses it the day the link ends.
 */
function canReadProfessionalRecord(actor: Actor, person: PersonSubject): boolean {
  if (person.id === actor.id) return true
  if (hasRole(actor, 'principal')) return true
  return hasRole(actor, 'supervisor') && person.currentSupervisorIds.includes(actor.id)
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

/** Registrations are checked by the service: administrators see every one, unlike professional records. */
export function registrationVisibility(actor: Actor): Visibility {
  if (hasRole(actor, 'admin')) return 'all'
  return visibility(actor)
}
