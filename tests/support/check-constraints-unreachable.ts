// The CHECK constraints no form can break, each with the reason (tests/routes/check-constraints.test.ts).

const SYSTEM = 'set only by the portal itself, from a fixed list in the code; no form sends it'
const fromTheFrameworkData = 'loaded from the framework-data files (checked by their own schema), never from a form'

export const UNREACHABLE_CONSTRAINTS: Record<string, { unreachable: string }> = {
  apprenticeship_result_check: {
    unreachable: 'completeApprenticeship sets the completed status, the result and its date together in one update',
  },
  supervision_session_not_self_check: {
    unreachable:
      'only a current supervisor of the person may record, and a supervision link can never join someone to themselves',
  },
  supervision_action_done_check: { unreachable: 'completeSupervisionAction sets the time and the person together' },
  supervision_link_frequency_check: {
    unreachable: 'the expected frequency comes from framework-data (by role and stage), not from a form',
  },
  evidence_status_check: {
    unreachable: 'the status is chosen by the button pressed, which the form reads as draft or complete only',
  },
  evidence_revision_event_check: { unreachable: SYSTEM },
  signoff_event_kind_check: { unreachable: SYSTEM },
  signoff_request_status_check: { unreachable: SYSTEM },
  hcpc_registration_checked_check: { unreachable: 'markRegistrationChecked sets the day and the checker together' },
  hcpc_registration_event_kind_check: { unreachable: SYSTEM },
  form_submission_kind_check: { unreachable: 'named by the route that claims the token, never sent by a form' },
  framework_version_status_check: {
    unreachable: 'publish, retire and discard set the status; the form only names the intent',
  },
  framework_version_origin_check: { unreachable: SYSTEM },
  capability_crosswalk_relation_check: { unreachable: fromTheFrameworkData },
  capability_crosswalk_ends_check: { unreachable: fromTheFrameworkData },
  role_requirement_tier_check: { unreachable: fromTheFrameworkData },
  user_role_role_check: {
    unreachable: 'the person form has a checkbox for each role in the policy and reads no other',
  },
  password_reset_token_hash_check: {
    unreachable: 'the portal makes the token and stores its SHA-256; no form sends it',
  },
  password_reset_expiry_check: {
    unreachable: 'the expiry is the issue time plus PASSWORD_RESET_HOURS, set by the portal',
  },
  outbox_message_status_check: { unreachable: SYSTEM },
  sso_identity_issuer_check: { unreachable: 'the issuer is the configured OIDC_ISSUER, checked by the ID token check' },
  sso_identity_subject_check: {
    unreachable: 'an ID token whose subject is empty or over 255 characters is refused before anything is stored',
  },
  sso_login_request_redirect_to_check: {
    unreachable: 'the address to return to passes safeRedirectPath, which allows at most REDIRECT_PATH_MAX characters',
  },
  achieved_level_refresh_id_check: { unreachable: 'a one-row bookkeeping table written only by the read model' },
  workforce_snapshot_month_first_day: { unreachable: 'written only by the monthly workforce snapshot job' },
  workforce_snapshot_as_of_after_month: { unreachable: 'written only by the monthly workforce snapshot job' },
  workforce_snapshot_counts: { unreachable: 'written only by the monthly workforce snapshot job' },
  workforce_snapshot_coverage_counts: { unreachable: 'written only by the monthly workforce snapshot job' },
  workforce_snapshot_coverage_tier: { unreachable: 'written only by the monthly workforce snapshot job' },
}
