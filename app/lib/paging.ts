/** Long lists show this many rows a page: enough to scan, few enough to draw quickly. */
export const LIST_PAGE_SIZE = 100

export interface Page<T> {
  items: T[]
  page: number
  pageCount: number
  total: number
}

/** Reads `?page=` (1 when missing or out of range). */
export function readPageNumber(url: URL): number {
  const page = Number(url.searchParams.get('page'))
  return Number.isInteger(page) && page > 1 ? page : 1
}

/** One page of an already sorted list; a page past the end shows the last one. */
export function pageOf<T>(items: readonly T[], page: number, size: number = LIST_PAGE_SIZE): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / size))
  const current = Math.min(Math.max(1, page), pageCount)
  return { items: items.slice((current - 1) * size, current * size), page: current, pageCount, total: items.length }
}

/** The same address with another page number. */
export function pageLink(search: string, page: number): string {
  const params = new URLSearchParams(search)
  if (page <= 1) params.delete('page')
  else params.set('page', String(page))
  const query = params.toString()
  return query ? `?${query}` : '?'
}
