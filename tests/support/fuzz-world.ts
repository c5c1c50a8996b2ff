import type { AppLoadContext } from '@remix-run/node'
import type { AppDatabase } from '#db/index'
import { todayInLondon } from '#app/lib/dates'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import { getCurrentVersion, getFrameworkDocument } from '#app/models/frameworks/frameworks.server'
import { writeMoodleFramework } from '#app/models/frameworks/moodle-csv-writer'
import { stageFrameworkUpload } from '#app/models/frameworks/uploads.server'
import { resetCalendarFeed } from '#app/models/registration/calendar-feed.server'
import { requestSignoff } from '#app/models/signoffs/request.server'
import {
  EMPTY_EVIDENCE,
  type BuiltUser,
  makeApprenticeship,
  makeRegistration,
  makeSupervision,
  makeSupervisionSession,
  makeUser,
} from './builders'
import { contextFor } from './routes'
import { completeEvidence, rcotDomain } from './signoffs'

export type Persona = 'staff' | 'supervisor' | 'principal' | 'admin' | 'stranger' | 'anonymous'

/**
 * The people and records the fuzz tests aim at: a staff OT with a supervisor, a principal, an administrator, a
 * stranger (staff in another team, linked to nobody) and an apprentice, with a record of each kind, so that
 * generated ids can be someone's real record (their own or another person's) as well as malformed.
 */
