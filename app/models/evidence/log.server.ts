import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'
import type { EvidenceLogFilters } from './log.schema'

export const EVIDENCE_PAGE_SIZE = 25

export interface EvidenceLogItem {
  id: string
  title: string
  status: 'draft' | 'complete'
  activityType: string | null
  startsOn: string | null
  endsOn: string | null
  minutes: number | null
  mappingCount: number
  withdrawn: boolean
}

export interface EvidenceLog {
  items: EvidenceLogItem[]
  total: number
  totals: {
    minutes: number
    byType: { activityType: string | null; minutes: number; entries: number }[]
    byYear: { year: number | null; minutes: number; entries: number }[]
  }
}

/** One person's log, newest activity first (drafts without a date at the top), filtered as asked. */
export async function listEvidenceLog(
  db: Kysely<DB>,
  input: { ownerId: string; filters: EvidenceLogFilters; page: number },
): Promise<EvidenceLog> {
  const base = filteredEvidence(db, input.ownerId, input.filters)
  // The page's ids come from the index alone; only those 25 rows are then read from the table.
  const pageIds = base
    .select('e.id')
    .orderBy(sql`e.starts_on desc nulls first`)
    .orderBy('e.created_at', 'desc')
    .limit(EVIDENCE_PAGE_SIZE)
    .offset((Math.max(1, input.page) - 1) * EVIDENCE_PAGE_SIZE)
  const [items, groups] = await Promise.all([
    db
      .selectFrom('evidence as e')
      .select([
        'e.id',
        'e.title',
        'e.status',
        'e.activity_type as activityType',
        'e.starts_on as startsOn',
        'e.ends_on as endsOn',
        'e.minutes',
        sql<number>`(select count(*)::int from evidence_capability ec where ec.evidence_id = e.id)`.as('mappingCount'),
        sql<boolean>`e.withdrawn_at is not null`.as('withdrawn'),
      ])
      .where('e.id', 'in', pageIds)
      .orderBy(sql`e.starts_on desc nulls first`)
      .orderBy('e.created_at', 'desc')
      .execute(),
    base
      .select([
        'e.activity_type as activityType',
        sql<number | null>`extract(year from e.starts_on)::int`.as('year'),
        sql<number>`coalesce(sum(e.minutes), 0)::int`.as('minutes'),
        sql<number>`count(*)::int`.as('entries'),
      ])
      .groupBy(['e.activity_type', sql`extract(year from e.starts_on)`])
      .execute(),
  ])
  return { items, ...foldTotals(groups) }
}

type TotalsGroup = { activityType: string | null; year: number | null; minutes: number; entries: number }

/** One pass over the filtered rows gives both totals: by activity type and by year (newest first). */
function foldTotals(groups: TotalsGroup[]): Pick<EvidenceLog, 'total' | 'totals'> {
  const add = <K>(map: Map<K, { minutes: number; entries: number }>, key: K, group: TotalsGroup) => {
    const current = map.get(key) ?? { minutes: 0, entries: 0 }
    map.set(key, { minutes: current.minutes + group.minutes, entries: current.entries + group.entries })
  }
  const byType = new Map<string | null, { minutes: number; entries: number }>()
  const byYear = new Map<number | null, { minutes: number; entries: number }>()
  for (const group of groups) {
    add(byType, group.activityType, group)
    add(byYear, group.year, group)
  }
  const total = groups.reduce((sum, g) => sum + g.entries, 0)
  const minutes = groups.reduce((sum, g) => sum + g.minutes, 0)
  return {
    total,
    totals: {
      minutes,
      byType: [...byType.entries()]
        .map(([activityType, t]) => ({ activityType, ...t }))
        .sort((a, b) => (a.activityType ?? '~').localeCompare(b.activityType ?? '~')),
      byYear: [...byYear.entries()]
        .map(([year, t]) => ({ year, ...t }))
        .sort((a, b) => (a.year === null ? -1 : b.year === null ? 1 : b.year - a.year)),
    },
  }
}

