import type { ActivityTypeCode } from '#app/models/evidence/evidence.schema'
import { type Rng, pick } from './random'

// ---------------------------------------------------------------------------------------------------------------
// Word lists

function words(text: string): string[] {
  return text.trim().split(/\s+/)
}

export const FIRST_NAMES = words(`
  Olivia Amelia Isla Ava Mia Grace Freya Lily Sophie Chloe Emily Hannah Aisha Priya Zara Fatima Niamh
  Siobhan Megan Rhiannon Bethan Ellie Jasmine Leah Ruth Joanne Claire Helen Sarah Rachel Oliver George
  Harry Jack Noah Leo Arthur Oscar Thomas James Daniel Samuel Mohammed Yusuf Ravi Arjun Kwame Tomasz
  Piotr Callum Rhys Owen Dylan Gareth Ian Mark Paul Stephen Andrew David
`)

export const LAST_NAMES = words(`
  Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright
  Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper
  Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis
  Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shah
  Khan Begum Hussain Ahmed Ali Singh Kaur Nowak O'Brien Murphy Owusu
`)

export const PLACES = words(`
  North South East West Central Riverside Coastal Valley Forest Moorland Harbour Castle Abbey Market
  Bridge Hillside Lakeside Parkway Meadow Kingsway Millbrook Ashford Brookfield Oakwood Westgate
`)

export const TOPICS = [
  'falls prevention',
  'moving and handling',
  'hoists and slings',
  'pressure care',
  'seating and posture',
  'housing adaptations',
  'minor adaptations',
  'dementia-friendly environments',
  'sensory processing',
  'hand therapy',
  'hospital discharge planning',
  'reablement',
  'mental capacity assessment',
  'Care Act eligibility',
  'telecare',
  'bathing equipment',
  'stair lifts',
  'wheelchair provision',
  'fatigue management',
  'cognitive assessment',
  'splinting',
  'safeguarding adults',
  'kitchen assessment',
  'strengths-based practice',
  'risk enablement',
  'end of life care',
  'stroke rehabilitation',
  "Parkinson's disease",
  'learning disability',
  'bariatric equipment',
  'carer support',
  'vocational rehabilitation',
  'anxiety management',
  'goal setting',
  'home environment assessment',
  'disabled facilities grants',
  'assistive technology',
  'frailty',
  'positive behaviour support',
  'sleep and routines',
] as const

const COLLEAGUES = [
  'physiotherapist',
  'senior OT',
  'social worker',
  'district nurse',
  'reablement officer',
  'housing officer',
  'speech and language therapist',
  'community matron',
  'trusted assessor',
  'moving and handling adviser',
] as const

export const SETTINGS = [
  'in the locality team',
  'on the acute medical ward',
  "in a person's home",
  'online',
  'at the council training centre',
  "at the trust's education centre",
  'in the community equipment store',
  'at a day centre',
  'in a care home',
] as const

export const TITLES: Record<ActivityTypeCode, readonly string[]> = {
  'work-based-learning': [
    'Joint visit with the {colleague}: {topic}',
    'Case review: {topic}',
    'Shadowed the {colleague} on {topic}',
    'Peer observation: {topic}',
    'Supervised practice in {topic}',
    'Complex case: {topic}',
  ],
  'professional-activity': [
    'Led a team briefing on {topic}',
    'Journal club: {topic}',
    'Presented at the locality meeting: {topic}',
    'Practice educator for a student placement',
    'Service audit of {topic}',
    'Wrote team guidance on {topic}',
  ],
  'formal-educational': [
    'Course: {topic}',
    'Conference workshop: {topic}',
    'E-learning module: {topic}',
    'University module: {topic}',
    'Mandatory training: {topic}',
    'Study day on {topic}',
  ],
  'self-directed': [
    'Reading: {topic}',
    'Webinar: {topic}',
    'Podcast on {topic}',
    'Reviewed national guidance on {topic}',
    'Research article on {topic}',
  ],
  other: ['Volunteering: {topic}', 'Community event on {topic}', 'Mentoring conversation about {topic}'],
}

export const OPENINGS: Record<ActivityTypeCode, readonly string[]> = {
  'work-based-learning': [
    'Joint home visit with the {colleague}',
    'Shadowed the {colleague}',
    'Case discussion with the {colleague}',
    'Observed practice during an assessment',
  ],
  'professional-activity': [
    'Led a team session',
    'Presented a case study',
    'Took part in a service audit',
    'Contributed to the practice development group',
  ],
  'formal-educational': [
    'Attended a one-day course',
    'Completed an accredited e-learning module',
    'Attended a conference workshop',
    'Completed a taught university module',
  ],
  'self-directed': [
    'Read a recent journal article',
    'Watched a recorded webinar',
    'Reviewed national guidance',
    'Listened to a professional podcast',
  ],
  other: ['Volunteered at a community event', 'Had a mentoring conversation', 'Visited an equipment showroom'],
}

