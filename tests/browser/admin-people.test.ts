import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

const PHONE = { width: 360, height: 780 }
const DESKTOP = { width: 1280, height: 900 }
const NEW_PASSWORD = 'lantern orchard pebble violin'

/** Axe at desktop width and at phone width, and no sideways scrolling on a phone; back to desktop after. */
async function checkBothWidths(page: Page): Promise<void> {
  await page.setViewportSize(DESKTOP)
  await expectNoAxeViolations(page)
  await page.setViewportSize(PHONE)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
  await expectNoAxeViolations(page)
  await page.setViewportSize(DESKTOP)
}

const flash = (page: Page, text: string | RegExp) => page.getByRole('status').getByText(text).first().waitFor()

describe.skipIf(!chromiumPath)('people and teams administration', () => {
  const session = useBrowser()

  it('adds a person by keyboard, changes them, issues a reset link they use, and deactivates them', async () => {
    const page = await session.newPage({ viewport: DESKTOP })
    await signIn(page, 'admin@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/admin/users')
    await page.getByRole('link', { name: 'Add a person' }).click()
    await page.getByRole('heading', { level: 1, name: 'Add a person' }).waitFor()
    await checkBothWidths(page)

    // A refused save keeps what was typed and says what is wrong beside the field.
    const email = `browser.${Date.now()}@example.org`
    await page.getByLabel('Name', { exact: true }).fill('Bea Browser')
    await page.getByLabel('Work email').fill(email)
    await page.getByLabel('Start date (optional)').fill('2026-09-01')
    await page.getByLabel('Leaving date (optional)').fill('2026-08-01')
    await page.getByRole('button', { name: 'Add person' }).click()
    await page.getByText('The leaving date must be on or after the start date').first().waitFor()
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Bea Browser')
    await expectNoAxeViolations(page)

    await page.getByLabel('Leaving date (optional)').fill('')
    await page.getByRole('checkbox', { name: /Supervisor/ }).check()
    await page.getByRole('button', { name: 'Add person' }).focus()
    await page.keyboard.press('Enter')
    await flash(page, /^Bea Browser added/)
    await page.getByRole('heading', { level: 1, name: 'Bea Browser' }).waitFor()
    await checkBothWidths(page)

    await page.getByLabel('Name', { exact: true }).fill('Bea Browserson')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await flash(page, 'Saved Bea Browserson’s name.')

    // Email is not configured in the tests, so the link is shown here once.
    await page.getByRole('button', { name: 'Issue a reset link' }).click()
    const link = await page.getByLabel('Reset link').inputValue()
    expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/)
    await expectNoAxeViolations(page)

    const person = await session.newPage({ viewport: PHONE })
    await person.goto(link)
    await person.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor()
    await expectNoAxeViolations(person)
    await person.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await person.getByLabel('Confirm new password').fill(NEW_PASSWORD)
    await person.getByRole('button', { name: 'Set password' }).click()
    await flash(person, /^Your new password is set/)
    await signIn(person, email, NEW_PASSWORD)
    await person.goto(link)
    await person.getByRole('heading', { level: 1, name: 'This link has already been used' }).waitFor()
    await expectNoAxeViolations(person)

    await page.reload()
    await page.getByRole('button', { name: 'Deactivate account' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Deactivate Bea Browserson’s account?' })
    await dialog.waitFor()
    await expectNoAxeViolations(page)
    await dialog.getByRole('button', { name: 'Yes, deactivate' }).click()
    await flash(page, /deactivated and signed out everywhere/)
    await page.getByRole('button', { name: 'Reactivate account' }).waitFor()

    // Their open session has ended.
    await person.goto('/')
    await person.waitForURL((url) => url.pathname === '/login')
  })

  it('lists teams with their people, adds, renames, archives and restores one', async () => {
    const page = await session.newPage({ viewport: DESKTOP })
    await signIn(page, 'admin@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/admin/teams')
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor()
    await checkBothWidths(page)

    const name = `Browser team ${Date.now()}`
    await page.getByLabel('Team name').focus()
    await page.keyboard.type(name)
    await page.keyboard.press('Enter')
    await flash(page, `Team ${name} added.`)
    const row = () => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
    await row().waitFor()

    await row()
      .getByRole('link', { name: /^Rename/ })
      .click()
    await page.getByLabel('New name').fill(`${name} renamed`)
    await page.getByRole('button', { name: 'Rename team' }).click()
    await flash(page, `Team renamed to ${name} renamed.`)

    const renamed = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${name} renamed` }) })
    await renamed.getByRole('button', { name: `Archive ${name} renamed` }).click()
    const dialog = page.getByRole('alertdialog', { name: `Archive ${name} renamed?` })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Yes, archive' }).click()
    await flash(page, /^Team archived/)
    await renamed.getByText(/^Archived/).waitFor()
    await checkBothWidths(page)

    // An archived team is not offered to new people.
    await page.goto('/admin/users/new')
    expect(await page.getByLabel('Team', { exact: true }).locator('option').allTextContents()).not.toContain(
      `${name} renamed`,
    )

    await page.goto('/admin/teams')
    await renamed.getByRole('button', { name: `Restore ${name} renamed` }).click()
    await flash(page, /^Team restored/)
  })
})
