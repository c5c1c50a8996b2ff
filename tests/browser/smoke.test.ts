import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD, DEMO_LOGINS } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

const MAIN_NAV = 'nav[aria-label="Main"]'

/** The home page sections each demo sign-in should see, beyond "Your tasks". */
const HOME_SECTIONS: Record<string, string[]> = {
  'senior@example.org': ['People you supervise'],
  'principal@example.org': ['People you supervise', 'Your workforce'],
  'admin@example.org': ['Accounts'],
}

async function focusedElement(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement
    return { tag: element?.tagName.toLowerCase(), id: element?.id, text: element?.textContent?.trim() ?? '' }
  })
}

describe.skipIf(!chromiumPath)('browser smoke test', () => {
  const session = useBrowser()

  for (const login of DEMO_LOGINS) {
    it(`${login.role} signs in, reaches every main page from the menu, and signs out`, async () => {
      const page = await session.newPage()
      await signIn(page, login.email, DEFAULT_DEMO_PASSWORD)
      expect(new URL(page.url()).pathname).toBe('/')
      await page.getByRole('heading', { level: 1, name: `Hello, ${login.name.split(' ')[0]}` }).waitFor()
      for (const section of ['Your tasks', ...(HOME_SECTIONS[login.email] ?? [])]) {
        await page.getByRole('heading', { level: 2, name: section }).waitFor()
      }
      await expectNoAxeViolations(page)

      const links = await page
        .locator(`${MAIN_NAV} a`)
        .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')))
      expect(links).toContain('/')
      expect(links).toContain('/account')
      for (const href of links.filter((link) => link !== '/')) {
        await page.locator(`${MAIN_NAV} a[href="${href}"]`).click()
        await page.locator(`${MAIN_NAV} a[href="${href}"][aria-current="page"]`).waitFor()
        expect(new URL(page.url()).pathname).toBe(href)
        // Axe checks each of these pages, and every other page, in every-page.test.ts.
        await page.getByRole('heading', { level: 1 }).waitFor()
      }

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.pathname === '/login')
      await page.getByRole('status').getByText('You have signed out.').waitFor()
      expect(await page.locator(MAIN_NAV).count()).toBe(0)
    })
  }

  it('the sign-in page passes axe', async () => {
    const page = await session.newPage()
    await page.goto('/login')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await expectNoAxeViolations(page)
  })

  it('the sign-in page reflows at 360px without scrolling sideways, and passes axe', async () => {
    const page = await session.newPage({ viewport: { width: 360, height: 740 } })
    await page.goto('/login')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectNoAxeViolations(page)
  })

  it('an unknown address shows "Page not found", which passes axe', async () => {
    const page = await session.newPage()
    const response = await page.goto('/no-such-page')
    expect(response?.status()).toBe(404)
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
    await expectNoAxeViolations(page)
  })

  it('a wrong password is refused, keeping the email, and the error passes axe', async () => {
    const page = await session.newPage()
    await page.goto('/login')
    await page.getByLabel('Email address').fill('ot@example.org')
    await page.getByLabel('Password', { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const summary = page.locator('.error-summary')
    await summary.getByText('Email or password is incorrect').waitFor()
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(await page.getByLabel('Email address').inputValue()).toBe('ot@example.org')
    await expectNoAxeViolations(page)
  })

  it('works with the keyboard alone: skip link first, then sign in', async () => {
    const page = await session.newPage()
    await page.goto('/login')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()

    await page.keyboard.press('Tab')
    expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'Skip to main content' })
    await page.keyboard.press('Enter')
    expect(await focusedElement(page)).toMatchObject({ id: 'main' })

    await page.keyboard.press('Tab')
    expect(await focusedElement(page)).toMatchObject({ id: 'field-email' })
    await page.keyboard.type('apprentice@example.org')
    await page.keyboard.press('Tab')
    expect(await focusedElement(page)).toMatchObject({ id: 'field-password' })
    await page.keyboard.type(DEFAULT_DEMO_PASSWORD)
    await page.keyboard.press('Enter')

    await page.waitForURL((url) => url.pathname === '/')
    await page.getByRole('heading', { level: 1, name: 'Hello, Aisha' }).waitFor()
  })

  it('a mismatched new password shows the error summary, which takes focus and passes axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'senior@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/account')
    await page.getByLabel('Current password', { exact: true }).fill(DEFAULT_DEMO_PASSWORD)
    await page.getByLabel('New password', { exact: true }).fill('tea kettle harbour lantern')
    await page.getByLabel('Confirm new password', { exact: true }).fill('tea kettle harbour lantern 2')
    await page.getByRole('button', { name: 'Change password' }).click()

    const summary = page.locator('.error-summary')
    await summary.getByText('The passwords do not match').waitFor()
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'))
    expect(await page.getByLabel('Confirm new password', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    await expectNoAxeViolations(page)
  })

  it('an OT downloads all their data from their account as a zip, and the page passes axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/account')
    await page.getByRole('link', { name: 'Download all your data' }).click()
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor()
    await expectNoAxeViolations(page)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download your data (zip)' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^personal-data-.+-\d{4}-\d{2}-\d{2}\.zip$/)
    expect((await readFile(await download.path())).subarray(0, 2).toString('latin1')).toBe('PK')
  })
})
