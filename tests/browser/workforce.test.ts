import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

// Reads the demo data only: the other browser files share this server and database.

const SECTIONS = [
  'Capability coverage',
  'Supervision compliance',
  'Nobody supervising them',
  'Sign-off backlog',
  'HCPC registration',
  'Apprenticeship pipeline',
  'CPD activity',
  'Trends',
]

describe.skipIf(!chromiumPath)('the workforce dashboard in the browser', () => {
  const session = useBrowser()

  it('the principal OT opens it from the navigation and drills from a coverage cell into the matrix', async () => {
    const page = await session.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })
    await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation').getByRole('link', { name: 'Workforce', exact: true }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Workforce' }).waitFor()
    for (const name of SECTIONS) {
      await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
    }
    // Charts are drawn once the page is hydrated; check the page as people see it.
    await page.locator('.recharts-surface').first().waitFor()
    await expectNoAxeViolations(page)
    // The demo service's history: twelve months of supervision compliance, this month's live.
    const months = page.getByRole('table', { name: 'Share of people supervised on schedule, by month' })
    expect(await months.getByRole('row').count()).toBe(13)
    await months.getByRole('row').last().getByRole('cell', { name: 'Today', exact: true }).waitFor()

    await page.setViewportSize({ width: 360, height: 800 })
    await page.getByRole('heading', { level: 1, name: 'Workforce' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await expectNoAxeViolations(page)

    await page.setViewportSize({ width: 1280, height: 900 })
    // Other browser files may publish another framework; choose RCOT with the filter form, as a person would.
    await page.getByLabel('Framework').selectOption('rcot-cdf')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL((address) => address.searchParams.get('framework') === 'rcot-cdf')
    const cell = page
      .getByRole('region', { name: 'Capability coverage', exact: true })
      .getByRole('link', { name: /Show who has a gap$/ })
      .first()
    await cell.click()
    await page.waitForURL((address) => address.pathname === '/workforce/capability')
    await page.getByRole('heading', { level: 1, name: 'Workforce capability' }).waitFor()
    const url = new URL(page.url())
    expect(url.pathname).toBe('/workforce/capability')
    expect(url.searchParams.get('gaps')).toBe('1')
  })
})
