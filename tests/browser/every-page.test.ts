import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD, DEMO_LOGINS } from '#scripts/demo/seed'
import { axeViolations, chromiumPath, signIn, useBrowser } from '#tests/support/browser'

const PHONE = { width: 360, height: 780 }
const DESKTOP = { width: 1280, height: 900 }
/** Enough for every kind of page a role can reach; a crawl that reaches this many has found a loop. */
const MAX_PAGES = 60

/** Addresses that are downloads, feeds or actions rather than pages. */
const NOT_PAGES = [/\.(csv|pdf|json|zip)$/, /^\/logout$/, /^\/calendar\//, /^\/evidence\/[^/]+\/files\//]

/**
 * The kind of page an address opens: ids become `:id`, so one entry, person or sign-off stands for all
 * of them, while fixed words (a framework's code, `edit`, `new`) keep pages apart.
 */
function pageKind(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(segment) || /^\d+(\.\d+)*$/.test(segment) ? ':id' : segment))
    .join('/')
}

/** The same-site addresses the page links to, with their query (a link may need one), without fragments. */
async function sameSiteLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a[href^="/"]').evaluateAll((anchors) =>
    anchors.map((anchor) => {
      const { pathname, search } = anchor as HTMLAnchorElement
      return pathname + search
    }),
  )
  return hrefs.filter((href) => !NOT_PAGES.some((pattern) => pattern.test(new URL(href, 'http://x').pathname)))
}

/**
 * What is wrong with the page: sideways scrolling and axe's findings at phone width, and axe's findings at
 * desktop width the first time a kind of page is met (its layout at that width does not change by role).
 */
async function problemsOn(page: Page, checkDesktop: boolean): Promise<string[]> {
  await page.setViewportSize(PHONE)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  const problems = width > PHONE.width ? [`${width} px wide at ${PHONE.width} px`] : []
  problems.push(...(await axeViolations(page)).map((line) => `at ${PHONE.width} px: ${line}`))
  if (checkDesktop) {
    await page.setViewportSize(DESKTOP)
    problems.push(...(await axeViolations(page)).map((line) => `at ${DESKTOP.width} px: ${line}`))
  }
  return problems
}

describe.skipIf(!chromiumPath)('every page, as each role, at 360 px and at 1280 px', () => {
  const session = useBrowser()
  const checkedOnDesktop = new Set<string>()

  for (const login of DEMO_LOGINS) {
    it(
      `${login.role}: every page reached from home fits 360 px and passes axe at both widths`,
      { timeout: 300_000 },
      async () => {
        const page = await session.newPage({ viewport: PHONE })
        await signIn(page, login.email, DEFAULT_DEMO_PASSWORD)

        const seen = new Set<string>([pageKind('/')])
        const queue = ['/']
        const found: Record<string, string[]> = {}
        const visited: string[] = []
        while (queue.length > 0 && visited.length < MAX_PAGES) {
          const address = queue.shift()!
          const response = await page.goto(address)
          visited.push(address)
          if ((response?.status() ?? 500) >= 400) {
            found[address] = [`answered ${response?.status()}`]
            continue
          }
          await page.getByRole('heading', { level: 1 }).first().waitFor()
          const kind = pageKind(new URL(page.url()).pathname)
          const problems = await problemsOn(page, !checkedOnDesktop.has(kind))
          checkedOnDesktop.add(kind)
          if (problems.length > 0) found[address] = problems
          for (const href of await sameSiteLinks(page)) {
            const linked = pageKind(new URL(href, page.url()).pathname)
            if (seen.has(linked)) continue
            seen.add(linked)
            queue.push(href)
          }
        }

        expect(found, `pages visited: ${visited.join(', ')}`).toEqual({})
        expect(visited.length, 'the crawl stopped at its limit').toBeLessThan(MAX_PAGES)
        // Every role reaches more than its home and account pages.
        expect(visited.length).toBeGreaterThan(4)
      },
    )
  }
})

describe.skipIf(!chromiumPath)('long words at 360 px', () => {
  const session = useBrowser()

  it('an entry whose title is 200 characters without a space fits the entry, edit and list pages', async () => {
    const page = await session.newPage({ viewport: PHONE })
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    const title = `Reflection${'x'.repeat(190)}`
    await page.goto('/evidence/new')
    await page.getByLabel('Title').fill(title)
    await page.getByRole('button', { name: 'Save as draft' }).click()
    await page.getByRole('status').getByText('Saved as a draft').waitFor()
    await page
      .getByLabel('Add a file')
      .setInputFiles({ name: `${'notes'.repeat(20)}.txt`, mimeType: 'text/plain', buffer: Buffer.from('Notes') })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page
      .getByRole('status')
      .getByText(/^Added /)
      .waitFor()
    const entry = new URL(page.url()).pathname

    for (const address of [entry, `${entry}/edit`, '/evidence', `/evidence?q=Reflection`]) {
      await page.goto(address)
      await page.getByRole('heading', { level: 1 }).first().waitFor()
      expect(await problemsOn(page, false), address).toEqual([])
    }
  })
})
