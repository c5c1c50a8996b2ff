import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { formatUkDate, todayInLondon } from '#app/lib/dates'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

// The demo OT's capabilities. Other browser files share this server and database, so the test adds one
// self-mapping of its own and looks only for what it added.

/** The wheel fits the page, and its pillar names sit inside the drawing without overlapping one another. */
async function expectReadableWheel(page: Page) {
  const wheel = page.getByRole('img', { name: /Career development wheel/ })
  await wheel.waitFor()
  const layout = await wheel.evaluate((svg) => {
    const frame = svg.getBoundingClientRect()
    const names = [...svg.querySelectorAll('text[font-weight="600"]')].map((t) => t.getBoundingClientRect())
    return {
      frame: { left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom, width: frame.width },
      names: names.map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height })),
      viewport: window.innerWidth,
    }
  })
  expect(layout.names).toHaveLength(4)
  expect(layout.frame.right).toBeLessThanOrEqual(layout.viewport)
  for (const name of layout.names) {
    expect(name.left).toBeGreaterThanOrEqual(layout.frame.left - 0.5)
    expect(name.right).toBeLessThanOrEqual(layout.frame.right + 0.5)
    expect(name.top).toBeGreaterThanOrEqual(layout.frame.top - 0.5)
    expect(name.bottom).toBeLessThanOrEqual(layout.frame.bottom + 0.5)
  }
  for (let i = 0; i < layout.names.length; i += 1) {
    for (let j = i + 1; j < layout.names.length; j += 1) {
      const [a, b] = [layout.names[i]!, layout.names[j]!]
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top
      expect(apart, `pillar names ${i} and ${j} overlap`).toBe(true)
    }
  }
  // Large enough to read on a phone: each line of a name at least 12 CSS pixels high.
  for (const name of layout.names) expect(name.height).toBeGreaterThanOrEqual(12)
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

describe.skipIf(!chromiumPath)('my capabilities in the browser', () => {
  const session = useBrowser()

  it('shows the wheel and the table at desktop and phone widths, readable and accessible', async () => {
    const page = await session.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/capabilities')
    await page.getByRole('heading', { level: 1, name: 'My capabilities' }).waitFor()
    await expectReadableWheel(page)
    await page.getByRole('columnheader', { name: 'Self-mapped' }).first().waitFor()
    expect(await noSidewaysScroll(page)).toBe(true)
    await expectNoAxeViolations(page)

    await page.setViewportSize({ width: 360, height: 800 })
    await page.getByRole('heading', { level: 1, name: 'My capabilities' }).waitFor()
    await expectReadableWheel(page)
    expect(await noSidewaysScroll(page)).toBe(true)
    // With a domain's form open, too.
    await page.locator('details.self-mapping-domain > summary').first().click()
    expect(await noSidewaysScroll(page)).toBe(true)
    await expectNoAxeViolations(page)
  })

  it('records a self-mapping with the keyboard alone and confirms what was saved', async () => {
    const page = await session.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/capabilities')
    const rationale = `Browser check ${Date.now()}: I present our audit of seating outcomes to the team.`
    const summary = page.locator('details.self-mapping-domain > summary', {
      hasText: 'Evidence, Research and Development',
    })
    await summary.focus()
    await page.keyboard.press('Enter')
    const level = page.getByLabel('Level you map yourself at in Evidence, Research and Development')
    await level.waitFor()
    await page.keyboard.press('Tab')
    await expect.poll(() => level.evaluate((el) => el === document.activeElement)).toBe(true)
    // A closed native select takes typed text as a search of its options.
    await page.keyboard.type('Level 7')
    expect(await level.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text)).toBe('Level 7')
    const form = level.locator('xpath=ancestor::form')
    expect(await form.getByLabel('Date of this mapping').inputValue()).toBe(todayInLondon())
    const text = form.getByLabel('Why this level')
    for (let i = 0; i < 8 && !(await text.evaluate((el) => el === document.activeElement)); i += 1) {
      await page.keyboard.press('Tab')
    }
    await page.keyboard.type(rationale)
    await page.keyboard.press('Tab')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toMatch(/^Save self-mapping/)
    await page.keyboard.press('Enter')

    await page
      .getByRole('status')
      .getByText(
        `Self-mapping saved: Evidence, Research and Development at Level 7, dated ${formatUkDate(todayInLondon())}.`,
      )
      .waitFor()
    const saved = page.locator('details.self-mapping-domain[open]', { hasText: 'Evidence, Research and Development' })
    await saved.getByText(rationale).waitFor()
    await expect.poll(() => saved.locator('summary').textContent()).toMatch(/Level 7, mapped/)
    await expectNoAxeViolations(page)
  })
})
