import { describe, expect, it } from 'vitest'
import { listAuditEventsFor } from '#app/models/shared/audit.server'
import * as teams from '#app/routes/admin.teams'
import { makeUser } from '#tests/support/builders'
import { contextFor, getRequest, postRequest, run } from '#tests/support/routes'
import { createTestDatabase } from '#tests/support/test-db'

const database = await createTestDatabase()
const db = database.db
const admin = await makeUser(db, { roles: ['admin'] })
const asAdmin = await contextFor(database, admin)

const post = (fields: Record<string, string>, context = asAdmin) =>
  run(teams.action, postRequest('/admin/teams', fields), context)

async function teamNamed(name: string) {
  return db.selectFrom('team').select(['id', 'archived_at as archivedAt']).where('name', '=', name).executeTakeFirst()
}

describe('who may manage teams', () => {
  it('sends the signed-out to sign in and refuses every other role', async () => {
    const signedOut = await run(teams.loader, getRequest('/admin/teams'), await contextFor(database, null))
    expect(signedOut.location).toBe('/login?redirectTo=%2Fadmin%2Fteams')
    for (const roles of [['staff'], ['staff', 'supervisor'], ['staff', 'principal']] as const) {
      const context = await contextFor(database, await makeUser(db, { roles: [...roles] }))
      expect((await run(teams.loader, getRequest('/admin/teams'), context)).status).toBe(403)
      expect((await post({ intent: 'create', name: 'Sneaky team' }, context)).status).toBe(403)
    }
    expect(await teamNamed('Sneaky team')).toBeUndefined()
  })
})

describe('the teams page', () => {
  it('adds a team once per form, lists it with its people count and says so', async () => {
    const token = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
    const request = () =>
      postRequest('/admin/teams', { intent: 'create', name: 'Paediatrics' }, {}, { formToken: token })
    const first = await run(teams.action, request(), asAdmin)
    expect(first.status).toBe(302)
    await run(teams.action, request(), asAdmin)
    expect(await db.selectFrom('team').select('id').where('name', '=', 'Paediatrics').execute()).toHaveLength(1)
    const page = await run(teams.loader, getRequest('/admin/teams'), asAdmin)
    expect(page.data.teams.find((t: { name: string }) => t.name === 'Paediatrics')).toMatchObject({ activePeople: 0 })
  })

  it('answers a missing, too long or taken name beside the field', async () => {
    await post({ intent: 'create', name: 'Neuro rehab' })
    for (const name of ['', 'x'.repeat(121), 'NEURO REHAB']) {
      const outcome = await post({ intent: 'create', name })
      expect(outcome.status).toBe(400)
      expect(outcome.data.fieldErrors.name).toMatch(/\w/)
    }
  })

  it('renames a team, opening the rename form from the list', async () => {
    await post({ intent: 'create', name: 'Old name' })
    const team = (await teamNamed('Old name'))!
    const page = await run(teams.loader, getRequest(`/admin/teams?rename=${team.id}`), asAdmin)
    expect(page.data.renaming).toEqual({ id: team.id, name: 'Old name' })
    const renamed = await post({ intent: 'rename', teamId: team.id, name: 'New name' })
    expect(renamed.status).toBe(302)
    expect(await teamNamed('New name')).toBeDefined()
    const missing = await post({ intent: 'rename', teamId: crypto.randomUUID(), name: 'Ghost' })
    expect(missing.status).toBe(404)
    const events = await listAuditEventsFor(db, 'team', team.id)
    expect(events.map((e) => e.action)).toEqual(['team.created', 'team.renamed'])
  })

  it('asks before archiving, then archives and restores', async () => {
    await post({ intent: 'create', name: 'Short-lived' })
    const team = (await teamNamed('Short-lived'))!
    const asked = await post({ intent: 'archive', teamId: team.id })
    expect(asked.status).toBe(409)
    expect(asked.data).toMatchObject({ confirm: true, values: { teamId: team.id } })
    expect((await teamNamed('Short-lived'))?.archivedAt).toBeNull()
    expect((await post({ intent: 'archive', teamId: team.id, confirmed: 'yes' })).status).toBe(302)
    expect((await teamNamed('Short-lived'))?.archivedAt).toBeInstanceOf(Date)
    expect((await post({ intent: 'unarchive', teamId: team.id })).status).toBe(302)
    expect((await teamNamed('Short-lived'))?.archivedAt).toBeNull()
  })

  it('answers a bad intent or team id with a message, not a server error', async () => {
    expect((await post({ intent: 'explode' })).status).toBe(400)
    expect((await post({ intent: 'archive', teamId: 'nope', confirmed: 'yes' })).status).toBe(400)
    const page = await run(teams.loader, getRequest('/admin/teams?rename=nope'), asAdmin)
    expect(page.data.renaming).toBeNull()
  })
})
