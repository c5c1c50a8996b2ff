import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

// Reads the demo data only: the other browser files share this server and database.

const SECTIONS = ['Who they are', 'CPD log', 'Capability profile', 'Sign-offs', 'Supervision']

describe.skipIf(!chromiumPath)('a person’s record in the browser', () => {
  const session = useBrowser()

  it('the principal OT opens Olivia Bennett’s record from the supervision overview, at desktop and phone widths', async () => {
    const page = await session.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })
    await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/supervision')
    await page
      .getByRole('table', { name: 'Supervisees, with sessions held against those expected' })
      .getByRole('link', { name: 'Olivia Bennett', exact: true })
      .first()
      .click()
    await page.getByRole('heading', { level: 1, name: 'Olivia Bennett' }).waitFor()
    expect(new URL(page.url()).pathname).toMatch(/^\/people\/[0-9a-f-]{36}$/)
    for (const name of SECTIONS) {
      await page.getByRole('region', { name, exact: true }).getByRole('heading', { level: 2, name }).waitFor()
    }
    // The principal OT was in none of Olivia's sessions, so their notes stay with the two people in them.
    const supervision = page.getByRole('region', { name: 'Supervision', exact: true })
    await supervision.getByText('Notes are confidential to the two people in the session.').first().waitFor()
    await supervision.getByRole('link', { name: 'Open the supervision record for Olivia Bennett' }).waitFor()
    // The wheel is drawn once the page is hydrated; check it as people see it.
    await page.locator('.capability-wheel svg').first().waitFor()
    await expectNoAxeViolations(page)

    await page.setViewportSize({ width: 360, height: 800 })
    await page.getByRole('heading', { level: 1, name: 'Olivia Bennett' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await expectNoAxeViolations(page)
  })
})
