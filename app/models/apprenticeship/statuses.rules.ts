export const APPRENTICESHIP_STATUSES = [
  'on-programme',
  'break-in-learning',
  'gateway',
  'epa',
  'completed',
  'withdrawn',
] as const
export type ApprenticeshipStatus = (typeof APPRENTICESHIP_STATUSES)[number]

export const STATUS_LABELS: Record<ApprenticeshipStatus, string> = {
  'on-programme': 'On programme',
  'break-in-learning': 'Break in learning',
  gateway: 'Gateway',
  epa: 'End-point assessment',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
}

/** Where a status may move next. Completion has its own step, because it records the result. */
export const NEXT_STATUSES: Record<ApprenticeshipStatus, readonly ApprenticeshipStatus[]> = {
  'on-programme': ['break-in-learning', 'gateway', 'withdrawn'],
  'break-in-learning': ['on-programme', 'withdrawn'],
  gateway: ['epa', 'on-programme', 'withdrawn'],
  epa: ['withdrawn'],
  completed: [],
  withdrawn: [],
}

export const OPEN_STATUSES: readonly ApprenticeshipStatus[] = ['on-programme', 'break-in-learning', 'gateway', 'epa']

export const GATEWAY_ITEMS = ['ksbs', 'modules', 'pad', 'englishMaths'] as const
export type GatewayItem = (typeof GATEWAY_ITEMS)[number]

export const GATEWAY_ITEM_LABELS: Record<GatewayItem, string> = {
  ksbs: 'Employer and provider agree the knowledge, skills and behaviours are met',
  modules: 'All modules passed (allowing for recognised prior learning)',
  pad: 'Practice assessment documents completed and signed',
  englishMaths: 'Level 2 English and maths achieved',
}
