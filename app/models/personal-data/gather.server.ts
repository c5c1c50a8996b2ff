import type { Kysely } from 'kysely'
import type { DB } from '#db/schema'

/** One attachment to copy into the download: its place there and where its bytes are stored. */
export interface PersonalDataFile {
  fileId: string
  zipPath: string
  storageKey: string
  sizeBytes: number
}

/** Everything the portal holds about one person: JSON per area, and the attachments that go beside it. */
export interface PersonalData {
  personId: string
  name: string
  /** File name (without folder) → the value written to it as JSON. */
  sections: Record<string, unknown>
  files: PersonalDataFile[]
}

type Row = Record<string, unknown>

function groupBy<T extends Row>(rows: T[], key: keyof T): Map<unknown, T[]> {
  const groups = new Map<unknown, T[]>()
  for (const row of rows) {
    const list = groups.get(row[key]) ?? []
    list.push(row)
    groups.set(row[key], list)
  }
  return groups
}

/** A name safe in any unzip tool: letters, digits, dots, dashes and underscores, no leading dot, not too long. */
export function safeZipName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-100)
  return cleaned === '' ? 'file' : cleaned
}

async function gatherProfile(db: Kysely<DB>, personId: string) {
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', personId).executeTakeFirst()
  if (!user) return undefined
  const [team, jobRole, roles, sessions, calendarFeed, identities] = await Promise.all([
    user.team_id
      ? db.selectFrom('team').select(['code', 'name']).where('id', '=', user.team_id).executeTakeFirst()
      : undefined,
    user.job_role_code
      ? db.selectFrom('job_role').selectAll().where('code', '=', user.job_role_code).executeTakeFirst()
      : undefined,
    db.selectFrom('user_role').select(['role', 'granted_at']).where('user_id', '=', personId).orderBy('role').execute(),
    // When sessions started and end; their ids are secrets and stay out.
    db
      .selectFrom('user_session')
      .select(['created_at', 'expires_at'])
      .where('user_id', '=', personId)
      .orderBy('created_at')
      .execute(),
    db.selectFrom('calendar_feed').select(['created_at']).where('person_id', '=', personId).executeTakeFirst(),
    db
      .selectFrom('sso_identity')
      .select(['issuer', 'subject', 'created_at', 'last_used_at'])
      .where('user_id', '=', personId)
      .orderBy('created_at')
      .execute(),
  ])
  return {
    user,
    team: team ?? null,
    jobRole: jobRole ?? null,
    roles,
    signInSessions: sessions,
    singleSignOnIdentities: identities,
    calendarFeed: calendarFeed ? { createdAt: calendarFeed.created_at } : null,
  }
}

