import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

describe.skipIf(!chromiumPath)('an outgoing message', () => {
  const session = useBrowser()

  it('opens from the outbox, passes axe at both widths, and is sent now by keyboard', async () => {
    const page = await session.newPage()
    await signIn(page, 'admin@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/admin/outbox')
    const first = page.getByRole('region', { name: 'Failed and waiting messages' }).getByRole('link').first()
    await first.click()
    await page.getByRole('heading', { level: 1, name: /^Message to / }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'What the message fills in' }).waitFor()
    await expectNoAxeViolations(page)
    await page.setViewportSize({ width: 360, height: 780 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Send now' }).focus()
    await page.keyboard.press('Enter')
    // Notify is not configured in the tests, so the message goes to the log.
    await page
      .getByRole('status')
      .getByText(/^Written to the log/)
      .waitFor()
    await page.getByText('Written to the log', { exact: true }).waitFor()
    expect(await page.getByRole('button', { name: 'Send now' }).count()).toBe(0)
    await expectNoAxeViolations(page)
  })
})
