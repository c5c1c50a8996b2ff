import type { Generated } from 'kysely'
import type { CalendarDate, CreatedAt, Json, UpdatedAt } from './columns'

export type RoleName = 'staff' | 'supervisor' | 'principal' | 'admin'

export interface TeamTable {
  id: Generated<string>
  code: string
  name: string
  created_at: CreatedAt
  /** Set when the team is archived (migration 0019): kept for history, no longer offered for new assignments. */
  archived_at: Date | null
}

export interface JobRoleTable {
  code: string
  title: string
  band: string | null
  profession: string
  hcpc_registered: boolean
  sort_order: number
}

export interface AppUserTable {
  id: Generated<string>
  email: string
  name: string
  job_role_code: string | null
  team_id: string | null
  employee_number: string | null
  active: Generated<boolean>
  /** Qualification or first registration date (migration 0005): the newly qualified supervision stages run from it. */
  qualified_on: CalendarDate | null
  /** Employment start and leaving dates (migration 0019). */
  starts_on: CalendarDate | null
  leaves_on: CalendarDate | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface UserRoleTable {
  user_id: string
  role: RoleName
  granted_at: CreatedAt
}

export interface UserPasswordTable {
  user_id: string
  hash: string
  updated_at: UpdatedAt
}

export interface UserSessionTable {
  /** SHA-256 of the session id: the cookie value itself is never stored. */
  id: string
  user_id: string
  expires_at: Date
  created_at: CreatedAt
}

export interface LoginAttemptTable {
  id: Generated<number>
  email_key: string
  ip: string
  succeeded: boolean
  at: CreatedAt
}

export interface AuditEventTable {
  id: Generated<number>
  at: CreatedAt
  actor_id: string | null
  action: string
  subject_kind: string
  subject_id: string | null
  data: Json
}

/** A claimed one-time form token and what its first submission created (migration 0017). */
export interface FormSubmissionTable {
  token: string
  user_id: string
  kind: string
  result: Json
  created_at: CreatedAt
}

/** A person's identity at an OpenID provider, linked to their account on first sign-in (migration 0020). */
export interface SsoIdentityTable {
  issuer: string
  subject: string
  user_id: string
  created_at: CreatedAt
  last_used_at: Generated<Date>
}

/** A started single sign-on, waiting for the provider to send the browser back (migration 0020). */
export interface SsoLoginRequestTable {
  state: string
  nonce: string
  code_verifier: string
  redirect_to: string
  created_at: CreatedAt
}

/** A one-time password reset link an administrator issued (migration 0019): only the token's SHA-256 is kept. */
export interface PasswordResetTable {
  id: Generated<string>
  user_id: string
  token_hash: string
  created_by: string | null
  created_at: CreatedAt
  expires_at: Date
  used_at: Date | null
}

/** A staff file from HR between its dry run and being applied (migration 0021); removed after a day. */
export interface PeopleUploadTable {
  id: Generated<string>
  file_name: string
  content: Uint8Array
  uploaded_by: string
  created_at: CreatedAt
}
