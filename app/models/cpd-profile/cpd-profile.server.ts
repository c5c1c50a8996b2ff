import { type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { DB } from '#db/schema'
import {
  type ActivityGap,
  type ReadinessCheck,
  checkAuditReadiness,
  findActivityGaps,
  periodSinceLastRenewal,
} from './cpd-profile.rules'
import { type CpdProfileDraft, defaultProfilePeriod } from './cpd-profile.schema'
import { findProfession, renewalWindows } from '#app/models/registration/registration.rules'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { getRegistration } from '#app/models/registration/registration.server'
import { isUuid } from '#app/lib/ids'

export async function getCpdProfile(db: Kysely<DB>, ownerId: string): Promise<CpdProfileDraft | undefined> {
  return db
    .selectFrom('cpd_profile')
    .select([
      'period_from as periodFrom',
      'period_to as periodTo',
      'summary',
      'statement',
      'chosen_evidence_ids as chosenEvidenceIds',
      'gap_explanations as gapExplanations',
    ])
    .where('owner_id', '=', ownerId)
    .executeTakeFirst()
}

/** Saves the profile; chosen activities are kept only if they are the owner's own, active entries. */
export async function saveCpdProfile(
  db: Kysely<DB>,
  input: { ownerId: string; profile: CpdProfileDraft },
): Promise<void> {
  const p = input.profile
  const candidates = p.chosenEvidenceIds.filter((id) => isUuid(id))
  const owned = candidates.length
    ? await db
        .selectFrom('evidence')
        .select('id')
        .where('id', 'in', candidates)
        .where('owner_id', '=', input.ownerId)
        .where('withdrawn_at', 'is', null)
        .execute()
    : []
  const ownedIds = new Set(owned.map((row) => row.id))
  const values = {
    period_from: p.periodFrom,
    period_to: p.periodTo,
    summary: p.summary,
    statement: p.statement,
    chosen_evidence_ids: candidates.filter((id) => ownedIds.has(id)),
    gap_explanations: JSON.stringify(p.gapExplanations),
  }
  await db
    .insertInto('cpd_profile')
    .values({ owner_id: input.ownerId, ...values })
    .onConflict((oc) => oc.column('owner_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute()
}

export interface ProfileActivity {
  id: string
  title: string
  status: 'draft' | 'complete'
  activityType: string | null
  startsOn: string
  endsOn: string | null
  minutes: number | null
  reflectionPractice: string | null
  reflectionBenefit: string | null
  files: { id: string; fileName: string }[]
}

/** The person's dated, active entries that fall in the period, in date order (HCPC's "dated list"). */
export function listProfileActivities(
  db: Kysely<DB>,
  input: { ownerId: string; from: string; to: string },
): Promise<ProfileActivity[]> {
  return db
    .selectFrom('evidence as e')
    .select((eb) => [
      'e.id',
      'e.title',
      'e.status',
      'e.activity_type as activityType',
      sql<string>`e.starts_on`.as('startsOn'),
      'e.ends_on as endsOn',
      'e.minutes',
      'e.reflection_practice as reflectionPractice',
      'e.reflection_benefit as reflectionBenefit',
      jsonArrayFrom(
        eb
          .selectFrom('evidence_file as f')
          .select(['f.id', 'f.file_name as fileName'])
          .whereRef('f.evidence_id', '=', 'e.id')
          .where('f.removed_at', 'is', null)
          .orderBy('f.uploaded_at'),
      ).as('files'),
    ])
    .where('e.owner_id', '=', input.ownerId)
    .where('e.withdrawn_at', 'is', null)
    .where('e.starts_on', 'is not', null)
    .where('e.starts_on', '<=', input.to)
    .where(sql<string>`coalesce(e.ends_on, e.starts_on)`, '>=', input.from)
    .orderBy('e.starts_on')
    .orderBy('e.created_at')
    .execute()
}

export interface CpdProfileView {
  profile: CpdProfileDraft
  activities: ProfileActivity[]
  gaps: ActivityGap[]
  readiness: ReadinessCheck[]
}

/** The profile as the page and its PDF show it: the saved one, or an empty one over the default period. */
/** For a registered person, the period since their last renewal (HCPC asks about the current cycle). */
async function renewalPeriodFor(db: Kysely<DB>, ownerId: string, today: string) {
  const record = (await getRegistration(db, ownerId, today))?.record
  const profession = record ? findProfession(hcpcRules(), record.professionCode) : undefined
  if (!record || !profession) return undefined
  return periodSinceLastRenewal(renewalWindows(profession, Number(today.slice(0, 4))), record.firstRegisteredOn, today)
}

export async function loadCpdProfileView(
  db: Kysely<DB>,
  input: { ownerId: string; today: string },
): Promise<CpdProfileView> {
  const saved = await getCpdProfile(db, input.ownerId)
  const period = saved
    ? { from: saved.periodFrom, to: saved.periodTo }
    : ((await renewalPeriodFor(db, input.ownerId, input.today)) ?? defaultProfilePeriod(input.today))
  const activities = await listProfileActivities(db, { ownerId: input.ownerId, ...period })
  const profile = saved ?? {
    periodFrom: period.from,
    periodTo: period.to,
    summary: '',
    statement: '',
    chosenEvidenceIds: [],
    gapExplanations: {},
  }
  const gaps = findActivityGaps(activities, period, input.today)
  const chosen = new Set(profile.chosenEvidenceIds)
  return {
    profile,
    activities,
    gaps,
    readiness: checkAuditReadiness({
      activities: activities.map((a) => ({ ...a, fileCount: a.files.length })),
      gaps,
      explainedGaps: new Set(Object.keys(profile.gapExplanations)),
      summary: profile.summary,
      statement: profile.statement,
      chosenIds: chosen,
    }),
  }
}

export interface ActivityReflection {
  id: string
  description: string | null
  reflectionWhat: string | null
  reflectionLearned: string | null
  reflectionPractice: string | null
  reflectionBenefit: string | null
}

/** The written parts of the owner's own active entries among `ids` (the activities chosen for the statement). */
export function listActivityReflections(
  db: Kysely<DB>,
  input: { ownerId: string; ids: string[] },
): Promise<ActivityReflection[]> {
  if (input.ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('evidence as e')
    .select([
      'e.id',
      'e.description',
      'e.reflection_what as reflectionWhat',
      'e.reflection_learned as reflectionLearned',
      'e.reflection_practice as reflectionPractice',
      'e.reflection_benefit as reflectionBenefit',
    ])
    .where('e.id', 'in', input.ids)
    .where('e.owner_id', '=', input.ownerId)
    .where('e.withdrawn_at', 'is', null)
    .execute()
}
