import type { AppLoadContext } from '@remix-run/node'
import fc from 'fast-check'
import { issuePasswordReset } from '#app/models/people/password-reset.server'
import { createTeam } from '#app/models/people/teams.server'
import { type FieldCase, anyId } from './fuzz'
import type { FuzzWorld, Persona } from './fuzz-world'

// Every form action of the app, as the fuzz tests post to it: who posts, where, a valid form to start from, the
// fields and intents the page knows, and the records each case needs of its own.

export interface ActionRule {
  /** Who posts: the first is the person the form is for (most cases), the rest may not use it. */
  personas: (Persona | 'owner')[]
  path: string
  /** Route params, as ids of the world's records or made up. */
  params?: (w: FuzzWorld) => fc.Arbitrary<Record<string, string>>
  base: (w: FuzzWorld) => Record<string, string>
  known?: string[]
  intents?: string[]
  /**
   * Pages and downloads that show what a successful post saved, loaded after it (with the page it redirects to);
   * '@calendar' is the staff member's calendar feed.
   */
  shows?: string[]
  /** New records for each case, put in place of '@name' in params and fields; 'owner' posts as their owner. */
  fresh?: (w: FuzzWorld) => Promise<{ ids: Record<string, string>; owner?: AppLoadContext }>
}

const evidenceForm = (w: FuzzWorld) => ({
  intent: 'complete',
  title: 'Seating course',
  activityType: 'formal-educational',
  startsOn: w.yesterday,
  endsOn: w.yesterday,
  hours: '6',
  description: 'A day on seating.',
  reflectionWhat: 'Practice.',
  reflectionLearned: 'Pressure mapping.',
  reflectionPractice: 'I check pressure areas.',
  reflectionBenefit: 'Fewer pressure injuries.',
  'map.0.capability': w.records.capability,
  'map.0.note': 'Shows 5PP',
})
const own = (w: FuzzWorld, key: string, ids: string[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, anyId(w.ids)).map((id) => ({ [key]: id }))

const personForm = (w: FuzzWorld, fields: Record<string, string>) => ({
  intent: 'save',
  name: 'Fuzz Person',
  jobRoleCode: 'ot',
  teamId: '',
  'role.staff': 'on',
  startsOn: '2024-09-02',
  leavesOn: '2027-03-31',
  qualifiedOn: w.yesterday,
  ...fields,
})
let teams = 0
const freshTeam = (w: FuzzWorld) =>
  createTeam(w.db, { name: `Fuzz team ${process.pid} ${++teams}`, actorId: w.people.admin.id })
async function freshResetToken(w: FuzzWorld): Promise<string> {
  const { '@person': personId } = await w.fresh.person()
  const issued = await issuePasswordReset(w.db, {
    personId: personId!,
    actorId: w.people.admin.id,
    hours: 1,
    origin: 'http://portal.test',
    sendEmail: false,
  })
  return issued!.token
}

export const ACTION_RULES: Record<string, ActionRule> = {
  'login.tsx': {
    personas: ['anonymous', 'staff'],
    path: '/login',
    base: (w) => ({ email: w.people.staff.email, password: 'not the right password', redirectTo: '/evidence' }),
  },
  'logout.tsx': { personas: ['staff', 'anonymous'], path: '/logout', base: () => ({}) },
  'account.tsx': {
    personas: ['staff', 'anonymous'],
    path: '/account',
    base: () => ({ currentPassword: 'x'.repeat(12), newPassword: 'y'.repeat(14), confirmPassword: 'y'.repeat(14) }),
  },
  'evidence.new.tsx': {
    personas: ['staff', 'admin', 'anonymous'],
    path: '/evidence/new',
    base: evidenceForm,
    shows: ['/evidence', '/evidence.csv', '/cpd-profile', '/'],
    known: ['privacyConfirmed', 'map.0.remove', 'map.1.capability', 'map.1.note', 'revision'],
    intents: ['draft', 'complete'],
  },
  'evidence.$id_.edit.tsx': {
    personas: ['staff', 'stranger', 'supervisor', 'anonymous'],
    path: '/evidence/$id/edit',
    params: (w) => own(w, 'id', ['@entry', w.records.complete]),
    base: (w) => ({ ...evidenceForm(w), revision: '@revision' }),
    shows: ['/evidence', '/evidence.csv', '/cpd-profile', '/'],
    fresh: async (w) => ({ ids: await w.fresh.entry() }),
    known: ['privacyConfirmed', 'map.1.capability'],
    intents: ['draft', 'complete'],
  },
  'evidence.$id.tsx': {
    personas: ['staff', 'stranger', 'supervisor', 'anonymous'],
    path: '/evidence/$id',
    params: (w) => own(w, 'id', ['@entry']),
    base: () => ({ intent: 'remove-file', fileId: '@file', reason: 'Entered twice' }),
    fresh: async (w) => ({ ids: await w.fresh.entry() }),
    intents: ['withdraw', 'remove-file'],
    shows: ['/evidence', '/evidence.csv', '/cpd-profile'],
  },
  'cpd-profile.tsx': {
    personas: ['staff', 'admin', 'anonymous'],
    path: '/cpd-profile',
    base: (w) => ({
      periodFrom: '2024-12-01',
      periodTo: w.today,
      summary: 'Community OT.',
      statement: 'What I did.',
      chosen: w.records.complete,
      'gap.2025-03': 'Parental leave',
    }),
    known: ['gap.0000-00', 'gap.9999-99'],
    shows: ['/cpd-profile.pdf', '/'],
  },
  'capabilities.tsx': {
    personas: ['staff', 'admin', 'anonymous'],
    path: '/capabilities',
    base: (w) => ({
      versionId: w.records.versionId,
      domainId: w.records.domainId,
      levelId: w.records.levelId,
      mappedOn: w.yesterday,
      rationale: 'I lead seating assessments.',
    }),
    shows: ['/capabilities', '/'],
  },
  'registration.tsx': {
    personas: ['staff', 'admin', 'anonymous'],
    path: '/registration',
    base: () => ({ intent: 'save', number: 'OT12345', firstRegisteredOn: '2015-09-01', expiresOn: '2027-10-31' }),
    intents: ['save', 'reset-feed'],
    shows: ['/', '@calendar'],
  },
  'signoffs.new.tsx': {
    personas: ['staff', 'admin', 'anonymous'],
    path: '/signoffs/new',
    shows: ['/signoffs', '/'],
    base: (w) => ({
      versionId: w.records.versionId,
      domainId: w.records.domainId,
      levelId: w.records.levelId,
      note: 'Ready',
      evidence: w.records.complete,
    }),
  },
  'signoffs.$id.tsx': {
    personas: ['supervisor', 'owner', 'staff', 'stranger', 'admin'],
    path: '/signoffs/$id',
    params: (w) => own(w, 'id', ['@signoff']),
    fresh: (w) => w.fresh.signoff(),
    base: () => ({ intent: 'decide', decision: 'return', comment: 'More evidence', sessionId: '' }),
    intents: ['decide', 'withdraw', 'ask-again'],
    shows: ['/signoffs', '/'],
  },
  'supervision.$personId.tsx': {
    personas: ['supervisor', 'staff', 'stranger', 'admin'],
    path: '/supervision/$personId',
    params: (w) => own(w, 'personId', [w.people.staff.id, 'me']),
    base: (w) => ({
      intent: 'record-session',
      heldOn: w.yesterday,
      kind: 'clinical',
      minutes: '60',
      notes: 'Caseload review',
      nextOn: w.today,
      'action.0.text': 'Book training',
      'action.0.owner': 'supervisee',
      'action.0.dueOn': w.today,
      actionId: '@action',
    }),
    fresh: async (w) => ({ ids: await w.fresh.session() }),
    known: ['action.1.text', 'action.2.dueOn'],
    intents: ['record-session', 'complete-action'],
    shows: ['/supervision', '/', '@calendar'],
  },
  'apprenticeships._index.tsx': {
    personas: ['principal', 'staff', 'admin'],
    path: '/apprenticeships',
    shows: ['/apprenticeships', '/'],
    fresh: async (w) => ({ ids: await w.fresh.person() }),
    base: () => ({
      personId: '@person',
      standardCode: 'ST0216',
      provider: 'Test College',
      startsOn: '2025-09-01',
      plannedEndOn: '2027-03-01',
      weeklyHours: '37.5',
      agedNineteenPlus: 'yes',
    }),
  },
  'apprenticeships.$id.tsx': {
    personas: ['principal', 'supervisor', 'stranger', 'admin'],
    path: '/apprenticeships/$id',
    shows: ['/apprenticeships', '/'],
    params: (w) => own(w, 'id', ['@apprenticeship']),
    fresh: async (w) => ({ ids: await w.fresh.apprenticeship() }),
    base: (w) => ({
      intent: 'log-otj',
      ...{ otjDate: w.yesterday, otjHours: '6', otjActivity: 'Teaching day', otjEvidenceId: '' },
      ...{ placementSetting: 'Ward 3', placementFrom: '2025-02-01', placementTo: '2025-02-28', placementHours: '70' },
      ...{ reviewHeldOn: w.yesterday, reviewNextOn: w.today, reviewProvider: 'Tutor', reviewNotes: 'On track' },
      ...{ reviewThreeWay: 'on', ksbs: 'on', englishMathsInPlan: 'on' },
      ...{ newStatus: 'break-in-learning', statusOn: w.yesterday, statusNote: 'Leave' },
      ...{ completedOn: w.yesterday, result: 'Pass', provider: 'Test College', plannedEndOn: '2027-06-01' },
      weeklyHours: '30',
    }),
    intents: [
      'log-otj',
      'log-placement',
      'record-review',
      'save-gateway',
      'change-status',
      'complete',
      'update-details',
    ],
  },
  'workforce.registrations.tsx': {
    personas: ['principal', 'supervisor', 'staff'],
    path: '/workforce/registrations',
    shows: ['/'],
    base: (w) => ({ intent: 'check', personId: w.people.staff.id, back: '/workforce/registrations?status=all' }),
  },
  'admin.supervision.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/supervision',
    base: (w) => ({
      intent: 'start-link',
      ...{ supervisorId: w.people.principal.id, superviseeId: w.people.stranger.id, startsOn: '2025-01-01' },
      ...{ endsOn: '2025-12-31', endLinkId: w.records.links[0], lastDay: w.today, changeLinkId: w.records.links[1] },
      ...{ newSupervisorId: w.people.principal.id, changeOn: w.today, personId: w.people.staff.id },
      qualifiedOn: '2015-07-01',
    }),
    intents: ['start-link', 'end-link', 'change-supervisor', 'set-qualified'],
    shows: ['/supervision', '/', '@calendar'],
  },
  'admin.users_.new.tsx': {
    personas: ['admin', 'principal', 'anonymous'],
    path: '/admin/users/new',
    base: (w) => personForm(w, { email: `fuzz.new.${w.today}@example.test`, employeeNumber: 'FZ-1' }),
    known: ['role.supervisor', 'role.principal', 'role.admin'],
    shows: ['/admin/users', '/admin/teams'],
  },
  'admin.users_.$id.tsx': {
    personas: ['admin', 'principal', 'staff'],
    path: '/admin/users/$id',
    params: (w) => own(w, 'id', ['@person']),
    base: (w) => ({ ...personForm(w, { email: `fuzz.edit.${w.today}@example.test` }), confirmed: 'yes' }),
    known: ['role.supervisor', 'role.principal', 'role.admin'],
    intents: ['save', 'deactivate', 'reactivate', 'issue-reset'],
    shows: ['/admin/users', '/supervision'],
    fresh: async (w) => ({ ids: await w.fresh.person() }),
  },
  'admin.teams.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/teams',
    base: () => ({ intent: 'rename', name: 'Fuzz renamed team', teamId: '@team', confirmed: 'yes' }),
    intents: ['create', 'rename', 'archive', 'unarchive'],
    shows: ['/admin/users/new'],
    fresh: async (w) => ({ ids: { '@team': await freshTeam(w) } }),
  },
  'admin.import.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/import',
    base: () => ({ intent: 'apply', uploadId: '00000000-0000-4000-8000-000000000000' }),
    known: ['file'],
    intents: ['apply'],
  },
  'reset-password.$token.tsx': {
    personas: ['anonymous', 'staff'],
    path: '/reset-password/$token',
    params: (w) => own(w, 'token', ['@token']),
    base: () => ({ newPassword: 'a fuzzed new password', confirmPassword: 'a fuzzed new password' }),
    fresh: async (w) => ({ ids: { '@token': await freshResetToken(w) } }),
  },
  'admin.outbox.tsx': {
    personas: ['admin', 'staff'],
    path: '/admin/outbox',
    base: (w) => ({ intent: 'retry', id: w.records.messages[0] ?? w.records.session }),
  },
  'admin.outbox_.$id.tsx': {
    personas: ['admin', 'staff'],
    path: '/admin/outbox/$id',
    params: (w) => own(w, 'id', w.records.messages.length > 0 ? w.records.messages : [w.records.session]),
    base: () => ({ intent: 'send-now' }),
    intents: ['send-now'],
  },
  // Last: publishing, retiring or discarding a version changes what the other forms can aim at.
  'admin.frameworks.tsx': {
    personas: ['admin', 'principal'],
    path: '/admin/frameworks',
    base: (w) => ({ intent: 'import', uploadId: w.records.upload, versionId: w.records.versions[0] }),
    known: ['versionLabel', 'file'],
    intents: ['publish', 'retire', 'discard', 'import'],
  },
}

/** Puts a case's new records (rule.fresh) in place of the '@name' placeholders in its params and fields. */
export function withFresh(made: Record<string, string>, params: Record<string, string>, form: FieldCase) {
  const put = (value: string) => made[value] ?? value
  const ids = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, put(value)]))
  const fields = form.fields.map(([key, value]): [string, string | Blob] => [
    key,
    typeof value === 'string' ? put(value) : value,
  ])
  return { ids, sent: { ...form, fields } satisfies FieldCase }
}
