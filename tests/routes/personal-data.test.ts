import yauzl from 'yauzl'
import { describe, expect, it } from 'vitest'
import { createEvidence, updateEvidence } from '#app/models/evidence/evidence.server'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import { requestSignoff } from '#app/models/signoffs/request.server'
import * as adminZip from '#app/routes/admin.users_.$id_.data[.zip]'
import * as ownZip from '#app/routes/account_.data[.zip]'
import * as ownPage from '#app/routes/account_.data'
import {
  EMPTY_EVIDENCE,
  makeRegistration,
  makeSupervision,
  makeSupervisionSession,
  makeUser,
} from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { completeEvidence, rcotDomain } from '#tests/support/signoffs'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

/** Every entry of a zip, by name, read with yauzl (which checks each entry's CRC as it reads). */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>()
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error)
      zip.on('error', reject)
      zip.on('end', () => resolve(entries))
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (openError, stream) => {
          if (openError) return reject(openError)
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('error', reject)
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

const json = (entries: Map<string, Buffer>, name: string): any => JSON.parse(entries.get(name)!.toString('utf8'))

async function scenario() {
  const person = await makeUser(db, { roles: ['staff'], name: 'Alex Export' })
  const other = await makeUser(db, { roles: ['staff'], name: 'Robin Other' })
  const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sol Supervisor' })
  const admin = await makeUser(db, { roles: ['admin'] })
  await makeSupervision(db, supervisor, person)
  await makeSupervision(db, supervisor, other)
  const capability = await db
    .selectFrom('capability as c')
    .innerJoin('framework_version as v', 'v.id', 'c.version_id')
    .select('c.id')
    .where('c.code', '=', '5PP')
    .where('v.status', '=', 'published')
    .executeTakeFirstOrThrow()
  const draft = { ...EMPTY_EVIDENCE, title: 'Falls clinic shadowing', mappings: [] }
  const evidenceId = await createEvidence(db, { ownerId: person.id, evidence: draft })
  await updateEvidence(db, {
    id: evidenceId,
    expectedRevision: 1,
    actorId: person.id,
    evidence: {
      ...draft,
      title: 'Falls clinic shadowing, second week',
      mappings: [{ capabilityId: capability.id, note: 'Assessed gait' }],
    },
  })
  const attachment = new TextEncoder().encode('Reflective notes from the falls clinic.\n')
  const fileId = await attachEvidenceFile(db, {
    evidenceId,
    actorId: person.id,
    fileName: 'notes.txt',
    bytes: attachment,
  })
  // A name as an older upload or another client might have left it: the zip must not take its folders or accents.
  await db
    .updateTable('evidence_file')
    .set({ file_name: '../../Café notes: week 2?.txt' })
    .where('id', '=', fileId)
    .execute()
  const pillar = await rcotDomain(db, 'PP')
  const signoffId = await requestSignoff(db, {
    requesterId: person.id,
    versionId: pillar.versionId,
    domainId: pillar.domainId,
    levelId: pillar.levels['5']!,
    note: 'Ready for level 5',
    evidenceIds: [await completeEvidence(db, person.id, ['5PP'])],
  })
  const sessionId = await makeSupervisionSession(db, supervisor, person, {
    notes: 'Talked about caseload pressure.',
    actions: [{ text: 'Book the moving and handling refresher', owner: 'supervisee', dueOn: null }],
  })
  const registrationNumber = await makeRegistration(db, person, { expiresOn: '2027-10-31' })
  await db
    .insertInto('sso_identity')
    .values({ issuer: 'https://login.example/tenant', subject: `sub-${person.id}`, user_id: person.id })
    .execute()
  // Another person's records, which must stay out of the download.
  const otherEvidence = await createEvidence(db, {
    ownerId: other.id,
    evidence: { ...EMPTY_EVIDENCE, title: 'Robin private entry' },
  })
  await makeSupervisionSession(db, supervisor, other, { notes: 'Robin confidential matter.' })
  await makeRegistration(db, other, { expiresOn: '2027-10-31' })
  return {
    person,
    other,
    supervisor,
    admin,
    evidenceId,
    fileId,
    attachment,
    signoffId,
    sessionId,
    registrationNumber,
    otherEvidence,
  }
}

async function download(response: unknown): Promise<{ response: Response; entries: Map<string, Buffer> }> {
  expect(response).toBeInstanceOf(Response)
  const r = response as Response
  return { response: r, entries: await unzip(Buffer.from(await r.arrayBuffer())) }
}

describe('a person downloads their own data', () => {
  it('sends one private zip with a README, JSON per area and the attachment bytes, and nobody else’s records', async () => {
    const s = await scenario()
    const { response, entries } = await download(
      await ownZip.loader({
        request: getRequest('/account/data.zip'),
        params: {},
        context: await contextFor(database, s.person),
      }),
    )
    expect(response.headers.get('Content-Type')).toBe('application/zip')
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="personal-data-alex_export-/)

    expect(entries.get('README.txt')!.toString()).toContain('evidence.json')
    const profile = json(entries, 'profile.json')
    expect(profile.user.id).toBe(s.person.id)
    expect(profile.user.email).toBe(s.person.email)
    expect(profile.roles.map((r: { role: string }) => r.role)).toEqual(['staff'])
    expect(profile.jobRole.code).toBe('ot')
    expect(profile.singleSignOnIdentities).toEqual([
      expect.objectContaining({ issuer: 'https://login.example/tenant', subject: `sub-${s.person.id}` }),
    ])

    const evidence = json(entries, 'evidence.json')
    const entry = evidence.find((e: { id: string }) => e.id === s.evidenceId)
    expect(entry.title).toBe('Falls clinic shadowing, second week')
    expect(entry.revisions.map((r: { event: string }) => r.event)).toEqual(['created', 'edited', 'file-added'])
    expect(entry.revisions[0].content.title).toBe('Falls clinic shadowing')
    expect(entry.capabilities).toEqual([expect.objectContaining({ capability_code: '5PP', note: 'Assessed gait' })])
    expect(entry.attachments).toHaveLength(1)
    const attachment = entry.attachments[0]
    expect(attachment).toMatchObject({
      id: s.fileId,
      file_name: '../../Café notes: week 2?.txt',
      size_bytes: s.attachment.length,
    })
    expect(attachment.storage_key).toBeUndefined()
    expect(attachment.inThisDownload).toMatch(/^files\/[0-9a-f]{8}-Cafe_notes_week_2_.txt$/)
    expect(entries.get(attachment.inThisDownload)!.equals(Buffer.from(s.attachment))).toBe(true)

    const signoffs = json(entries, 'signoffs.json')
    expect(signoffs).toHaveLength(1)
    expect(signoffs[0]).toMatchObject({
      id: s.signoffId,
      note: 'Ready for level 5',
      domain_code: 'PP',
      level_code: '5',
    })
    expect(signoffs[0].evidence).toHaveLength(1)
    expect(signoffs[0].events.map((e: { kind: string }) => e.kind)).toEqual(['requested'])

    const supervision = json(entries, 'supervision.json')
    expect(supervision.sessions).toHaveLength(1)
    expect(supervision.sessions[0]).toMatchObject({
      id: s.sessionId,
      notes: 'Talked about caseload pressure.',
      supervisor_name: 'Sol Supervisor',
    })
    expect(supervision.sessions[0].actions[0].text).toBe('Book the moving and handling refresher')
    expect(supervision.links).toHaveLength(1)

    const registration = json(entries, 'registration.json')
    expect(registration.registration.number).toBe(s.registrationNumber)
    expect(registration.events.map((e: { kind: string }) => e.kind)).toEqual(['recorded'])

    const everything = [...entries.values()].map((bytes) => bytes.toString('utf8')).join('\n')
    expect(everything).not.toContain(s.other.id)
    expect(everything).not.toContain('Robin')
    expect(everything).not.toContain(s.otherEvidence)
    expect(everything).not.toContain('confidential matter')

    const audit = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'personal-data.exported')
      .where('subject_id', '=', s.person.id)
      .execute()
    expect(audit).toEqual([expect.objectContaining({ actor_id: s.person.id, subject_kind: 'person' })])
  })

  it('explains the download on a page for the signed-in person, and sends a signed-out visitor to sign in', async () => {
    const person = await makeUser(db)
    expect((await run(ownPage.loader, getRequest('/account/data'), await contextFor(database, person))).status).toBe(
      200,
    )
    const anonymous = await contextFor(database, null)
    for (const [module, path] of [
      [ownPage, '/account/data'],
      [ownZip, '/account/data.zip'],
    ] as const) {
      const outcome = await run(module.loader, getRequest(path), anonymous)
      expect(outcome.status).toBe(302)
      expect(outcome.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
    }
  })
})

describe('an administrator downloads someone’s data', () => {
  it('gets the same zip, and the audit trail says who downloaded whose data', async () => {
    const s = await scenario()
    const { entries } = await download(
      await adminZip.loader({
        request: getRequest(`/admin/users/${s.person.id}/data.zip`),
        params: { id: s.person.id },
        context: await contextFor(database, s.admin),
      }),
    )
    expect(json(entries, 'profile.json').user.id).toBe(s.person.id)
    expect(json(entries, 'evidence.json').map((e: { id: string }) => e.id)).toContain(s.evidenceId)
    const audit = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'personal-data.exported')
      .where('subject_id', '=', s.person.id)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: s.admin.id, data: { self: false, attachments: 1 } })
  })

  it('is refused to anyone else, and an unknown or malformed id is not found', async () => {
    const s = await scenario()
    const path = `/admin/users/${s.person.id}/data.zip`
    for (const user of [s.other, s.supervisor, s.person]) {
      const outcome = await run(adminZip.loader, getRequest(path), await contextFor(database, user), {
        id: s.person.id,
      })
      expect(outcome.status).toBe(403)
    }
    const admin = await contextFor(database, s.admin)
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const outcome = await run(adminZip.loader, getRequest(`/admin/users/${id}/data.zip`), admin, { id })
      expect(outcome.status).toBe(404)
    }
    const signedOut = await run(adminZip.loader, getRequest(path), await contextFor(database, null), {
      id: s.person.id,
    })
    expect(signedOut.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
    const refusedDownloads = await db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'personal-data.exported')
      .where('subject_id', '=', s.person.id)
      .execute()
    expect(refusedDownloads).toEqual([])
  })
})
