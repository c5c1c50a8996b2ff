import type { Kysely, Selectable, Transaction } from 'kysely'
import type { ApprenticeshipTables } from './schema/apprenticeship'
import type { CapabilityTables } from './schema/capabilities'
import type { RegistrationTables } from './schema/registration'
import type { WorkforceTables } from './schema/workforce'
import type {
  AppUserTable,
  AuditEventTable,
  FormSubmissionTable,
  JobRoleTable,
  LoginAttemptTable,
  SsoIdentityTable,
  SsoLoginRequestTable,
  PasswordResetTable,
  PeopleUploadTable,
  TeamTable,
  UserPasswordTable,
  UserRoleTable,
  UserSessionTable,
} from './schema/people'
import type {
  CapabilityCrosswalkTable,
  CapabilityTable,
  FrameworkDomainTable,
  FrameworkLevelTable,
  FrameworkTable,
  FrameworkUploadTable,
  FrameworkVersionTable,
  RoleRequirementTable,
} from './schema/frameworks'
import type {
  CpdProfileTable,
  CpdLatestTable,
  CpdTotalTable,
  EvidenceCapabilityTable,
  EvidenceFileTable,
  EvidenceRevisionTable,
  EvidenceTable,
  FileBlobTable,
} from './schema/evidence'
import type { SupervisionActionTable, SupervisionLinkTable, SupervisionSessionTable } from './schema/supervision'
import type {
  AchievedLevelTable,
  SignoffEventTable,
  SignoffRequestEvidenceTable,
  SignoffRequestTable,
} from './schema/signoffs'
import type { OutboxMessageTable } from './schema/outbox'

export type * from './schema/people'
export type * from './schema/frameworks'
export type * from './schema/evidence'
export type * from './schema/supervision'
export type * from './schema/signoffs'
export type * from './schema/outbox'
export type * from './schema/registration'
export type * from './schema/apprenticeship'
export type * from './schema/workforce'
export type * from './schema/capabilities'

export interface DB extends RegistrationTables, ApprenticeshipTables, WorkforceTables, CapabilityTables {
  team: TeamTable
  job_role: JobRoleTable
  app_user: AppUserTable
  user_role: UserRoleTable
  user_password: UserPasswordTable
  user_session: UserSessionTable
  login_attempt: LoginAttemptTable
  password_reset: PasswordResetTable
  people_upload: PeopleUploadTable
  supervision_link: SupervisionLinkTable
  audit_event: AuditEventTable
  form_submission: FormSubmissionTable
  sso_identity: SsoIdentityTable
  sso_login_request: SsoLoginRequestTable
  framework: FrameworkTable
  framework_version: FrameworkVersionTable
  framework_level: FrameworkLevelTable
  framework_domain: FrameworkDomainTable
  capability: CapabilityTable
  capability_crosswalk: CapabilityCrosswalkTable
  role_requirement: RoleRequirementTable
  framework_upload: FrameworkUploadTable
  evidence: EvidenceTable
  evidence_revision: EvidenceRevisionTable
  evidence_capability: EvidenceCapabilityTable
  file_blob: FileBlobTable
  evidence_file: EvidenceFileTable
  cpd_profile: CpdProfileTable
  cpd_total: CpdTotalTable
  cpd_latest: CpdLatestTable
  supervision_session: SupervisionSessionTable
  supervision_action: SupervisionActionTable
  signoff_request: SignoffRequestTable
  signoff_request_evidence: SignoffRequestEvidenceTable
  signoff_event: SignoffEventTable
  achieved_level: AchievedLevelTable
  outbox_message: OutboxMessageTable
}

export type AppUserRow = Selectable<AppUserTable>
export type AuditEventRow = Selectable<AuditEventTable>

/** A database handle or an open transaction: model functions that can run inside a caller's transaction take this. */
export type Db = Kysely<DB> | Transaction<DB>
