import { describe, expect, it } from 'vitest'
import { type Actor, type PersonSubject, type RoleAction, ROLE_CAPABILITIES, can, visibility } from '#app/auth/policy'

const staff: Actor = { id: 'staff-1', roles: ['staff'] }
const supervisor: Actor = { id: 'sup-1', roles: ['staff', 'supervisor'] }
const principal: Actor = { id: 'pri-1', roles: ['staff', 'supervisor', 'principal'] }
const admin: Actor = { id: 'adm-1', roles: ['admin'] }

const person = (id: string, currentSupervisorIds: string[] = []): PersonSubject => ({
  kind: 'person',
  id,
  currentSupervisorIds,
})

describe('role-level actions', () => {
  const table: [RoleAction, Actor, boolean][] = [
    ['home.view', staff, true],
    ['account.manage', admin, true],
    ['supervisees.list', supervisor, true],
    ['supervisees.list', staff, false],
    ['workforce.view', principal, true],
    ['workforce.view', supervisor, false],
    ['workforce.view', admin, false],
    ['admin.users.manage', admin, true],
    ['admin.users.manage', principal, false],
    ['admin.frameworks.manage', staff, false],
  ]
  it.each(table)('%s for %o is %s', (action, actor, expected) => {
    expect(can(actor, action)).toBe(expected)
  })

  it('refuses everything to nobody', () => {
    for (const action of Object.keys(ROLE_CAPABILITIES) as RoleAction[]) expect(can(null, action)).toBe(false)
  })
})

describe('reading a person', () => {
  it('staff see their own record', () => {
    expect(can(staff, 'person.read', person('staff-1'))).toBe(true)
  })
  it('staff cannot see a colleague', () => {
    expect(can(staff, 'person.read', person('someone-else'))).toBe(false)
  })
  it('a supervisor sees a current supervisee', () => {
    expect(can(supervisor, 'person.read', person('staff-1', ['sup-1']))).toBe(true)
  })
  it('a supervisor cannot see someone they do not supervise today', () => {
    expect(can(supervisor, 'person.read', person('staff-2', ['another-supervisor']))).toBe(false)
  })
  it('the principal OT sees everyone', () => {
    expect(can(principal, 'person.read', person('staff-2'))).toBe(true)
  })
})

describe("reading a person's whole professional record", () => {
  it('the person sees their own', () => {
    expect(can(staff, 'person.record.read', person('staff-1'))).toBe(true)
  })
  it('staff cannot see a colleague', () => {
    expect(can(staff, 'person.record.read', person('staff-2'))).toBe(false)
  })
  it('a supervisor sees a current supervisee only', () => {
    expect(can(supervisor, 'person.record.read', person('staff-1', ['sup-1']))).toBe(true)
    expect(can(supervisor, 'person.record.read', person('staff-2', ['another-supervisor']))).toBe(false)
  })
  it('being listed as a supervisor needs the supervisor role', () => {
    expect(can({ id: 'sup-1', roles: ['staff'] }, 'person.record.read', person('staff-1', ['sup-1']))).toBe(false)
  })
  it('the principal OT sees everyone', () => {
    expect(can(principal, 'person.record.read', person('staff-2'))).toBe(true)
  })
  it('an administrator does not, though they may read the account', () => {
    expect(can(admin, 'person.read', person('staff-2'))).toBe(true)
    expect(can(admin, 'person.record.read', person('staff-2'))).toBe(false)
  })
})

describe('self-mapping', () => {
  it('only the person records their own, whoever supervises or oversees them', () => {
    expect(can(staff, 'self-mapping.record', person('staff-1', ['sup-1']))).toBe(true)
    expect(can(supervisor, 'self-mapping.record', person('staff-1', ['sup-1']))).toBe(false)
    expect(can(principal, 'self-mapping.record', person('staff-1'))).toBe(false)
    expect(can(admin, 'self-mapping.record', person('adm-1'))).toBe(false)
  })
  it('the person, their supervisor today and the principal OT read it; a colleague and an administrator do not', () => {
    expect(can(staff, 'self-mapping.read', person('staff-1'))).toBe(true)
    expect(can(supervisor, 'self-mapping.read', person('staff-1', ['sup-1']))).toBe(true)
    expect(can(principal, 'self-mapping.read', person('staff-1'))).toBe(true)
    expect(can(staff, 'self-mapping.read', person('staff-2'))).toBe(false)
    expect(can(supervisor, 'self-mapping.read', person('staff-2', ['another-supervisor']))).toBe(false)
    expect(can(admin, 'self-mapping.read', person('staff-1'))).toBe(false)
  })
})

describe('a download of everything held about a person', () => {
  it('is for the person themselves or an administrator, not their supervisor, the principal OT or a colleague', () => {
    expect(can(staff, 'personal-data.export', person('staff-1'))).toBe(true)
    expect(can(admin, 'personal-data.export', person('staff-1'))).toBe(true)
    expect(can(supervisor, 'personal-data.export', person('staff-1', ['sup-1']))).toBe(false)
    expect(can(principal, 'personal-data.export', person('staff-1'))).toBe(false)
    expect(can(staff, 'personal-data.export', person('staff-2'))).toBe(false)
  })
})

describe('how far lists reach', () => {
  it('is decided by the broadest role', () => {
    expect(visibility(staff)).toBe('self')
    expect(visibility(supervisor)).toBe('supervisees')
    expect(visibility(principal)).toBe('all')
    expect(visibility(admin)).toBe('self')
  })
})
