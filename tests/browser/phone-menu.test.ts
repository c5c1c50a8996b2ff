import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

const phone = { viewport: { width: 360, height: 780 } }

describe.skipIf(!chromiumPath)('the main menu on a phone', () => {
  const session = useBrowser()

  it('folds behind a Menu button, opens by keyboard, and closes on the next page', async () => {
    const page = await session.newPage(phone)
    await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/frameworks')
    const menu = page.getByRole('button', { name: 'Menu' })
    await menu.waitFor()
    const nav = page.getByRole('navigation', { name: 'Main' })
    expect(await nav.isVisible()).toBe(false)
    // The page's own heading starts near the top instead of below a long list of links.
    const heading = await page.getByRole('heading', { level: 1 }).boundingBox()
    expect(heading!.y).toBeLessThan(220)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await expectNoAxeViolations(page)

    await menu.focus()
    await page.keyboard.press('Enter')
    await nav.waitFor()
    expect(await page.getByRole('button', { name: 'Close menu' }).getAttribute('aria-expanded')).toBe('true')
    await expectNoAxeViolations(page)
    await nav.getByRole('link', { name: 'Sign-offs' }).click()
    await page.getByRole('heading', { level: 1, name: 'Sign-offs' }).waitFor()
    await nav.waitFor({ state: 'hidden' })
  })

  it('is always open on a wide screen, and on a phone without JavaScript', async () => {
    const wide = await session.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(wide, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await wide.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CPD log' }).waitFor()
    expect(await wide.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false)

    const plain = await session.newPage({ ...phone, javaScriptEnabled: false })
    await signIn(plain, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await plain.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CPD log' }).click()
    await plain.getByRole('heading', { level: 1, name: 'Your CPD log' }).waitFor()
  })
})
