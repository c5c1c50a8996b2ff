import { describe, expect, it } from 'vitest'
import { todayInLondon } from '#app/lib/dates'
import { createEvidence, getEvidenceDetail } from '#app/models/evidence/evidence.server'
import * as edit from '#app/routes/evidence.$id_.edit'
import * as detail from '#app/routes/evidence.$id'
import * as files from '#app/routes/evidence.$id_.files.$fileId'
import * as list from '#app/routes/evidence._index'
import * as create from '#app/routes/evidence.new'
import { EMPTY_EVIDENCE, makeSupervision, makeUser } from '#tests/support/builders'
import { TEST_ORIGIN, contextFor, getRequest, postRequest, run, withFormTokenPart } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const owner = await makeUser(db, { name: 'Olive Owner' })
const stranger = await makeUser(db)
const yesterday = new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

const complete = {
  intent: 'complete',
  title: 'Seating assessment course',
  activityType: 'formal-educational',
  startsOn: '2026-09-14',
  hours: '6',
  description: 'A day on tilt-in-space seating.',
  reflectionLearned: 'Pressure mapping basics.',
  reflectionPractice: 'I check pressure areas at every review.',
  reflectionBenefit: 'Fewer pressure injuries for the people I see.',
}

describe('adding an entry', () => {
  it('saves a draft from just a title and says so', async () => {
    const outcome = await run(
      create.action,
      postRequest('/evidence/new', { intent: 'draft', title: 'Idea from team meeting' }),
      await contextFor(database, owner),
    )
    expect(outcome.status).toBe(302)
    expect(outcome.location).toMatch(/^\/evidence\/[0-9a-f-]{36}$/)
    expect(outcome.headers.get('Set-Cookie')).toMatch(/^otp_flash=/)
  })

  it('explains bad input beside each field and keeps everything typed', async () => {
    const outcome = await run(
      create.action,
      postRequest('/evidence/new', { ...complete, hours: '-2', endsOn: '2026-09-01' }),
      await contextFor(database, owner),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors).toEqual({
      hours: 'Enter hours as a number, like 1.5 (for an hour and a half)',
      endsOn: 'The end date must be on or after the start date',
    })
    expect(outcome.data.values).toMatchObject({
      title: complete.title,
      reflectionBenefit: complete.reflectionBenefit,
      hours: '-2',
    })
  })

  it('warns about what looks like a patient identifier, then saves once the person confirms', async () => {
    const context = await contextFor(database, owner)
    const fields = { ...complete, reflectionWhat: 'Visited Mrs Patel, DOB 04/05/1941, at home.' }
    const warned = await run(create.action, postRequest('/evidence/new', fields), context)
    expect(warned.status).toBe(400)
    expect(warned.data.privacy).toEqual([expect.objectContaining({ kind: 'date-of-birth', field: 'reflectionWhat' })])
    expect(warned.data.values.reflectionWhat).toBe(fields.reflectionWhat)
    const confirmed = await run(
      create.action,
      postRequest('/evidence/new', { ...fields, privacyConfirmed: 'yes' }),
      context,
    )
    expect(confirmed.status).toBe(302)
  })

  it('refuses a mapping to an unknown capability beside its row', async () => {
    const outcome = await run(
      create.action,
      postRequest('/evidence/new', { ...complete, 'map.0.capability': '00000000-0000-4000-8000-000000000000' }),
      await contextFor(database, owner),
    )
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors['map.0.capability']).toMatch(/retired or unknown framework version/)
  })
})

describe('someone else’s entry', () => {
  it('is answered as not found, so that its existence does not leak', async () => {
    const id = await createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'Private' } })
    const context = await contextFor(database, stranger)
    expect((await run(detail.loader, getRequest(`/evidence/${id}`), context, { id })).status).toBe(404)
    expect((await run(edit.loader, getRequest(`/evidence/${id}/edit`), context, { id })).status).toBe(404)
    expect((await run(edit.action, postRequest(`/evidence/${id}/edit`, complete), context, { id })).status).toBe(404)
    expect((await run(detail.loader, getRequest('/evidence/not-an-id'), context, { id: 'not-an-id' })).status).toBe(404)
  })

  it('is visible to a current supervisor, read-only, and not to one whose link ended yesterday', async () => {
    const id = await createEvidence(db, {
      ownerId: owner.id,
      evidence: { ...EMPTY_EVIDENCE, title: 'For supervision' },
    })
    const current = await makeUser(db, { roles: ['staff', 'supervisor'] })
    const former = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, current, owner)
    await makeSupervision(db, former, owner, { startsOn: '2024-01-01', endsOn: yesterday })
    const seen = await run(detail.loader, getRequest(`/evidence/${id}`), await contextFor(database, current), { id })
    expect(seen.data).toMatchObject({ isOwner: false, canEdit: false, canWithdraw: false })
    expect(
      (await run(edit.loader, getRequest(`/evidence/${id}/edit`), await contextFor(database, current), { id })).status,
    ).toBe(403)
    expect(
      (await run(detail.loader, getRequest(`/evidence/${id}`), await contextFor(database, former), { id })).status,
    ).toBe(404)
  })
})

