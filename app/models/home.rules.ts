import { type Actor, hasRole } from '../auth/policy'

export interface HomeTask {
  id: string
  text: string
  link?: { to: string; label: string }
}

export interface HomeFacts {
  hasSupervisor: boolean
  peopleWithoutSupervisor: number | null
}

/** What a person should do next, from what the portal knows about them today. */
export function listHomeTasks(actor: Actor, facts: HomeFacts): HomeTask[] {
  const tasks: HomeTask[] = []
  if (hasRole(actor, 'staff') && !hasRole(actor, 'principal') && !facts.hasSupervisor) {
    tasks.push({
      id: 'no-supervisor',
      text: 'You have no supervisor linked in the portal. Ask your administrator to link your supervisor.',
    })
  }
  if (facts.peopleWithoutSupervisor) {
    const n = facts.peopleWithoutSupervisor
    tasks.push({
      id: 'unsupervised-staff',
      text: `${n} ${n === 1 ? 'member of staff has' : 'members of staff have'} no supervisor linked.`,
      link: { to: '/admin/users?supervisor=none', label: 'See who' },
    })
  }
  return tasks
}
