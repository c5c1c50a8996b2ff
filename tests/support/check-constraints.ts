import { addDays } from '#app/lib/dates'
import * as manageFrameworks from '#app/routes/admin.frameworks'
import * as adminSupervision from '#app/routes/admin.supervision'
import * as adminTeams from '#app/routes/admin.teams'
import * as addPerson from '#app/routes/admin.users_.new'
import * as apprenticeship from '#app/routes/apprenticeships.$id'
import * as apprenticeships from '#app/routes/apprenticeships._index'
import * as capabilities from '#app/routes/capabilities'
import * as cpdProfile from '#app/routes/cpd-profile'
import * as evidenceDetail from '#app/routes/evidence.$id'
import * as evidenceNew from '#app/routes/evidence.new'
import * as registration from '#app/routes/registration'
import * as signoff from '#app/routes/signoffs.$id'
import * as signoffNew from '#app/routes/signoffs.new'
import * as supervision from '#app/routes/supervision.$personId'
import { UNREACHABLE_CONSTRAINTS } from './check-constraints-unreachable'
import { type RouteFunction, type badInputWorld, moodleCsv, multipart } from './bad-input'

// The forms that answer each CHECK constraint, for tests/routes/check-constraints.test.ts; the constraints no form
// can break are in check-constraints-unreachable.ts.

export interface Reached {
  /** The screen whose form answers the constraint. */
  form: string
  fn: RouteFunction
  path: string
  params?: Record<string, string>
  user: { id: string }
  /** Fields, or a whole request (an upload), that would break the constraint were the form not to stop them. */
  send: Record<string, string> | (() => Request)
  /** The field whose message answers it. */
  field: string
  /** A value typed elsewhere in the form that must come back to the page. */
  kept?: string
}

export type Entry = Reached | { unreachable: string }

