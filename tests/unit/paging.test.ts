import { describe, expect, it } from 'vitest'
import { pageLink, pageOf, readPageNumber } from '#app/lib/paging'

describe('paging a long list', () => {
  const items = Array.from({ length: 250 }, (_, i) => i)

  it('cuts pages of the given size and keeps the reader inside the list', () => {
    expect(pageOf(items, 1, 100)).toMatchObject({ page: 1, pageCount: 3, total: 250 })
    expect(pageOf(items, 3, 100).items).toEqual(items.slice(200))
    expect(pageOf(items, 9, 100).page).toBe(3)
    expect(pageOf([], 1, 100)).toEqual({ items: [], page: 1, pageCount: 1, total: 0 })
  })

  it('reads the page from the address and writes it back beside the other filters', () => {
    expect(readPageNumber(new URL('http://x/?page=2'))).toBe(2)
    expect(readPageNumber(new URL('http://x/?page=-4'))).toBe(1)
    expect(readPageNumber(new URL('http://x/?page=abc'))).toBe(1)
    expect(pageLink('?team=north&page=2', 3)).toBe('?team=north&page=3')
    expect(pageLink('?team=north&page=2', 1)).toBe('?team=north')
  })
})
