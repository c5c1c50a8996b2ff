import { describe, expect, it } from 'vitest'
import { listHomeTasks } from '../../app/models/home.rules'

describe('home tasks', () => {
  it('asks staff with no supervisor to get one linked', () => {
    const tasks = listHomeTasks({ id: 'a', roles: ['staff'] }, { hasSupervisor: false, peopleWithoutSupervisor: null })
    expect(tasks.map((t) => t.id)).toEqual(['no-supervisor'])
  })
  it('has nothing for supervised staff', () => {
    expect(listHomeTasks({ id: 'a', roles: ['staff'] }, { hasSupervisor: true, peopleWithoutSupervisor: null })).toEqual([])
  })
  it('tells an administrator how many staff have no supervisor, in words', () => {
    const [one] = listHomeTasks({ id: 'a', roles: ['admin'] }, { hasSupervisor: false, peopleWithoutSupervisor: 1 })
    expect(one.text).toBe('1 member of staff has no supervisor linked.')
    const [many] = listHomeTasks({ id: 'a', roles: ['admin'] }, { hasSupervisor: false, peopleWithoutSupervisor: 4 })
    expect(many.text).toBe('4 members of staff have no supervisor linked.')
    expect(many.link?.to).toBe('/admin/users?supervisor=none')
  })
})
