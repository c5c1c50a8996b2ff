import { Flex, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { pageLink } from '#app/lib/paging'

/** Previous and next links with where the reader is; nothing when everything fits on one page. */
export function Pager({
  label,
  search,
  page,
  pageCount,
  total,
  size,
}: {
  label: string
  search: string
  page: number
  pageCount: number
  total: number
  size: number
}) {
  if (pageCount <= 1) return null
  const first = (page - 1) * size + 1
  const last = Math.min(total, page * size)
  return (
    <nav aria-label={label} className="pager">
      <Flex gap="4" align="center" wrap="wrap" my="3">
        <Text size="2">
          {first.toLocaleString('en-GB')}–{last.toLocaleString('en-GB')} of {total.toLocaleString('en-GB')}
        </Text>
        {page > 1 ? (
          <ThemeLink asChild>
            <Link to={pageLink(search, page - 1)} className="target-24">
              Previous page
            </Link>
          </ThemeLink>
        ) : null}
        {page < pageCount ? (
          <ThemeLink asChild>
            <Link to={pageLink(search, page + 1)} className="target-24">
              Next page
            </Link>
          </ThemeLink>
        ) : null}
      </Flex>
    </nav>
  )
}
