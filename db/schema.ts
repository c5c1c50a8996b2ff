import type { ColumnType, Generated, Selectable } from 'kysely'

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** A calendar date, always 'YYYY-MM-DD' (the driver parsers keep it as text). */
type CalendarDate = string
type Json = ColumnType<unknown, string, string>

export type RoleName = 'staff' | 'supervisor' | 'principal' | 'admin'

export interface TeamTable {
  id: Generated<string>
  code: string
  name: string
  created_at: CreatedAt
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

export interface SupervisionLinkTable {
  id: Generated<string>
  supervisor_id: string
  supervisee_id: string
  starts_on: CalendarDate
  ends_on: CalendarDate | null
  frequency_days: number
  created_at: CreatedAt
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

export interface DB {
  team: TeamTable
  job_role: JobRoleTable
  app_user: AppUserTable
  user_role: UserRoleTable
  user_password: UserPasswordTable
  user_session: UserSessionTable
  login_attempt: LoginAttemptTable
  supervision_link: SupervisionLinkTable
  audit_event: AuditEventTable
}

export type AppUserRow = Selectable<AppUserTable>
export type AuditEventRow = Selectable<AuditEventTable>