describe('editing', () => {
  it('tells the second of two tabs that the entry changed, keeping what it typed', async () => {
    const id = await createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'Two tabs' } })
    const context = await contextFor(database, owner)
    const first = await run(
      edit.action,
      postRequest(`/evidence/${id}/edit`, { ...complete, title: 'Tab one', revision: '1' }),
      context,
      { id },
    )
    expect(first.status).toBe(302)
    const second = await run(
      edit.action,
      postRequest(`/evidence/${id}/edit`, { ...complete, title: 'Tab two', revision: '1' }),
      context,
      { id },
    )
    expect(second.status).toBe(409)
    expect(second.data.fieldErrors.form).toMatch(/saved somewhere else/)
    expect(second.data.values.title).toBe('Tab two')
    expect((await getEvidenceDetail(db, id))?.title).toBe('Tab one')
  })

  it('asks before withdrawing, keeping the reason, then withdraws; the owner can reinstate it', async () => {
    const id = await createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'To withdraw' } })
    const context = await contextFor(database, owner)
    const asked = await run(
      detail.action,
      postRequest(`/evidence/${id}`, { intent: 'withdraw', reason: 'Entered twice' }),
      context,
      { id },
    )
    expect(asked.status).toBe(409)
    expect(asked.data.confirm).toEqual({ intent: 'withdraw' })
    expect(asked.data.values.reason).toBe('Entered twice')
    expect((await run(edit.loader, getRequest(`/evidence/${id}/edit`), context, { id })).status).toBe(200)

    const withdrawn = await run(
      detail.action,
      postRequest(`/evidence/${id}`, { intent: 'withdraw', reason: 'Entered twice', confirmed: 'yes' }),
      context,
      { id },
    )
    expect(withdrawn.status).toBe(302)
    expect((await run(edit.loader, getRequest(`/evidence/${id}/edit`), context, { id })).status).toBe(403)
    const shown = await run(detail.loader, getRequest(`/evidence/${id}`), context, { id })
    expect(shown.data.canReinstate).toBe(true)

    const reinstated = await run(detail.action, postRequest(`/evidence/${id}`, { intent: 'reinstate' }), context, {
      id,
    })
    expect(reinstated.status).toBe(302)
    expect((await run(edit.loader, getRequest(`/evidence/${id}/edit`), context, { id })).status).toBe(200)
    const revisions = await db
      .selectFrom('evidence_revision')
      .select('event')
      .where('evidence_id', '=', id)
      .orderBy('revision')
      .execute()
    expect(revisions.map((r) => r.event)).toEqual(['created', 'withdrawn', 'reinstated'])
  })

  it('refuses to reinstate an entry that is not withdrawn, or someone else’s', async () => {
    const id = await createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'Current' } })
    const own = await run(
      detail.action,
      postRequest(`/evidence/${id}`, { intent: 'reinstate' }),
      await contextFor(database, owner),
      { id },
    )
    expect(own.status).toBe(403)
    const theirs = await run(
      detail.action,
      postRequest(`/evidence/${id}`, { intent: 'reinstate' }),
      await contextFor(database, stranger),
      { id },
    )
    expect(theirs.status).toBe(404)
  })
})

describe('the log page', () => {
  it('shows only the signed-in person’s entries', async () => {
    const person = await makeUser(db)
    await createEvidence(db, { ownerId: person.id, evidence: { ...EMPTY_EVIDENCE, title: 'Mine' } })
    await createEvidence(db, { ownerId: stranger.id, evidence: { ...EMPTY_EVIDENCE, title: 'Not mine' } })
    const outcome = await run(list.loader, getRequest('/evidence'), await contextFor(database, person))
    expect(outcome.data.log.items.map((i: { title: string }) => i.title)).toEqual(['Mine'])
  })
})

