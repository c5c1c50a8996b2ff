import { isIsoDate } from '#app/lib/dates'
import { withoutUnstorableCharacters } from '#app/lib/forms'
import { ACTIVITY_TYPES, type ActivityTypeCode } from './evidence.schema'

export interface EvidenceLogFilters {
  query: string | null
  activityType: ActivityTypeCode | null
  from: string | null
  to: string | null
  status: 'active' | 'draft' | 'complete' | 'withdrawn'
  frameworkCode: string | null
  capabilityCode: string | null
  /** true: only entries with files; false: only entries without; null: either. */
  attachments: boolean | null
}

const STATUSES = ['active', 'draft', 'complete', 'withdrawn'] as const

/** Filters live in the URL so a filtered log can be bookmarked; anything unreadable is ignored. */
export function readLogFilters(params: URLSearchParams): { filters: EvidenceLogFilters; page: number } {
  const text = (key: string, max = 200) =>
    withoutUnstorableCharacters(params.get(key) ?? '')
      .trim()
      .slice(0, max) || null
  const date = (key: string) => {
    const value = text(key, 10)
    return value && isIsoDate(value) ? value : null
  }
  const type = text('type')
  const status = text('status')
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  return {
    filters: {
      query: searchText(text('q')),
      activityType: type && Object.hasOwn(ACTIVITY_TYPES, type) ? (type as ActivityTypeCode) : null,
      from: date('from'),
      to: date('to'),
      status: STATUSES.find((s) => s === status) ?? 'active',
      frameworkCode: text('framework', 100),
      capabilityCode: text('capability', 100),
      attachments: params.get('files') === 'yes' ? true : params.get('files') === 'no' ? false : null,
    },
    page: Number.isInteger(page) && page > 0 ? Math.min(page, 10_000) : 1,
  }
}

/**
 * The words to search for as the database reads them (web search syntax: "quoted phrases", or, -not). A run of
 * minus signs with nothing but punctuation between them means no more than one, and PostgreSQL refuses a long run
 * (its query stack is 32 deep), so a run becomes a single minus.
 */
export function searchText(query: string | null): string | null {
  return query ? query.replace(/-(?:[^\p{L}\p{N}"]*-)+/gu, '-') : null
}

export function hasActiveFilters(filters: EvidenceLogFilters): boolean {
  return Boolean(
    filters.query ||
    filters.activityType ||
    filters.from ||
    filters.to ||
    filters.frameworkCode ||
    filters.status !== 'active',
  )
}
