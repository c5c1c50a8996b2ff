import { createHash } from 'node:crypto'
import { type Insertable } from 'kysely'
import { addDays } from '#app/lib/dates'
import type { ActivityTypeCode } from '#app/models/evidence/evidence.schema'
import type { EvidenceTable } from '#db/schema'
import { type Rng, int, pick, uuid, weighted } from './random'
import { ACTIVITY_MIX, type Capability, type Person } from './plan'
import {
  APPROACHES,
  BENEFITS,
  CHANGES,
  DESCRIPTION_ENDINGS,
  INSIGHTS,
  OPENINGS,
  PEOPLE_SEEN,
  SETTINGS,
  SITUATIONS,
  TITLES,
  TOPICS,
  capitalise,
  fillIn,
} from './words'

export const YEARS = 3
const DAY_MS = 86_400_000

// ---------------------------------------------------------------------------------------------------------------
// One evidence entry

export interface Generated {
  evidence: Insertable<EvidenceTable> & { id: string }
  mappings: { evidence_id: string; capability_id: string }[]
  revision: {
    evidence_id: string
    revision: number
    content: string
    content_hash: string
    event: 'created'
    saved_by: string
    saved_at: Date
  }
}

export interface EntryContext {
  today: string
  windowStart: string
  windowDays: number
  now: number
}

export function generateEntry(
  rng: Rng,
  owner: Person,
  slot: number,
  total: number,
  caps: Capability[],
  ctx: EntryContext,
) {
  const id = uuid(rng)
  const draft = rng() < 0.04
  const activityType: ActivityTypeCode | null = draft && rng() < 0.3 ? null : weighted(rng, ACTIVITY_MIX)
  const type = activityType ?? 'other'
  const topic = pick(rng, TOPICS)
  // Entries are written in roughly the order they happened, so one person's rows are spread over the table.
  const day = Math.min(
    ctx.windowDays,
    Math.max(0, Math.floor((slot / Math.max(1, total)) * ctx.windowDays) + int(rng, -5, 5)),
  )
  const startsOn = draft && rng() < 0.4 ? null : addDays(ctx.windowStart, day)
  let endsOn: string | null = null
  let minutes: number | null
  if (type === 'formal-educational') {
    minutes = 15 * int(rng, 4, 28)
    if (startsOn && rng() < 0.2) {
      const days = int(rng, 1, 4)
      endsOn = addDays(startsOn, days)
      minutes += 15 * 28 * days
    }
  } else if (type === 'work-based-learning') {
    minutes = 15 * int(rng, 2, 12)
    if (startsOn && rng() < 0.08) {
      const days = int(rng, 7, 56)
      endsOn = addDays(startsOn, days)
      minutes = 15 * int(rng, 40, 160)
    }
  } else if (type === 'professional-activity') minutes = 15 * int(rng, 2, 8)
  else if (type === 'self-directed') minutes = 15 * int(rng, 1, 8)
  else minutes = 15 * int(rng, 2, 16)
  if (endsOn && endsOn > ctx.today) endsOn = ctx.today
  if (endsOn && startsOn && endsOn <= startsOn) endsOn = null
  if (draft && rng() < 0.5) minutes = null

  const title = fillIn(rng, pick(rng, TITLES[type]), topic)
  const secondTopic = rng() < 0.35 ? ` and ${pick(rng, TOPICS)}` : ''
  const ending = pick(rng, DESCRIPTION_ENDINGS)
  const description = `${fillIn(rng, pick(rng, OPENINGS[type]), topic)} on ${topic}${secondTopic}, ${pick(rng, SETTINGS)}.${ending ? ` ${ending}` : ''}`
  const reflectionWhat =
    rng() < 0.6
      ? `${capitalise(pick(rng, PEOPLE_SEEN))} ${pick(rng, SITUATIONS)}; ${fillIn(rng, pick(rng, APPROACHES), topic)}.`
      : null
  const reflectionLearned = `I learned ${pick(rng, INSIGHTS)}, particularly for ${topic}.`
  const reflectionPractice = `I now ${fillIn(rng, pick(rng, CHANGES), topic)}.`
  const reflectionBenefit = pick(rng, BENEFITS)
  const unfinished = draft && rng() < 0.6

  const mappingCount = weighted(rng, [
    [0, 20],
    [1, 60],
    [2, 15],
    [3, 5],
  ] as const)
  const chosen = new Set<string>()
  for (let i = 0; i < mappingCount && caps.length > 0; i++) chosen.add(pick(rng, caps).id)
  const mappings = [...chosen].map((capabilityId) => ({ capabilityId, note: null }))

  const evidence = {
    id,
    owner_id: owner.id,
    status: draft ? ('draft' as const) : ('complete' as const),
    title,
    activity_type: activityType,
    starts_on: startsOn,
    ends_on: endsOn,
    minutes,
    description: unfinished && rng() < 0.5 ? null : description,
    reflection_what: reflectionWhat,
    reflection_learned: unfinished ? null : reflectionLearned,
    reflection_practice: unfinished ? null : reflectionPractice,
    reflection_benefit: unfinished ? null : reflectionBenefit,
  }
  // The same shape and hash as a first revision written by createEvidence (currentContent and hashContent in
  // app/models/evidence.server.ts): fields, mappings in capability id order, then attachments (none here).
  const content = {
    status: evidence.status,
    title: evidence.title,
    activityType: evidence.activity_type,
    startsOn: evidence.starts_on,
    endsOn: evidence.ends_on,
    minutes: evidence.minutes,
    description: evidence.description,
    reflectionWhat: evidence.reflection_what,
    reflectionLearned: evidence.reflection_learned,
    reflectionPractice: evidence.reflection_practice,
    reflectionBenefit: evidence.reflection_benefit,
    mappings: [...mappings].sort((a, b) => (a.capabilityId < b.capabilityId ? -1 : 1)),
    files: [],
  }
  const json = JSON.stringify(content)
  const hash = createHash('sha256').update(json).digest('hex')
  const activityDay = endsOn ?? startsOn ?? addDays(ctx.windowStart, day)
  const written = Date.parse(`${activityDay}T08:00:00Z`) + int(rng, 0, 10) * DAY_MS + int(rng, 0, 11 * 60) * 60_000
  const createdAt = new Date(Math.min(written, ctx.now - int(rng, 1, 600) * 60_000))

  const generated: Generated = {
    evidence: { ...evidence, content_hash: hash, created_at: createdAt, updated_at: createdAt },
    mappings: mappings.map((m) => ({ evidence_id: id, capability_id: m.capabilityId })),
    revision: {
      evidence_id: id,
      revision: 1,
      content: json,
      content_hash: hash,
      event: 'created',
      saved_by: owner.id,
      saved_at: createdAt,
    },
  }
  return generated
}
