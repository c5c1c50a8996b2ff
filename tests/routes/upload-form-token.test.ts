import { describe, expect, it } from 'vitest'
import { FORM_TOKEN_FIELD, newFormToken } from '#app/lib/form-token'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { submitOnce } from '#app/models/shared/form-submission.server'
import * as detail from '#app/routes/evidence.$id'
import { EMPTY_EVIDENCE, makeUser } from '#tests/support/builders'
import { TEST_ORIGIN, contextFor, getRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const owner = await makeUser(db, { name: 'Rhys Resend' })

/** The upload form as the page sends it, with the token given (or none for null). */
function upload(id: string, token: string | null, name = 'certificate.txt') {
  const form = new FormData()
  if (token !== null) form.append(FORM_TOKEN_FIELD, token)
  form.append('intent', 'attach')
  form.append('file', new File(['Moving and handling refresher, passed'], name))
  return new Request(`${TEST_ORIGIN}/evidence/${id}`, { method: 'POST', body: form, headers: { Origin: TEST_ORIGIN } })
}

async function send(id: string, token: string | null, name?: string) {
  return run(detail.action, upload(id, token, name), await contextFor(database, owner), { id })
}

async function fileNames(id: string): Promise<string[]> {
  const page = await run(detail.loader, getRequest(`/evidence/${id}`), await contextFor(database, owner), { id })
  return page.data.files.map((f: { fileName: string }) => f.fileName)
}

const newEntry = () => createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'Refresher' } })

describe('the upload form’s one-time token', () => {
  it('adds the file once when the same upload is sent again, and answers both alike', async () => {
    const id = await newEntry()
    const token = newFormToken()
    const first = await send(id, token)
    const again = await send(id, token)
    expect(first.status).toBe(302)
    expect(again.status).toBe(302)
    expect(again.location).toBe(first.location)
    expect(await fileNames(id)).toEqual(['certificate.txt'])
  })

  it('adds the file once when two copies of the upload arrive together', async () => {
    const id = await newEntry()
    const token = newFormToken()
    const outcomes = await Promise.all([send(id, token), send(id, token)])
    expect(outcomes.map((o) => o.status)).toEqual([302, 302])
    expect(await fileNames(id)).toEqual(['certificate.txt'])
  })

  it('adds a second file from a second form, which carries its own token', async () => {
    const id = await newEntry()
    await send(id, newFormToken(), 'first.txt')
    await send(id, newFormToken(), 'second.txt')
    expect((await fileNames(id)).sort()).toEqual(['first.txt', 'second.txt'])
  })

  it('refuses an upload without a token beside the form, adding nothing', async () => {
    const id = await newEntry()
    const outcome = await send(id, null)
    expect(outcome.status).toBe(400)
    expect(outcome.data.fieldErrors[FORM_TOKEN_FIELD]).toMatch(/nothing was saved/)
    expect(await fileNames(id)).toEqual([])
  })

  it('refuses a token that another form has used, adding nothing', async () => {
    const id = await newEntry()
    const token = newFormToken()
    await submitOnce(db, { token, userId: owner.id, kind: 'supervision-session/someone' }, async () => 'kept')
    const outcome = await send(id, token)
    expect(outcome.status).toBe(409)
    expect(outcome.data.fieldErrors[FORM_TOKEN_FIELD]).toMatch(/already sent/)
    expect(await fileNames(id)).toEqual([])
  })

  it('gives the page a fresh token on every render', async () => {
    const id = await newEntry()
    const context = await contextFor(database, owner)
    const first = await run(detail.loader, getRequest(`/evidence/${id}`), context, { id })
    const second = await run(detail.loader, getRequest(`/evidence/${id}`), context, { id })
    expect(first.data.uploadToken).toMatch(/^[0-9a-f-]{36}$/)
    expect(second.data.uploadToken).not.toBe(first.data.uploadToken)
  })
})