/** Every CHECK constraint, and the form that answers it or why none can break it (tests/routes/check-constraints.test.ts). */
export function constraintTable(
  world: Awaited<ReturnType<typeof badInputWorld>>,
  today: string,
): Record<string, Entry> {
  const { owner, supervisor, principal, admin, candidate, apprenticeshipId, entryId } = world
  const { pendingSignoffId, signoffAsk } = world

  const otj = (fields: Record<string, string>) => ({
    intent: 'log-otj',
    otjDate: addDays(today, -1),
    otjHours: '6',
    otjActivity: 'University teaching day on seating',
    ...fields,
  })
  const placement = (fields: Record<string, string>) => ({
    intent: 'log-placement',
    placementSetting: 'Community reablement team',
    placementFrom: addDays(today, -10),
    placementTo: addDays(today, -6),
    placementHours: '30',
    ...fields,
  })
  const session = (fields: Record<string, string>) => ({
    intent: 'record-session',
    heldOn: addDays(today, -1),
    kind: 'professional',
    minutes: '60',
    notes: 'Talked through the seating referral',
    ...fields,
  })
  const newEntry = (fields: Record<string, string>) => ({
    intent: 'draft',
    title: 'Postural management study day',
    ...fields,
  })
  const link = (fields: Record<string, string>) => ({
    intent: 'start-link',
    supervisorId: principal.id,
    superviseeId: candidate.id,
    startsOn: addDays(today, -1),
    ...fields,
  })

  const person = (fields: Record<string, string>) => ({
    intent: 'save',
    name: 'Kim Newstarter',
    email: 'kim.newstarter@example.test',
    'role.staff': 'on',
    ...fields,
  })
  const onAddPerson = {
    form: 'admin people: add a person',
    fn: addPerson.action,
    path: '/admin/users/new',
    user: admin,
    kept: 'Kim Newstarter',
  }
  const onApprenticeship = { fn: apprenticeship.action, path: `/apprenticeships/${apprenticeshipId}` }
  const apprenticeshipParams = { id: apprenticeshipId }
  const onSupervision = { fn: supervision.action, path: `/supervision/${owner.id}`, params: { personId: owner.id } }

  return {
    otj_log_minutes_check: {
      form: 'apprenticeship: log off-the-job training',
      ...onApprenticeship,
      params: apprenticeshipParams,
      user: supervisor,
      send: otj({ otjHours: '500' }),
      field: 'otjHours',
      kept: 'University teaching day on seating',
    },
    placement_log_minutes_check: {
      form: 'apprenticeship: log placement hours',
      ...onApprenticeship,
      params: apprenticeshipParams,
      user: supervisor,
      send: placement({ placementHours: '0' }),
      field: 'placementHours',
      kept: 'Community reablement team',
    },
    placement_log_dates_check: {
      form: 'apprenticeship: log placement hours',
      ...onApprenticeship,
      params: apprenticeshipParams,
      user: supervisor,
      send: placement({ placementTo: addDays(today, -20) }),
      field: 'placementTo',
      kept: 'Community reablement team',
    },
    apprenticeship_review_next_check: {
      form: 'apprenticeship: record a progress review',
      ...onApprenticeship,
      params: apprenticeshipParams,
      user: principal,
      send: {
        intent: 'record-review',
        reviewHeldOn: addDays(today, -1),
        reviewNextOn: addDays(today, -1),
        reviewProvider: 'Dr Tutor at the university',
        reviewThreeWay: 'on',
      },
      field: 'reviewNextOn',
      kept: 'Dr Tutor at the university',
    },
    apprenticeship_weekly_minutes_check: {
      form: 'apprenticeship: programme details',
      ...onApprenticeship,
      params: apprenticeshipParams,
      user: principal,
      send: { intent: 'update-details', provider: 'Renamed University', plannedEndOn: '2029-01-05', weeklyHours: '61' },
      field: 'weeklyHours',
      kept: 'Renamed University',
    },
    apprenticeship_dates_check: {
      form: 'apprenticeships: start an apprenticeship',
      fn: apprenticeships.action,
      path: '/apprenticeships',
      user: principal,
      send: {
        personId: candidate.id,
        standardCode: 'ST0517',
        provider: 'Start Date University',
        startsOn: addDays(today, -30),
        plannedEndOn: addDays(today, -60),
        weeklyHours: '37.5',
        agedNineteenPlus: 'yes',
      },
      field: 'plannedEndOn',
      kept: 'Start Date University',
    },
    apprenticeship_status_check: {
      form: 'apprenticeship: change the status',
      ...onApprenticeship,
      params: apprenticeshipParams,
      user: principal,
      send: { intent: 'change-status', newStatus: 'graduated', statusOn: today, statusNote: 'Moved on early' },
      field: 'newStatus',
      kept: 'Moved on early',
    },
    apprenticeship_status_event_status_check: {
      form: 'apprenticeship: change the status (the history row takes the same status)',
      ...onApprenticeship,
      params: apprenticeshipParams,
      user: principal,
      send: { intent: 'change-status', newStatus: 'unknown', statusOn: today, statusNote: 'History note' },
      field: 'newStatus',
      kept: 'History note',
    },
    supervision_session_minutes_check: {
      form: 'supervision: record a session',
      ...onSupervision,
      user: supervisor,
      send: session({ minutes: '2000' }),
      field: 'minutes',
      kept: 'Talked through the seating referral',
    },
    supervision_session_notes_length_check: {
      form: 'supervision: record a session',
      ...onSupervision,
      user: supervisor,
      send: session({ notes: 'n'.repeat(10_001), 'action.0.text': 'Book the seating course' }),
      field: 'notes',
      kept: 'Book the seating course',
    },
    supervision_session_next_check: {
      form: 'supervision: record a session',
      ...onSupervision,
      user: supervisor,
      send: session({ nextOn: addDays(today, -1) }),
      field: 'nextOn',
      kept: 'Talked through the seating referral',
    },
    supervision_session_kind_check: {
      form: 'supervision: record a session',
      ...onSupervision,
      user: supervisor,
      send: session({ kind: 'peer' }),
      field: 'kind',
      kept: 'Talked through the seating referral',
    },
    supervision_action_text_check: {
      form: 'supervision: record a session (agreed actions)',
      ...onSupervision,
      user: supervisor,
      send: session({ 'action.0.text': 'a'.repeat(501) }),
      field: 'action.0.text',
      kept: 'Talked through the seating referral',
    },
    supervision_link_not_self_check: {
      form: 'admin supervision: add a link',
      fn: adminSupervision.action,
      path: '/admin/supervision',
      user: admin,
      send: link({ superviseeId: principal.id, startsOn: '2031-02-03' }),
      field: 'superviseeId',
      kept: '2031-02-03',
    },
    supervision_link_dates_check: {
      form: 'admin supervision: add a link',
      fn: adminSupervision.action,
      path: '/admin/supervision',
      user: admin,
      send: link({ endsOn: addDays(today, -5) }),
      field: 'endsOn',
      kept: candidate.id,
    },
    evidence_activity_type_check: {
      form: 'evidence: new entry',
      fn: evidenceNew.action,
      path: '/evidence/new',
      user: owner,
      send: newEntry({ activityType: 'gardening' }),
      field: 'activityType',
      kept: 'Postural management study day',
    },
    evidence_dates_check: {
      form: 'evidence: new entry',
      fn: evidenceNew.action,
      path: '/evidence/new',
      user: owner,
      send: newEntry({ startsOn: addDays(today, -2), endsOn: addDays(today, -9) }),
      field: 'endsOn',
      kept: 'Postural management study day',
    },
    evidence_minutes_check: {
      form: 'evidence: new entry',
      fn: evidenceNew.action,
      path: '/evidence/new',
      user: owner,
      send: newEntry({ hours: '0' }),
      field: 'hours',
      kept: 'Postural management study day',
    },
    evidence_file_size_check: {
      form: 'evidence entry: attach a file',
      fn: evidenceDetail.action,
      path: `/evidence/${entryId}`,
      params: { id: entryId },
      user: owner,
      send: () => multipart(`/evidence/${entryId}`, {}, { name: 'empty.txt', content: '' }),
      field: 'file',
    },
    cpd_profile_period_check: {
      form: 'CPD profile',
      fn: cpdProfile.action,
      path: '/cpd-profile',
      user: owner,
      send: { periodFrom: addDays(today, -10), periodTo: addDays(today, -20), summary: 'My summary of practice' },
      field: 'periodTo',
      kept: 'My summary of practice',
    },
    signoff_request_note_check: {
      form: 'sign-off: ask for sign-off',
      fn: signoffNew.action,
      path: `/signoffs/new?domain=${signoffAsk.domainId}`,
      user: owner,
      send: {
        versionId: signoffAsk.versionId,
        domainId: signoffAsk.domainId,
        levelId: signoffAsk.levelId,
        note: 'x'.repeat(5_001),
      },
      field: 'note',
      kept: signoffAsk.levelId,
    },
    signoff_event_comment_check: {
      form: 'sign-off: decide',
      fn: signoff.action,
      path: `/signoffs/${pendingSignoffId}`,
      params: { id: pendingSignoffId },
      user: supervisor,
      send: { intent: 'decide', decision: 'return', comment: 'c'.repeat(5_001) },
      field: 'comment',
    },
    self_mapping_rationale_check: {
      form: 'capabilities: map yourself',
      fn: capabilities.action,
      path: '/capabilities',
      user: owner,
      send: {
        versionId: signoffAsk.versionId,
        domainId: signoffAsk.domainId,
        levelId: signoffAsk.levelId,
        mappedOn: addDays(today, -1),
        rationale: 'r'.repeat(1_001),
      },
      field: 'rationale',
      kept: signoffAsk.levelId,
    },
    hcpc_registration_dates_check: {
      form: 'registration',
      fn: registration.action,
      path: '/registration',
      user: owner,
      send: { intent: 'save', number: 'OT61234', firstRegisteredOn: '2020-09-01', expiresOn: '2019-10-31' },
      field: 'expiresOn',
      kept: 'OT61234',
    },
    framework_code_check: {
      form: 'admin frameworks: import a Moodle CSV (the problem is listed against its line)',
      fn: manageFrameworks.action,
      path: '/admin/frameworks',
      user: admin,
      send: () =>
        multipart(
          '/admin/frameworks',
          { versionLabel: 'Edition 9' },
          { name: 'f.csv', content: moodleCsv('bad code!', 'About') },
        ),
      field: 'problems',
      kept: 'Edition 9',
    },
    app_user_email_shape_check: { ...onAddPerson, send: person({ email: 'kim@' }), field: 'email' },
    app_user_employment_dates_check: {
      ...onAddPerson,
      send: person({ startsOn: addDays(today, -1), leavesOn: addDays(today, -2) }),
      field: 'leavesOn',
    },
    team_name_check: {
      form: 'admin teams: add a team',
      fn: adminTeams.action,
      path: '/admin/teams',
      user: admin,
      send: { intent: 'create', name: 't'.repeat(121) },
      field: 'name',
    },
    ...UNREACHABLE_CONSTRAINTS,
  }
}