async function gatherEvidence(db: Kysely<DB>, personId: string) {
  const entries = await db
    .selectFrom('evidence')
    .selectAll()
    .where('owner_id', '=', personId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const ids = entries.map((entry) => entry.id)
  if (ids.length === 0) return { evidence: [], files: [] as PersonalDataFile[] }
  const [revisions, mappings, files] = await Promise.all([
    db
      .selectFrom('evidence_revision')
      .selectAll()
      .where('evidence_id', 'in', ids)
      .orderBy('evidence_id')
      .orderBy('revision')
      .execute(),
    db
      .selectFrom('evidence_capability as m')
      .innerJoin('capability as c', 'c.id', 'm.capability_id')
      .select(['m.evidence_id', 'm.capability_id', 'c.code as capability_code', 'c.statement', 'm.note'])
      .select('m.carried_from_capability_id')
      .where('m.evidence_id', 'in', ids)
      .orderBy('c.code')
      .execute(),
    db
      .selectFrom('evidence_file')
      .selectAll()
      .where('evidence_id', 'in', ids)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute(),
  ])
  const zipFiles = files.map((file) => ({
    fileId: file.id,
    zipPath: `files/${file.id.slice(0, 8)}-${safeZipName(file.file_name)}`,
    storageKey: file.storage_key,
    sizeBytes: file.size_bytes,
  }))
  const pathOf = new Map(zipFiles.map((file) => [file.fileId, file.zipPath]))
  const revisionsOf = groupBy(revisions, 'evidence_id')
  const mappingsOf = groupBy(mappings, 'evidence_id')
  const filesOf = groupBy(files, 'evidence_id')
  const evidence = entries.map(({ search: _search, ...entry }) => ({
    ...entry,
    revisions: revisionsOf.get(entry.id) ?? [],
    capabilities: mappingsOf.get(entry.id) ?? [],
    attachments: (filesOf.get(entry.id) ?? []).map(({ storage_key: _key, ...file }) => ({
      ...file,
      inThisDownload: pathOf.get(file.id),
    })),
  }))
  return { evidence, files: zipFiles }
}

async function gatherSignoffs(db: Kysely<DB>, personId: string) {
  const requests = await db
    .selectFrom('signoff_request as r')
    .innerJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .innerJoin('framework_level as l', 'l.id', 'r.level_id')
    .selectAll('r')
    .select(['d.code as domain_code', 'd.name as domain_name', 'l.code as level_code', 'l.name as level_name'])
    .where('r.requester_id', '=', personId)
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute()
  const ids = requests.map((request) => request.id)
  if (ids.length === 0) return []
  const [evidence, events] = await Promise.all([
    db.selectFrom('signoff_request_evidence').selectAll().where('request_id', 'in', ids).execute(),
    db
      .selectFrom('signoff_event as e')
      .innerJoin('app_user as a', 'a.id', 'e.actor_id')
      .select(['e.id', 'e.request_id', 'e.kind', 'e.actor_id', 'a.name as actor_name', 'e.at', 'e.comment', 'e.data'])
      .where('e.request_id', 'in', ids)
      .orderBy('e.id')
      .execute(),
  ])
  const evidenceOf = groupBy(evidence, 'request_id')
  const eventsOf = groupBy(events, 'request_id')
  return requests.map((request) => ({
    ...request,
    evidence: evidenceOf.get(request.id) ?? [],
    events: eventsOf.get(request.id) ?? [],
  }))
}

async function gatherSupervision(db: Kysely<DB>, personId: string) {
  const [links, sessions] = await Promise.all([
    db
      .selectFrom('supervision_link as l')
      .innerJoin('app_user as sup', 'sup.id', 'l.supervisor_id')
      .innerJoin('app_user as see', 'see.id', 'l.supervisee_id')
      .selectAll('l')
      .select(['sup.name as supervisor_name', 'see.name as supervisee_name'])
      .where((eb) => eb.or([eb('l.supervisor_id', '=', personId), eb('l.supervisee_id', '=', personId)]))
      .orderBy('l.starts_on')
      .orderBy('l.id')
      .execute(),
    // Both people in a session hold its notes, confidential or not: they were there.
    db
      .selectFrom('supervision_session as s')
      .innerJoin('app_user as sup', 'sup.id', 's.supervisor_id')
      .innerJoin('app_user as see', 'see.id', 's.supervisee_id')
      .selectAll('s')
      .select(['sup.name as supervisor_name', 'see.name as supervisee_name'])
      .where((eb) => eb.or([eb('s.supervisor_id', '=', personId), eb('s.supervisee_id', '=', personId)]))
      .orderBy('s.held_on')
      .orderBy('s.id')
      .execute(),
  ])
  const ids = sessions.map((session) => session.id)
  const actions =
    ids.length === 0
      ? []
      : await db
          .selectFrom('supervision_action')
          .selectAll()
          .where('session_id', 'in', ids)
          .orderBy('session_id')
          .orderBy('position')
          .execute()
  const actionsOf = groupBy(actions, 'session_id')
  return { links, sessions: sessions.map((session) => ({ ...session, actions: actionsOf.get(session.id) ?? [] })) }
}

async function gatherRegistration(db: Kysely<DB>, personId: string) {
  const [registration, events] = await Promise.all([
    db.selectFrom('hcpc_registration').selectAll().where('person_id', '=', personId).executeTakeFirst(),
    db.selectFrom('hcpc_registration_event').selectAll().where('person_id', '=', personId).orderBy('id').execute(),
  ])
  return { registration: registration ?? null, events }
}

async function gatherApprenticeships(db: Kysely<DB>, personId: string) {
  const programmes = await db
    .selectFrom('apprenticeship')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('starts_on')
    .orderBy('id')
    .execute()
  const ids = programmes.map((programme) => programme.id)
  if (ids.length === 0) return []
  const [statuses, otj, placements, reviews, gateways] = await Promise.all([
    db
      .selectFrom('apprenticeship_status_event')
      .selectAll()
      .where('apprenticeship_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('otj_log')
      .selectAll()
      .where('apprenticeship_id', 'in', ids)
      .orderBy('done_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('placement_log')
      .selectAll()
      .where('apprenticeship_id', 'in', ids)
      .orderBy('starts_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('apprenticeship_review')
      .selectAll()
      .where('apprenticeship_id', 'in', ids)
      .orderBy('held_on')
      .orderBy('id')
      .execute(),
    db.selectFrom('apprenticeship_gateway').selectAll().where('apprenticeship_id', 'in', ids).execute(),
  ])
  const of = <T extends { apprenticeship_id: string }>(rows: T[]) => groupBy(rows, 'apprenticeship_id')
  const [statusesOf, otjOf, placementsOf, reviewsOf, gatewaysOf] = [
    of(statuses),
    of(otj),
    of(placements),
    of(reviews),
    of(gateways),
  ]
  return programmes.map((programme) => ({
    ...programme,
    statusHistory: statusesOf.get(programme.id) ?? [],
    offTheJobHours: otjOf.get(programme.id) ?? [],
    placements: placementsOf.get(programme.id) ?? [],
    reviews: reviewsOf.get(programme.id) ?? [],
    gateway: gatewaysOf.get(programme.id)?.[0] ?? null,
  }))
}

async function gatherCapabilities(db: Kysely<DB>, personId: string) {
  const [selfMappings, achievedLevels] = await Promise.all([
    db
      .selectFrom('self_mapping as m')
      .innerJoin('framework_domain as d', 'd.id', 'm.domain_id')
      .innerJoin('framework_level as l', 'l.id', 'm.level_id')
      .selectAll('m')
      .select(['d.code as domain_code', 'd.name as domain_name', 'l.code as level_code', 'l.name as level_name'])
      .where('m.person_id', '=', personId)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute(),
    db
      .selectFrom('achieved_level as a')
      .innerJoin('framework_domain as d', 'd.id', 'a.domain_id')
      .innerJoin('framework_level as l', 'l.id', 'a.level_id')
      .selectAll('a')
      .select(['d.code as domain_code', 'd.name as domain_name', 'l.code as level_code', 'l.name as level_name'])
      .where('a.person_id', '=', personId)
      .orderBy('d.code')
      .execute(),
  ])
  return { selfMappings, achievedLevels }
}

/** Everything held about the person, or undefined when there is no such person. */
export async function gatherPersonalData(db: Kysely<DB>, personId: string): Promise<PersonalData | undefined> {
  const profile = await gatherProfile(db, personId)
  if (!profile) return undefined
  const [evidence, signoffs, supervision, registration, apprenticeships, capabilities, cpdProfile, audit, messages] =
    await Promise.all([
      gatherEvidence(db, personId),
      gatherSignoffs(db, personId),
      gatherSupervision(db, personId),
      gatherRegistration(db, personId),
      gatherApprenticeships(db, personId),
      gatherCapabilities(db, personId),
      db.selectFrom('cpd_profile').selectAll().where('owner_id', '=', personId).executeTakeFirst(),
      db
        .selectFrom('audit_event')
        .selectAll()
        .where((eb) => eb.or([eb('actor_id', '=', personId), eb('subject_id', '=', personId)]))
        .orderBy('id')
        .execute(),
      db
        .selectFrom('outbox_message')
        .select(['id', 'kind', 'recipient_email', 'template', 'personalisation', 'status', 'created_at', 'sent_at'])
        .where('recipient_id', '=', personId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    ])
  return {
    personId,
    name: profile.user.name,
    sections: {
      'profile.json': profile,
      'evidence.json': evidence.evidence,
      'signoffs.json': signoffs,
      'supervision.json': supervision,
      'registration.json': registration,
      'apprenticeships.json': apprenticeships,
      'capabilities.json': capabilities,
      'cpd-profile.json': cpdProfile ?? null,
      'audit.json': audit,
      'emails.json': messages,
    },
    files: evidence.files,
  }
}