export async function buildFuzzWorld(database: AppDatabase) {
  const db = database.db
  const today = todayInLondon()
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  const people: Record<Exclude<Persona, 'anonymous'>, BuiltUser> = {
    staff: await makeUser(db, { roles: ['staff'], teamCode: 'FZA', name: 'Fuzz Staff' }),
    supervisor: await makeUser(db, { roles: ['staff', 'supervisor'], teamCode: 'FZA', jobRoleCode: 'senior-ot' }),
    principal: await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], teamCode: 'FZA' }),
    admin: await makeUser(db, { roles: ['admin'] }),
    stranger: await makeUser(db, { roles: ['staff'], teamCode: 'FZB', name: 'Fuzz Stranger' }),
  }
  const { staff, supervisor, principal, admin, stranger } = people
  const apprentice = await makeUser(db, { jobRoleCode: 'ascw', teamCode: 'FZA', name: 'Fuzz Apprentice' })
  const newcomer = await makeUser(db, { jobRoleCode: 'ascw', teamCode: 'FZA', name: 'Fuzz Newcomer' })
  await makeSupervision(db, supervisor, staff)
  await makeSupervision(db, supervisor, apprentice)
  await makeSupervision(db, supervisor, newcomer)

  const pillar = await rcotDomain(db, 'PP')
  const version = (await getCurrentVersion(db, 'rcot-cdf'))!
  const capability = await db
    .selectFrom('capability')
    .select('id')
    .where('version_id', '=', version.id)
    .where('code', '=', '5PP')
    .executeTakeFirstOrThrow()
  const drafts = []
  for (const title of ['Fuzz draft one', 'Fuzz draft two', 'Fuzz draft three']) {
    drafts.push(await createEvidence(db, { ownerId: staff.id, evidence: { ...EMPTY_EVIDENCE, title } }))
  }
  const complete = await completeEvidence(db, staff.id, ['5PP'])
  const strangerEvidence = await completeEvidence(db, stranger.id, ['5PP'], 'Someone else’s entry')
  const file = await attachEvidenceFile(db, {
    evidenceId: drafts[0],
    actorId: staff.id,
    fileName: 'notes.txt',
    bytes: new TextEncoder().encode('Notes from the course.'),
  })
  const strangerFile = await attachEvidenceFile(db, {
    evidenceId: strangerEvidence,
    actorId: stranger.id,
    fileName: 'theirs.txt',
    bytes: new TextEncoder().encode('Not yours.'),
  })
  const signoff = await requestSignoff(db, {
    requesterId: staff.id,
    versionId: pillar.versionId,
    domainId: pillar.domainId,
    levelId: pillar.levels['5']!,
    note: '',
    evidenceIds: [complete],
  })
  const session = await makeSupervisionSession(db, supervisor, staff, {
    heldOn: yesterday,
    actions: [{ text: 'Read the seating policy', owner: 'supervisee', dueOn: null }],
    today,
  })
  const action = await db
    .selectFrom('supervision_action')
    .select('id')
    .where('session_id', '=', session)
    .executeTakeFirstOrThrow()
  const apprenticeship = await makeApprenticeship(db, apprentice, principal, {
    standardCode: 'ST0216',
    startsOn: '2025-01-06',
    plannedEndOn: '2027-01-05',
  })
  await makeRegistration(db, staff, { expiresOn: '2027-10-31' })
  const calendarToken = await resetCalendarFeed(db, { personId: staff.id, actorId: staff.id })
  const document = (await getFrameworkDocument(db, 'rcot-cdf', version.number))!
  const moodleCsv = writeMoodleFramework(document)
  const upload = await stageFrameworkUpload(db, {
    fileName: 'rcot.csv',
    versionLabel: 'Fuzz upload',
    content: new TextEncoder().encode(moodleCsv),
    uploadedBy: admin.id,
  })
  const links = await db.selectFrom('supervision_link').select('id').execute()
  const versions = await db.selectFrom('framework_version').select('id').execute()
  const messages = await db.selectFrom('outbox_message').select('id').execute()
  await db.updateTable('outbox_message').set({ status: 'failed' }).execute()

  const contexts = { anonymous: await contextFor(database, null) } as Record<Persona, AppLoadContext>
  for (const persona of Object.keys(people) as (keyof typeof people)[]) {
    contexts[persona] = await contextFor(database, people[persona])
  }
  const records = {
    drafts,
    complete,
    strangerEvidence,
    file,
    strangerFile,
    signoff,
    session,
    action: action.id,
    apprenticeship,
    capability: capability.id,
    versionId: pillar.versionId,
    domainId: pillar.domainId,
    levelId: pillar.levels['5']!,
    upload,
    links: links.map((l) => l.id),
    versions: versions.map((v) => v.id),
    messages: messages.map((m) => m.id),
  }
  const ids = [...Object.values(people).map((p) => p.id), apprentice.id, newcomer.id, ...Object.values(records).flat()]
  let made = 0
  /** New records for one case, so that a case that withdraws, decides or completes one leaves the next its own. */
  const fresh = {
    async entry() {
      made += 1
      const entry = await createEvidence(db, {
        ownerId: staff.id,
        evidence: { ...EMPTY_EVIDENCE, title: `Draft ${made}` },
      })
      const bytes = new TextEncoder().encode('Notes.')
      const file = await attachEvidenceFile(db, { evidenceId: entry, actorId: staff.id, fileName: 'a.txt', bytes })
      const { revision } = await db
        .selectFrom('evidence')
        .select('revision')
        .where('id', '=', entry)
        .executeTakeFirstOrThrow()
      return { '@entry': entry, '@file': file, '@revision': String(revision) }
    },
    /** A request by a new OT whom the world's supervisor supervises, with that OT signed in as 'owner'. */
    async signoff() {
      const requester = await makeUser(db, { teamCode: 'FZA' })
      await makeSupervision(db, supervisor, requester)
      const owner = await contextFor(database, requester)
      // An earlier case may have retired the framework (the administrator's forms are fuzzed too).
      if (!(await getCurrentVersion(db, 'rcot-cdf'))) return { ids: {} as Record<string, string>, owner }
      const current = await rcotDomain(db, 'PP')
      const signoff = await requestSignoff(db, {
        requesterId: requester.id,
        versionId: current.versionId,
        domainId: current.domainId,
        levelId: current.levels['5']!,
        note: '',
        evidenceIds: [await completeEvidence(db, requester.id, ['5PP'])],
      })
      return { ids: { '@signoff': signoff }, owner }
    },
    async apprenticeship() {
      const person = await makeUser(db, { jobRoleCode: 'ascw', teamCode: 'FZA' })
      await makeSupervision(db, supervisor, person)
      const id = await makeApprenticeship(db, person, principal, { standardCode: 'ST0216', plannedEndOn: '2027-01-05' })
      return { '@apprenticeship': id }
    },
    /** Someone the world's supervisor supervises, with no apprenticeship yet. */
    async person() {
      const person = await makeUser(db, { jobRoleCode: 'ascw', teamCode: 'FZA' })
      await makeSupervision(db, supervisor, person)
      return { '@person': person.id }
    },
    /** The staff member's calendar feed address, with a new token (a case may have reset the last one). */
    async calendar() {
      return `/calendar/${await resetCalendarFeed(db, { personId: staff.id, actorId: staff.id })}.ics`
    },
    async session() {
      const actions = [{ text: 'Read the policy', owner: 'supervisee' as const, dueOn: null }]
      const id = await makeSupervisionSession(db, supervisor, staff, { heldOn: yesterday, actions, today })
      const row = await db.selectFrom('supervision_action').select('id').where('session_id', '=', id).executeTakeFirst()
      return { '@action': row!.id }
    },
  }

  return {
    db,
    fresh,
    today,
    yesterday,
    people,
    apprentice,
    newcomer,
    records,
    frameworkVersion: version.number,
    calendarToken,
    moodleCsv,
    contexts,
    /** Every real id in the world, each someone's record: the generators pick from these as well as make up ids. */
    ids,
  }
}

export type FuzzWorld = Awaited<ReturnType<typeof buildFuzzWorld>>
