import { describe, expect, it } from 'vitest'
import * as page from '#app/routes/admin.import'
import { makeUser } from '#tests/support/builders'
import { TEST_ORIGIN, contextFor, getRequest, postRequest, run, withFormTokenPart } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'] })
const asAdmin = await contextFor(database, admin)
const HEADER = 'Employee number,First name,Last name,Work email,Job role,Cost centre'

function upload(content: string | null, context = asAdmin) {
  const form = new FormData()
  if (content !== null) form.append('file', new File([content], 'staff.csv', { type: 'text/csv' }))
  const request = new Request(`${TEST_ORIGIN}/admin/import`, {
    method: 'POST',
    body: withFormTokenPart(form),
    headers: { Origin: TEST_ORIGIN },
  })
  return run(page.action, request, context)
}

const applyRequest = (uploadId: string, formToken: string) =>
  postRequest('/admin/import', { intent: 'apply', uploadId }, {}, { formToken })

const personNumbered = (number: string) =>
  db.selectFrom('app_user').select(['id', 'name']).where('employee_number', '=', number).executeTakeFirst()

describe('who may import staff', () => {
  it('sends the signed-out to sign in and refuses everyone but an administrator', async () => {
    const signedOut = await run(page.loader, getRequest('/admin/import'), await contextFor(database, null))
    expect(signedOut.location).toBe('/login?redirectTo=%2Fadmin%2Fimport')
    for (const roles of [['staff'], ['staff', 'supervisor'], ['staff', 'principal']] as const) {
      const context = await contextFor(database, await makeUser(db, { roles: [...roles] }))
      expect((await run(page.loader, getRequest('/admin/import'), context)).status).toBe(403)
      expect((await upload(`${HEADER}\nR-NO,A,B,r-no@import.test,ot,x\n`, context)).status).toBe(403)
    }
    expect(await personNumbered('R-NO')).toBeUndefined()
  })
})

describe('the import page', () => {
  it('shows the dry run, then applies the staged file once per form', async () => {
    const checked = await upload(`${HEADER}\nR-1,Robin,Hart,robin.hart@import.test,ot,CC1\n`)
    expect(checked.status).toBe(200)
    const preview = checked.data.preview
    expect(preview).toMatchObject({ rows: 1, extraColumns: ['Cost centre'], problemCount: 0 })
    expect(preview.created).toEqual([expect.objectContaining({ line: 2, employeeNumber: 'R-1', name: 'Robin Hart' })])
    expect(await personNumbered('R-1')).toBeUndefined()

    const token = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'
    const applied = await run(page.action, applyRequest(preview.uploadId, token), asAdmin)
    expect(applied.status).toBe(302)
    expect(applied.location).toBe('/admin/import')
    expect(await personNumbered('R-1')).toMatchObject({ name: 'Robin Hart' })
    const again = await run(page.action, applyRequest(preview.uploadId, token), asAdmin)
    expect(again.status).toBe(302)
    const people = await db.selectFrom('app_user').select('id').where('employee_number', '=', 'R-1').execute()
    expect(people).toHaveLength(1)
  })

  it('lists the problems with their lines and offers no apply', async () => {
    const checked = await upload(
      `${HEADER}\nR-2,Robin,Hart,robin2@import.test,astronaut,\nR-2,Sam,Hart,sam2@import.test,ot,\n`,
    )
    expect(checked.status).toBe(400)
    expect(checked.data.preview.uploadId).toBeNull()
    expect(checked.data.preview.problems).toEqual([
      { line: 2, message: 'the job role “astronaut” is not one the portal knows' },
      { line: 3, message: 'employee number R-2 is also on line 2' },
    ])
  })

  it('answers a missing file beside the field and an unknown upload with a message', async () => {
    const missing = await upload(null)
    expect(missing.status).toBe(400)
    expect(missing.data.fieldErrors.file).toMatch(/Choose a staff CSV file/)
    const unknown = await run(
      page.action,
      applyRequest('00000000-0000-4000-8000-000000000000', '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'),
      asAdmin,
    )
    expect(unknown.status).toBe(404)
    expect(unknown.data.fieldErrors.form).toMatch(/expired or was already applied/)
  })

  it('does not apply a file another administrator uploaded', async () => {
    const checked = await upload(`${HEADER}\nR-3,Robin,Hart,robin3@import.test,ot,\n`)
    const other = await contextFor(database, await makeUser(db, { roles: ['admin'] }))
    const refused = await run(
      page.action,
      applyRequest(checked.data.preview.uploadId, '8f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'),
      other,
    )
    expect(refused.status).toBe(404)
    expect(await personNumbered('R-3')).toBeUndefined()
  })
})
