import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { saveCpdProfile } from '#app/models/cpd-profile/cpd-profile.server'
import * as pdf from '#app/routes/cpd-profile[.pdf]'
import { makeUser } from '#tests/support/builders'
import { contextFor, getRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db

describe('downloading the CPD profile as a PDF', () => {
  it('sends the person’s own profile as a private PDF attachment named after its period', async () => {
    const person = await makeUser(db, { name: 'Sam Jones' })
    await saveCpdProfile(db, {
      ownerId: person.id,
      profile: {
        periodFrom: '2024-11-23',
        periodTo: '2026-11-22',
        summary: 'I am an OT in a locality team.',
        statement: '',
        chosenEvidenceIds: [],
        gapExplanations: {},
      },
    })
    const response = (await pdf.loader({
      request: getRequest('/cpd-profile.pdf'),
      params: {},
      context: await contextFor(database, person),
    })) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Disposition')).toBe(
      'attachment; filename="cpd-profile-2024-11-23-to-2026-11-22.pdf"',
    )
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(response.headers.get('Content-Length')).toBe(String(bytes.byteLength))
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-')
    const doc = await PDFDocument.load(bytes)
    expect(doc.getAuthor()).toBe('Sam Jones')
    expect(doc.getTitle()).toBe('HCPC CPD profile: Sam Jones, 23 Nov 2024 to 22 Nov 2026')
  })

  it('downloads a profile whose period starts in the year 100, the earliest date the form takes', async () => {
    // Its gap's first month was labelled '100-01', which no date formatter reads: the download answered 500.
    const person = await makeUser(db)
    await saveCpdProfile(db, {
      ownerId: person.id,
      profile: {
        periodFrom: '0100-01-01',
        periodTo: '2026-11-22',
        summary: '',
        statement: '',
        chosenEvidenceIds: [],
        gapExplanations: {},
      },
    })
    const outcome = await run(pdf.loader, getRequest('/cpd-profile.pdf'), await contextFor(database, person))
    expect(outcome.status).toBe(200)
    expect(outcome.headers.get('Content-Type')).toBe('application/pdf')
  })

  it('sends someone who is not signed in to sign in, and back to the PDF afterwards', async () => {
    const outcome = await run(pdf.loader, getRequest('/cpd-profile.pdf'), await contextFor(database, null))
    expect(outcome.status).toBe(302)
    expect(outcome.location).toBe(`/login?redirectTo=${encodeURIComponent('/cpd-profile.pdf')}`)
  })

  it('refuses an administrator, who keeps no CPD profile here', async () => {
    const admin = await makeUser(db, { roles: ['admin'] })
    const outcome = await run(pdf.loader, getRequest('/cpd-profile.pdf'), await contextFor(database, admin))
    expect(outcome.status).toBe(403)
    expect(outcome.headers.get('Content-Type')).not.toBe('application/pdf')
  })
})