export const DESCRIPTION_ENDINGS = [
  'It covered assessment, risk and recording.',
  'We discussed how our findings shape the plan.',
  'Notes are kept in my supervision folder.',
  'Certificate of attendance saved.',
  'Followed up with the team the next week.',
  '',
  '',
] as const

export const PEOPLE_SEEN = [
  'an older man living alone',
  'a woman with early-stage dementia',
  'a carer supporting her husband',
  'a young adult with a learning disability',
  'a man recovering from a stroke',
  'a woman with multiple sclerosis',
  "a person with Parkinson's disease",
  'a family caring for their mother at home',
  'a man being discharged after a hip fracture',
  'a woman living with chronic pain',
] as const

export const SITUATIONS = [
  'was struggling to get in and out of the bath',
  'had fallen twice at night',
  'wanted to return to cooking independently',
  'was at risk of pressure damage',
  'could no longer manage the stairs',
  'needed a safer way to transfer from bed to chair',
  'was anxious about going home from hospital',
  'found the current care plan was not working',
] as const

export const APPROACHES = [
  'I completed a home environment assessment with them',
  'we agreed goals together before any equipment was ordered',
  'I talked the options through with my supervisor',
  'I worked alongside the {colleague} to plan the next steps',
  'I tried the equipment with them before ordering it',
] as const

export const INSIGHTS = [
  'how small changes to the home environment reduce the risk of falls',
  'that a thorough assessment before ordering equipment saves time later',
  'how to explain risk in plain language',
  'why goals the person sets themselves are more likely to be met',
  'how the evidence has changed in recent years',
  'that carers need support in their own right',
  'how to use a structured tool consistently',
  'the limits of my role and when to ask for advice',
  'how to record clinical reasoning clearly',
] as const

export const CHANGES = [
  'ask about routines and sleep at every visit',
  'measure and record before recommending equipment',
  'share a written plan with the person and their carers',
  "check the person's own goals at each review",
  'use the team checklist for {topic}',
  'bring complex cases to supervision sooner',
  'offer a follow-up call two weeks after equipment is delivered',
  'write shorter, clearer reports for the funding panel',
] as const

export const BENEFITS = [
  'People stay safer at home and fewer need an emergency admission.',
  'People and carers understand the plan and feel involved in decisions.',
  'Equipment is used as intended, so fewer items come back unused.',
  'Waiting times are shorter because referrals are complete first time.',
  'People regain everyday skills and rely less on care visits.',
  'Carers feel more confident and less strained.',
] as const

export function fillIn(rng: Rng, template: string, topic: string): string {
  return template.replace('{topic}', topic).replace('{colleague}', () => pick(rng, COLLEAGUES))
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

// ---------------------------------------------------------------------------------------------------------------
// Supervision sessions, HCPC registrations and capability sign-off, written set-based from the rows above

export const SESSION_NOTES = [
  'Talked through the caseload and waiting list; agreed priorities for the next month.',
  'Reflected on a complex discharge and what we would do differently.',
  'Reviewed CPD since last time and mapped two entries to the framework.',
  'Discussed wellbeing and workload; no concerns raised.',
  'Went through a safeguarding concern and the decisions made.',
  'Looked at progress towards the next career development level.',
] as const

export const ACTION_TEXTS = [
  'Book the moving and handling refresher',
  'Write a reflection on the joint visit and map it to the framework',
  'Shadow the senior OT on a complex seating assessment',
  'Read the updated falls guidance and bring questions next time',
  'Ask for sign-off of the next level once the evidence is in',
  'Arrange a joint visit with the physiotherapist',
  'Update the equipment competency checklist',
  'Present a case at the team meeting',
] as const

export const SIGNOFF_NOTES = [
  'These entries show how I now work at this level.',
  'Discussed with my supervisor, who suggested I ask now.',
  'My reflections show the change in my practice over the year.',
  '',
] as const

export const DECISION_COMMENTS: Record<'approved' | 'returned', readonly string[]> = {
  approved: ['The evidence shows this level clearly.', 'Well reflected; agreed in supervision.', ''],
  returned: [
    'Please add an entry that shows you doing this without support.',
    'The reflections need to say what changed in your practice.',
  ],
}