describe('attachments', () => {
  const uploadRequest = (id: string, name: string, bytes: BlobPart) => {
    const form = new FormData()
    form.append('intent', 'attach')
    form.append('file', new File([bytes], name))
    return new Request(`${TEST_ORIGIN}/evidence/${id}`, {
      method: 'POST',
      body: withFormTokenPart(form),
      headers: { Origin: TEST_ORIGIN },
    })
  }

  it('uploads a file, then downloads it as an attachment for the owner and their supervisor only', async () => {
    const id = await createEvidence(db, {
      ownerId: owner.id,
      evidence: { ...EMPTY_EVIDENCE, title: 'With certificate' },
    })
    const uploaded = await run(
      detail.action,
      uploadRequest(id, 'certificate.txt', 'Certificate of attendance'),
      await contextFor(database, owner),
      { id },
    )
    expect(uploaded.status).toBe(302)
    const page = await run(detail.loader, getRequest(`/evidence/${id}`), await contextFor(database, owner), { id })
    const fileId = page.data.files[0].id
    const download = await run(
      files.loader,
      getRequest(`/evidence/${id}/files/${fileId}`),
      await contextFor(database, owner),
      { id, fileId },
    )
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Disposition')).toMatch(/^attachment; filename="certificate.txt"/)
    expect(download.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    expect(download.data).toBe('Certificate of attendance')
    const refused = await run(
      files.loader,
      getRequest(`/evidence/${id}/files/${fileId}`),
      await contextFor(database, stranger),
      { id, fileId },
    )
    expect(refused.status).toBe(404)
  })

  it('refuses a program renamed .pdf, and an empty file, beside the upload field', async () => {
    const id = await createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'Upload checks' } })
    const context = await contextFor(database, owner)
    const exe = await run(
      detail.action,
      uploadRequest(id, 'certificate.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3])),
      context,
      { id },
    )
    expect(exe.status).toBe(400)
    expect(exe.data.fieldErrors.file).toMatch(/not a PDF, PNG, JPEG, Word document or plain text file/)
    const empty = await run(detail.action, uploadRequest(id, 'empty.txt', ''), context, { id })
    expect(empty.data.fieldErrors.file).toBe('The file is empty')
  })

  it('does not let a supervisor upload to a supervisee’s entry', async () => {
    const id = await createEvidence(db, {
      ownerId: owner.id,
      evidence: { ...EMPTY_EVIDENCE, title: 'Not theirs to change' },
    })
    const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'] })
    await makeSupervision(db, supervisor, owner)
    const outcome = await run(detail.action, uploadRequest(id, 'x.txt', 'x'), await contextFor(database, supervisor), {
      id,
    })
    expect(outcome.status).toBe(403)
  })
})

describe('downloading the log', () => {
  it('exports every filtered entry as CSV a spreadsheet opens safely', async () => {
    const { loader: exportLoader } = await import('#app/routes/evidence[.csv]')
    const person = await makeUser(db)
    await createEvidence(db, {
      ownerId: person.id,
      evidence: {
        ...EMPTY_EVIDENCE,
        status: 'complete',
        title: '=HYPERLINK("http://evil")',
        startsOn: '2026-01-05',
        minutes: 90,
        activityType: 'self-directed',
      },
    })
    await createEvidence(db, { ownerId: person.id, evidence: { ...EMPTY_EVIDENCE, title: 'Draft, with a comma' } })
    const all = await run(exportLoader, getRequest('/evidence.csv'), await contextFor(database, person))
    expect(all.headers.get('Content-Disposition')).toMatch(/^attachment; filename="cpd-log-\d{4}-\d{2}-\d{2}\.csv"$/)
    const lines = (all.data as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toMatch(/^Date,End date,Title,Activity type,Hours,Status,/)
    expect(lines[1]).toMatch(/^2026-01-05,,"'=HYPERLINK\(""http:\/\/evil""\)",Self-directed learning,1.5,Complete,/)
    expect(lines[2]).toMatch(/^,,"Draft, with a comma",,,Draft,/)
    const drafts = await run(exportLoader, getRequest('/evidence.csv?status=draft'), await contextFor(database, person))
    expect((drafts.data as string).trim().split('\r\n')).toHaveLength(2)
  })
})