function filteredEvidence(db: Kysely<DB>, ownerId: string, f: EvidenceLogFilters) {
  let base = db.selectFrom('evidence as e').where('e.owner_id', '=', ownerId)
  if (f.status === 'withdrawn') base = base.where('e.withdrawn_at', 'is not', null)
  else base = base.where('e.withdrawn_at', 'is', null)
  if (f.status === 'draft' || f.status === 'complete') base = base.where('e.status', '=', f.status)
  if (f.activityType) base = base.where('e.activity_type', '=', f.activityType)
  if (f.from) base = base.where(sql<string>`coalesce(e.ends_on, e.starts_on)`, '>=', f.from)
  if (f.to) base = base.where('e.starts_on', '<=', f.to)
  if (f.query) base = base.where(sql<boolean>`e.search @@ websearch_to_tsquery('english', ${f.query})`)
  if (f.attachments !== null) {
    const hasFiles = sql<boolean>`exists (select 1 from evidence_file ef where ef.evidence_id = e.id and ef.removed_at is null)`
    base = base.where(f.attachments ? hasFiles : sql<boolean>`not ${hasFiles}`)
  }
  if (f.frameworkCode) {
    const code = f.frameworkCode
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('evidence_capability as ec')
          .innerJoin('capability as c', 'c.id', 'ec.capability_id')
          .innerJoin('framework_version as v', 'v.id', 'c.version_id')
          .innerJoin('framework as fw', 'fw.id', 'v.framework_id')
          .select('ec.capability_id')
          .whereRef('ec.evidence_id', '=', 'e.id')
          .where('fw.code', '=', code)
          .$if(Boolean(f.capabilityCode), (qb) => qb.where('c.code', '=', f.capabilityCode!)),
      ),
    )
  }
  return base
}

export interface EvidenceExportRow {
  startsOn: string | null
  endsOn: string | null
  title: string
  activityType: string | null
  minutes: number | null
  status: string
  withdrawn: boolean
  description: string | null
  reflectionWhat: string | null
  reflectionLearned: string | null
  reflectionPractice: string | null
  reflectionBenefit: string | null
  capabilities: string | null
}

/** Every entry the filters select (not just one page), oldest first, for a CSV download. */
export function listEvidenceForExport(
  db: Kysely<DB>,
  input: { ownerId: string; filters: EvidenceLogFilters },
): Promise<EvidenceExportRow[]> {
  return filteredEvidence(db, input.ownerId, input.filters)
    .select([
      'e.starts_on as startsOn',
      'e.ends_on as endsOn',
      'e.title',
      'e.activity_type as activityType',
      'e.minutes',
      'e.status',
      sql<boolean>`e.withdrawn_at is not null`.as('withdrawn'),
      'e.description',
      'e.reflection_what as reflectionWhat',
      'e.reflection_learned as reflectionLearned',
      'e.reflection_practice as reflectionPractice',
      'e.reflection_benefit as reflectionBenefit',
      sql<string | null>`(select string_agg(f.name || ' ' || c.code, '; ' order by f.name, c.sort_order)
        from evidence_capability ec join capability c on c.id = ec.capability_id
        join framework_version v on v.id = c.version_id join framework f on f.id = v.framework_id
        where ec.evidence_id = e.id)`.as('capabilities'),
    ])
    .orderBy(sql`e.starts_on asc nulls last`)
    .orderBy('e.created_at')
    .execute()
}

/** How many of a person's active entries map to each capability of one framework version. */
export async function countEvidenceByCapability(
  db: Kysely<DB>,
  input: { ownerId: string; versionId: string },
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('evidence_capability as ec')
    .innerJoin('evidence as e', 'e.id', 'ec.evidence_id')
    .innerJoin('capability as c', 'c.id', 'ec.capability_id')
    .select(['c.code', sql<number>`count(*)::int`.as('entries')])
    .where('e.owner_id', '=', input.ownerId)
    .where('e.withdrawn_at', 'is', null)
    .where('c.version_id', '=', input.versionId)
    .groupBy('c.code')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.code, row.entries]))
}
